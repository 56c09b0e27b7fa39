import factory

from civicdesk.accounts.models import Role, User


class StaffFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Sam"
    last_name = "Staff"
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@city.example")
    role = Role.CALL_TAKER
    password = factory.django.Password("correct horse battery staple")
