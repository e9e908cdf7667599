from django.urls import path

from . import views

app_name = "banner"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>.xlsx", views.export, name="export"),
    path("<slug:slug>/<int:year>/<str:code>/", views.records, name="records"),
]
