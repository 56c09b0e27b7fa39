import factory

from civicdesk.departments.tests.factories import DepartmentFactory
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.service_requests.tests.factories import ServiceRequestFactory
from tools.fake_department import STATUS_MAPPING


class IntegrationFactory(factory.django.DjangoModelFactory[Integration]):
    class Meta:
        model = Integration

    name = "Riverton Animal Control"
    slug = factory.Sequence(lambda n: f"animal-control-{n}")
    department = factory.SubFactory(DepartmentFactory)
    adapter = "webhook"
    settings = factory.LazyFunction(lambda: {"url": "http://127.0.0.1:9/webhook"})
    secret = "animal-control-shared-secret"
    status_mapping = factory.LazyFunction(lambda: dict(STATUS_MAPPING))


class DeliveryFactory(factory.django.DjangoModelFactory[Delivery]):
    class Meta:
        model = Delivery

    request = factory.SubFactory(ServiceRequestFactory)
    integration = factory.SubFactory(IntegrationFactory)
