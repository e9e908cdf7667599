"""Access for the portals (deny by default, domain.md §3).

A portal view names the role it serves with one of these decorators. An
object outside the user's reach must answer 404 (``get_object_or_404`` on a
queryset already scoped to the user), never 403: no existence leak.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .roles import Role, has_role, is_staff_member


def role_required(*roles: Role, allow_staff: bool = False):
    """Signed-in users holding one of ``roles`` (or staff when ``allow_staff``); others sign in or get 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if any(has_role(user, role) for role in roles) or (allow_staff and is_staff_member(user)):
                return view(request, *args, **kwargs)
            raise Http404

        return wrapper

    return decorator


def deputy_required(view):
    """A signed-in deputy whose account is linked to a deputy of the roster; sets ``request.deputy``."""

    @role_required(Role.DEPUTY)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        deputy = getattr(request.user, "deputy", None)
        if deputy is None:
            raise Http404
        request.deputy = deputy
        return view(request, *args, **kwargs)

    return wrapper


# Presidium staff and members (``roles.is_presidium``), outside the admin: they see every record.
presidium_required = role_required(Role.STAFF, Role.MEMBER, allow_staff=True)
