from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

SOURCE_LENGTH = 64
UNIQUE_KEY_LENGTH = 64


class ImportedRecord(models.Model):
    """Which request an open-data row became, so that importing the same file again skips it."""

    source = models.CharField(max_length=SOURCE_LENGTH, help_text="Where the rows came from, e.g. nyc-311.")
    unique_key = models.CharField(max_length=UNIQUE_KEY_LENGTH, help_text="The row's Unique Key in the source.")
    request = models.OneToOneField(
        "service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="open_data_record"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "unique_key"]
        constraints = [models.UniqueConstraint(fields=["source", "unique_key"], name="unique_open_data_key")]

    def __str__(self) -> str:
        return f"{self.source} {self.unique_key}"


class ComplaintTypeMapping(models.Model):
    """An open-data Complaint Type that means one of our service types when the names differ."""

    complaint_type = models.CharField(max_length=200, help_text="As written in the file; compared ignoring case.")
    service = models.ForeignKey("catalog.ServiceType", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["complaint_type"]
        constraints = [models.UniqueConstraint(Lower("complaint_type"), name="unique_complaint_type_mapping")]

    def __str__(self) -> str:
        return f"{self.complaint_type} → {self.service}"
