from django.urls import path

from civicdesk.intake.chat import consumers

websocket_urlpatterns = [
    path("ws/chat/", consumers.ResidentChatConsumer.as_asgi()),
    path("ws/staff/chats/", consumers.StaffChatConsumer.as_asgi()),
]
