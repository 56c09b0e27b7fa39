"""Channels into the one intake function: text messages (sms/) and the automated phone line (voice/).

Each channel is one small adapter package over the same catalog, knowledge base and `file_request`;
what the channels share (status in plain words, the service menu, the contact centre's hours, webhook
signatures) lives here. See docs/adding-a-channel.md.
"""
