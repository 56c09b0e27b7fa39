from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    CALL_TAKER = "call_taker", "Call-taker"
    DEPARTMENT_STAFF = "department_staff", "Department staff"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMINISTRATOR = "administrator", "Administrator"
    # Residents who sign in by email link to see their requests: never staff, no password.
    RESIDENT = "resident", "Resident"


class User(AbstractUser):
    """A member of city staff, or a resident who signed in by email link (role resident, never staff)."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CALL_TAKER)
    departments = models.ManyToManyField(
        "departments.Department", blank=True, related_name="staff",
        help_text="Department staff see and work only these departments' requests.",
    )
    phone = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username
