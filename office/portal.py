"""Where a signed-in user lands, and the portal home of deputies and handling units.

After signing in a deputy or a handling unit lands on the portal home, which
shows what needs them; presidium staff and members land on the admin. The
portal home shows only the signed-in user's own items (office.overview
scopes every read to the user).
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from congress.access import role_required
from congress.accounts import signin
from congress.cache import personal_page
from congress.roles import Role, has_role
from deputies.forms import ReceptionLogForm
from suggestions.opinions.selectors import waiting_count

from . import overview


def has_portal(user) -> bool:
    """Deputies and handling units work in the portal; everyone else has no portal home."""
    return has_role(user, Role.DEPUTY) or has_role(user, Role.UNIT)


def landing_url(user) -> str:
    """Where a user goes after signing in: staff and presidium members (admin users) to the admin,
    deputies and units to the portal, anyone else to the home page."""
    if user.is_staff:
        return reverse("admin:index")
    if has_portal(user):
        return reverse("portal")
    return reverse("home")


class SignInView(auth_views.LoginView):
    """The site's sign-in page (mobile first); without a ``next`` it sends the user where they work."""

    redirect_authenticated_user = True
    authentication_form = signin.SignInForm

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password: asked for at the first sign-in with a slip's one-time password, then
    back where the user was going (``next``), else the page saying it is done."""

    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["must_change"] = bool(self.request.session.get(signin.MUST_CHANGE))
        context["next"] = self._next()
        return context

    def _next(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if safe else ""

    def form_valid(self, form):
        response = super().form_valid(form)
        signin.password_changed(self.request)
        if self._next():
            messages.success(self.request, _("Your new password is set. Use it from now on."))
            return redirect(self._next())
        return response


@role_required(Role.DEPUTY, Role.UNIT, Role.MEMBER, allow_staff=True)
@personal_page
def home(request):
    """The portal home: for a deputy, replies to rate, activities ahead, suggestions, duty record and the
    reception log; for a handling unit, the items it is handling. Staff without a portal go to the admin."""
    user = request.user
    if not has_portal(user):
        return redirect("admin:index")
    notifications, unread = overview.latest_notifications(user)
    context = {"notifications": notifications, "unread": unread, "deputy": None, "units": None}
    if has_role(user, Role.DEPUTY):
        deputy = getattr(user, "deputy", None)
        context["deputy_role"] = True
        if deputy is not None:
            suggestions, suggestion_count = overview.latest_suggestions(deputy)
            context.update(
                {
                    "deputy": deputy,
                    "to_rate": overview.replies_to_rate(deputy),
                    "upcoming": overview.upcoming_activities(deputy),
                    "suggestions": suggestions,
                    "suggestion_count": suggestion_count,
                    "duty": overview.duty_summary(deputy),
                    # 待回复的社情民意: opinions voters addressed to the deputy that nobody has acted on.
                    "opinions_waiting": waiting_count(deputy),
                    "my_posts": overview.post_summary(deputy),
                    # ISO text: a date input shows only YYYY-MM-DD, not the localized 2026/11/30.
                    "reception_form": ReceptionLogForm(
                        deputy=deputy, initial={"date": timezone.localdate().isoformat()}
                    ),
                }
            )
    if has_role(user, Role.UNIT):
        context.update(
            {
                "units": list(user.handling_units.all()),
                "open_items": overview.unit_open_items(user),
                "done_count": overview.unit_done_count(user),
            }
        )
    return render(request, "congress/portal/home.html", context)
