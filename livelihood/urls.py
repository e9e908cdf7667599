from django.urls import path

from . import views

app_name = "livelihood"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/vote/", views.vote_result, name="vote_result"),
    path("p/<int:pk>/", views.project, name="project"),
]
