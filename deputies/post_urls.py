"""履职动态 at /posts/: the public list and pages, sharing, and the deputy's proposals."""

from django.urls import path

from . import post_views as views

app_name = "posts"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/share.jpg", views.share_image, name="share_image"),
    path("<int:pk>/qr.svg", views.qr_svg, name="qr_svg"),
    path("<int:pk>/card/", views.card, name="card"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.propose, name="propose"),
]
