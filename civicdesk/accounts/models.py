from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


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


class SignInStep(models.TextChoices):
    """What a sign-in record is about: a step of staff sign-in, or an event around it."""

    PASSWORD = "password", "Password"
    CODE = "code", "Two-factor code"
    ENROLL = "enroll", "Two-factor enrollment"
    LOCKED_OUT = "locked_out", "Refused: locked out"
    SIGN_OUT = "sign_out", "Signed out"
    TIMED_OUT = "timed_out", "Signed out: session timed out"
    UNLOCK = "unlock", "Unlocked by an administrator"
    TWO_FACTOR_RESET = "two_factor_reset", "Two-factor reset by an administrator"


class SignInAttempt(models.Model):
    """One line of the staff sign-in record: kept in the database so every web worker sees the same lockouts.

    `username` is what was typed (the attempt may be for a username that does not exist), so lockouts
    never depend on, or reveal, whether an account exists.
    """

    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    step = models.CharField(max_length=32, choices=SignInStep.choices)
    succeeded = models.BooleanField(default=False)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at", "-pk")
        indexes = [models.Index(fields=("username", "at"), name="sign_in_username_at")]
        verbose_name = "sign-in record"

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.username} {self.get_step_display()} {outcome} at {self.at:%Y-%m-%d %H:%M:%S}"
