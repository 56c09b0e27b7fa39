import factory
from django.utils import timezone

from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.models import ReporterContact, ServiceRequest
from civicdesk.service_requests.public_ids import new_public_id


class ServiceRequestFactory(factory.django.DjangoModelFactory[ServiceRequest]):
    """A request written straight to the table, for tests that need one in a given state."""

    class Meta:
        model = ServiceRequest

    public_id = factory.LazyFunction(new_public_id)
    service = factory.SubFactory(ServiceTypeFactory)
    description = "Deep pothole in the right lane"
    lat = 41.85
    lon = -87.65
    channel = Channel.WEB
    status = Status.NEW
    department = factory.LazyAttribute(lambda obj: obj.service.default_department)
    requested_at = factory.LazyFunction(timezone.now)


class ReporterContactFactory(factory.django.DjangoModelFactory[ReporterContact]):
    class Meta:
        model = ReporterContact

    request = factory.SubFactory(ServiceRequestFactory)
    first_name = "Rosa"
    last_name = "Resident"
    email = "rosa@example.org"
    phone = "+13125550100"
