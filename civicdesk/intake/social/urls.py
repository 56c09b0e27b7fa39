from django.urls import path

from civicdesk.intake.social import views
from civicdesk.intake.social.models import PostKind

urlpatterns = [
    path("requests/<str:public_id>/reply/", views.reply, name="social_reply"),
    path("requests/<str:public_id>/message/", views.message, name="social_message"),
    # Staff looked on X for an answer X never confirmed (named after the answer form's action).
    path("requests/<str:public_id>/reply/checked-on-x/", views.checked_on_x, {"kind": PostKind.MENTION},
         name="social_reply_checked"),
    path("requests/<str:public_id>/message/checked-on-x/", views.checked_on_x, {"kind": PostKind.DIRECT_MESSAGE},
         name="social_message_checked"),
]
