from django.urls import path

from civicdesk.opendata import views

app_name = "opendata"
urlpatterns = [
    path("open-data/requests.csv", views.requests_csv, name="requests_csv"),
]
