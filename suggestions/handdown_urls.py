"""The banner's hand-down pages, under /banner/handdowns/ (office/urls.py)."""

from django.urls import path

from . import handdown_views as views

app_name = "handdowns"
urlpatterns = [
    path("", views.follow, name="follow"),
    path("new/", views.hand_down, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
]
