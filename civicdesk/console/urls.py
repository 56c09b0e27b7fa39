from django.urls import path

from civicdesk.console import views

app_name = "console"

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
    path("queue/", views.queue, name="queue"),
    path("queue/map.json", views.queue_map, name="queue_map"),
    path("queue/bulk/", views.bulk, name="bulk"),
    path("requests/<str:public_id>/", views.request_page, name="request"),
    path("requests/<str:public_id>/<str:action>/", views.request_action, name="request_action"),
]
