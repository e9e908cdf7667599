from django.urls import path

from . import views
from .documents import views as documents

app_name = "suggestions"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("mine/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("unit/", views.unit_inbox, name="unit_inbox"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/contact/", views.unit_contact, name="unit_contact"),
    path("unit/<int:pk>/reply/", views.unit_reply, name="unit_reply"),
    path("unit/<int:pk>/opinion/", views.unit_opinion, name="unit_opinion"),
    path("unit/<int:pk>/return/", views.unit_return, name="unit_return"),
    path("unit/<int:pk>/documents/<str:kind>/", documents.unit_document, name="unit_document"),
    path("results/", views.public_results, name="public_results"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("replies/<int:pk>/attachment/", views.reply_attachment, name="reply_attachment"),
]
