"""Every resident channel's webhooks under /intake/: one include per adapter package."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "intake"

urlpatterns: list[URLPattern | URLResolver] = [
    path("sms/", include("civicdesk.intake.sms.urls")),
    path("voice/", include("civicdesk.intake.voice.urls")),
    path("social/", include("civicdesk.intake.social.urls")),
    path("email/", include("civicdesk.intake.email.urls")),
]
