import factory

from civicdesk.contacts.models import Contact, Outcome
from civicdesk.service_requests.choices import Channel


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    """A question answered on the phone, unless told otherwise."""

    class Meta:
        model = Contact

    channel = Channel.PHONE
    outcome = Outcome.ANSWERED
    summary = "When is bulk trash pickup?"
    language = "en"
