"""社情民意 at /opinions/: the public form and lookup, and the addressed deputy's inbox."""

from django.urls import path

from . import views

app_name = "opinions"
urlpatterns = [
    path("new/", views.new, name="new"),
    path("thanks/", views.thanks, name="thanks"),
    path("lookup/", views.lookup, name="lookup"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("mine/<int:pk>/answer/", views.answer, name="answer"),
    path("mine/<int:pk>/pass/", views.pass_to_staff, name="pass_to_staff"),
]
