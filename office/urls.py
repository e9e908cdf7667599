"""The root URLconf: the top assembles every app's pages (docs/architecture.md)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from congress import protected_media

from . import portal, views

urlpatterns = [
    path("", views.home, name="home"),
    path("townships/", views.townships, name="townships"),
    path("accounts/login/", portal.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", portal.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "files/<slug:app_label>/<slug:model_name>/<int:pk>/<slug:field>/",
        protected_media.serve,
        name="protected_file",
    ),
    path("portal/", portal.home, name="portal"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("banner/", include("office.banner.urls")),
    path("deputies/", include("deputies.urls")),
    path("posts/", include("deputies.post_urls")),
    path("suggestions/", include("suggestions.urls")),
    path("opinions/", include("suggestions.opinions.urls")),
    path("projects/", include("livelihood.urls")),
    path("banner/handdowns/", include("suggestions.handdown_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
