import factory

from civicdesk.departments.models import BusinessHours, Department, Holiday, Team


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.LazyAttribute(lambda obj: f"Department {obj.code.upper()}")
    email = factory.LazyAttribute(lambda obj: f"{obj.code}@city.example")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Crew {n}")


class BusinessHoursFactory(factory.django.DjangoModelFactory[BusinessHours]):
    class Meta:
        model = BusinessHours


class HolidayFactory(factory.django.DjangoModelFactory[Holiday]):
    class Meta:
        model = Holiday

    name = "Holiday"
