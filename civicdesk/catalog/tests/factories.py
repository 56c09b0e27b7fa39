import factory

from civicdesk.catalog.models import QuestionValue, ServiceQuestion, ServiceType
from civicdesk.departments.tests.factories import DepartmentFactory


class ServiceTypeFactory(factory.django.DjangoModelFactory[ServiceType]):
    class Meta:
        model = ServiceType
        django_get_or_create = ("service_code",)

    service_code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.LazyAttribute(lambda obj: obj.service_code.replace("-", " ").title())
    group = "Streets"
    default_department = factory.SubFactory(DepartmentFactory)
    sla_amount = 3


class ServiceQuestionFactory(factory.django.DjangoModelFactory[ServiceQuestion]):
    class Meta:
        model = ServiceQuestion

    service = factory.SubFactory(ServiceTypeFactory)
    code = factory.Sequence(lambda n: f"question{n}")
    prompt = factory.LazyAttribute(lambda obj: f"What about {obj.code}?")


class QuestionValueFactory(factory.django.DjangoModelFactory[QuestionValue]):
    class Meta:
        model = QuestionValue

    question = factory.SubFactory(ServiceQuestionFactory)
    key = factory.Sequence(lambda n: f"value{n}")
    name = factory.LazyAttribute(lambda obj: obj.key.title())
