from django.urls import path

from civicdesk.console import call_views, sign_in, supervisor_views, views
from civicdesk.intake.chat import views as chat_views
from civicdesk.routing import admin_views as routing_admin_views

app_name = "console"

urlpatterns = [
    path("login/", sign_in.sign_in, name="login"),
    path("login/code/", sign_in.two_factor, name="two_factor"),
    path("login/two-factor-setup/", sign_in.enroll, name="two_factor_enroll"),
    path("logout/", sign_in.sign_out, name="logout"),
    path("queue/", views.queue, name="queue"),
    path("queue/map.json", views.queue_map, name="queue_map"),
    path("queue/bulk/", views.bulk, name="bulk"),
    path("requests/<str:public_id>/", views.request_page, name="request"),
    path("requests/<str:public_id>/<str:action>/", views.request_action, name="request_action"),
    path("supervisor/", supervisor_views.supervisor, name="supervisor"),
    path("supervisor/metrics/", supervisor_views.supervisor_metrics, name="supervisor_metrics"),
    path("admin/routing-test/", routing_admin_views.routing_test, name="routing_test"),
    path("calls/", call_views.call, name="call"),
    path("calls/start/", call_views.call_start, name="call_start"),
    path("calls/questions/", call_views.call_questions, name="call_questions"),
    path("calls/answered/", call_views.call_answered, name="call_answered"),
    path("calls/status-given/", call_views.call_status_given, name="call_status_given"),
    path("calls/file/", call_views.call_file, name="call_file"),
    path("chats/", chat_views.chats, name="chats"),
]
