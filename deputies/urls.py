from django.urls import path

from . import views

app_name = "deputies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("home/", views.homes, name="homes"),
    path("me/", views.my_record, name="my_record"),
    path("me/receptions/new/", views.log_reception, name="log_reception"),
    path("me/activities/<int:pk>/reply/", views.reply_to_invitation, name="reply_to_invitation"),
    path("records/", views.records, name="records"),
    path("records/<int:pk>/<int:year>/", views.record, name="record"),
    path("records/<int:year>.xlsx", views.records_export, name="records_export"),
    path("activities/<int:pk>/document/", views.activity_document, name="activity_document"),
    path("<int:pk>/code/", views.code_card, name="code_card"),
    path("<int:pk>/code.svg", views.code_svg, name="code_svg"),
    path("me/code/", views.my_code_card, name="my_code_card"),
]
