from django.db import models


class District(models.Model):
    """An area of the city (council district, sanitation zone, ...) imported from GeoJSON.

    The bounding box is kept in indexed columns so point-in-polygon checks only look at the
    few districts whose box holds the point.
    """

    kind = models.SlugField(max_length=64, help_text="e.g. council-district, sanitation-zone.")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    geometry = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon, WGS84 (lon, lat).")
    min_lat = models.FloatField()
    max_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lon = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_district_code")]
        indexes = [models.Index(fields=["min_lat", "max_lat", "min_lon", "max_lon"], name="district_bbox")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class AddressPoint(models.Model):
    """One address of the city's own address file, for the local geocoder."""

    address_id = models.CharField(max_length=64, unique=True)
    house_number = models.CharField(max_length=16, blank=True)
    street = models.CharField(max_length=200)
    unit = models.CharField(max_length=32, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100, blank=True)
    full_address = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, db_index=True, help_text="Upper-case, abbreviations expanded.")
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["street", "house_number"]
        indexes = [models.Index(fields=["lat", "lon"], name="address_point_lat_lon")]

    def __str__(self) -> str:
        return self.full_address


class RoutingRule(models.Model):
    """Sends requests of a service type (or any) in a district (or anywhere) to a department.

    Rules are tried by precedence (lowest first); among equal precedence the more specific rule
    wins (service and district, then service, then district). When no rule matches, the service
    type's default department takes the request, then the triage department.
    """

    service = models.ForeignKey(
        "catalog.ServiceType", on_delete=models.CASCADE, null=True, blank=True, related_name="routing_rules",
        help_text="Empty: any service type.",
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="routing_rules",
        help_text="Empty: anywhere in the city.",
    )
    department = models.ForeignKey("departments.Department", on_delete=models.CASCADE, related_name="routing_rules")
    team = models.ForeignKey("departments.Team", on_delete=models.SET_NULL, null=True, blank=True)
    precedence = models.IntegerField(default=100, help_text="Lower numbers are tried first.")
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["precedence", "id"]

    def __str__(self) -> str:
        service = self.service.service_code if self.service else "any service"
        district = self.district.name if self.district else "anywhere"
        return f"{service} in {district} → {self.department.code}"

    @property
    def specificity(self) -> int:
        return (2 if self.service_id else 0) + (1 if self.district_id else 0)
