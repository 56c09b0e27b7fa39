from django.db import models


class Department(models.Model):
    """A city department (or outside agency) that does the work a request asks for."""

    code = models.SlugField(max_length=32, unique=True, help_text="Short code, e.g. DPW, DSNY.")
    name = models.CharField(max_length=200)
    name_es = models.CharField("name (Spanish)", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    website = models.URLField(blank=True)
    is_triage = models.BooleanField(
        default=False, help_text="Requests that no routing rule matches go to the triage department."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="unique_team_name")]

    def __str__(self) -> str:
        return f"{self.department.code} / {self.name}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class BusinessHours(models.Model):
    """Opening hours of a department on one weekday, in the city's time zone.

    A department with no hours at all works around the clock.
    """

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="business_hours")
    weekday = models.IntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["department", "weekday", "opens"]
        verbose_name_plural = "business hours"
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Holiday(models.Model):
    """A day the department is closed. Holidays with no department apply city-wide."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="holidays", null=True, blank=True
    )
    date = models.DateField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"
