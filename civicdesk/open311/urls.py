from django.urls import re_path

from civicdesk.open311 import views

FMT = r"\.(?P<fmt>json|xml)$"
app_name = "open311"
urlpatterns = [
    re_path(r"^open311/$", views.documentation, name="documentation"),
    re_path(r"^open311/v2/openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^open311/discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^open311/v2/services" + FMT, views.service_list, name="services"),
    re_path(r"^open311/v2/services/(?P<code>[^/]+?)" + FMT, views.service_detail, name="service"),
    re_path(r"^open311/v2/requests" + FMT, views.request_list, name="requests"),
    re_path(r"^open311/v2/requests/(?P<request_id>[^/]+?)" + FMT, views.request_detail, name="request"),
    re_path(r"^open311/v2/tokens/(?P<token>[^/]+?)" + FMT, views.token_detail, name="token"),
    re_path(r"^open311/v2/servicerequestupdates" + FMT, views.updates, name="updates"),
]
