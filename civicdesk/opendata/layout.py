"""The NYC open data "311 Service Requests" CSV layout: its columns, date format and code words.

Two headers exist: the legacy 41-column one and the 44-column one published since 2024, which
renames Complaint Type and Descriptor and adds Additional Details, Council District and Police
Precinct. Code reads columns by their legacy name; `RENAMED` translates the newer names.
"""

from datetime import datetime

from django.utils import timezone

from civicdesk.service_requests.choices import Channel, Resolution, Status

LEGACY = "legacy"
LAYOUT_2024 = "2024"

LEGACY_COLUMNS = (
    "Unique Key", "Created Date", "Closed Date", "Agency", "Agency Name", "Complaint Type", "Descriptor",
    "Location Type", "Incident Zip", "Incident Address", "Street Name", "Cross Street 1", "Cross Street 2",
    "Intersection Street 1", "Intersection Street 2", "Address Type", "City", "Landmark", "Facility Type", "Status",
    "Due Date", "Resolution Description", "Resolution Action Updated Date", "Community Board", "BBL", "Borough",
    "X Coordinate (State Plane)", "Y Coordinate (State Plane)", "Open Data Channel Type", "Park Facility Name",
    "Park Borough", "Vehicle Type", "Taxi Company Borough", "Taxi Pick Up Location", "Bridge Highway Name",
    "Bridge Highway Direction", "Road Ramp", "Bridge Highway Segment", "Latitude", "Longitude", "Location",
)
COLUMNS_2024 = (
    "Unique Key", "Created Date", "Closed Date", "Agency", "Agency Name", "Problem (formerly Complaint Type)",
    "Problem Detail (formerly Descriptor)", "Additional Details", "Location Type", "Incident Zip", "Incident Address",
    "Street Name", "Cross Street 1", "Cross Street 2", "Intersection Street 1", "Intersection Street 2",
    "Address Type", "City", "Landmark", "Facility Type", "Status", "Due Date", "Resolution Description",
    "Resolution Action Updated Date", "Community Board", "Council District", "Police Precinct", "BBL", "Borough",
    "X Coordinate (State Plane)", "Y Coordinate (State Plane)", "Open Data Channel Type", "Park Facility Name",
    "Park Borough", "Vehicle Type", "Taxi Company Borough", "Taxi Pick Up Location", "Bridge Highway Name",
    "Bridge Highway Direction", "Road Ramp", "Bridge Highway Segment", "Latitude", "Longitude", "Location",
)
LAYOUTS: dict[str, tuple[str, ...]] = {LEGACY: LEGACY_COLUMNS, LAYOUT_2024: COLUMNS_2024}
LAYOUT_LABELS = {LEGACY: "legacy 41-column", LAYOUT_2024: "2024 44-column"}
RENAMED = {
    "Problem (formerly Complaint Type)": "Complaint Type",
    "Problem Detail (formerly Descriptor)": "Descriptor",
}

DATE_FORMAT = "%m/%d/%Y %I:%M:%S %p"
DATE_EXAMPLE = "01/31/2024 02:15:00 PM"

# Open data status words (compared in lower case) and ours.
STATUS_FROM_OPEN_DATA = {
    "closed": Status.CLOSED,
    "open": Status.NEW,
    "pending": Status.ACKNOWLEDGED,
    "assigned": Status.ASSIGNED,
    "in progress": Status.IN_PROGRESS,
    "started": Status.IN_PROGRESS,
    "unspecified": Status.NEW,
}
STATUS_TO_OPEN_DATA = {
    Status.NEW: "Open",
    Status.ACKNOWLEDGED: "Pending",
    Status.ASSIGNED: "Assigned",
    Status.IN_PROGRESS: "In Progress",
    Status.SCHEDULED: "Assigned",
    Status.REFERRED: "Pending",
    Status.RESOLVED: "Closed",
    Status.CLOSED: "Closed",
}

CHANNEL_FROM_OPEN_DATA = {
    "phone": Channel.PHONE,
    "online": Channel.WEB,
    "mobile": Channel.MOBILE,
    "other": Channel.OTHER,
    "unknown": Channel.OTHER,
    "": Channel.OTHER,
}
CHANNEL_TO_OPEN_DATA = {
    Channel.PHONE: "PHONE",
    Channel.IVR: "PHONE",
    Channel.WEB: "ONLINE",
    Channel.EMAIL: "ONLINE",
    Channel.CHAT: "ONLINE",
    Channel.SOCIAL: "ONLINE",
    Channel.MOBILE: "MOBILE",
    Channel.SMS: "MOBILE",
    Channel.API: "OTHER",
    Channel.WALK_IN: "OTHER",
    Channel.STAFF: "OTHER",
    Channel.OTHER: "OTHER",
}

# Words in a Resolution Description that tell how a closed request ended, tried in order;
# anything else closed counts as fixed.
RESOLUTION_WORDS = (
    ("duplicate", Resolution.DUPLICATE),
    ("could not locate", Resolution.COULD_NOT_LOCATE),
    ("unable to locate", Resolution.COULD_NOT_LOCATE),
    ("could not find", Resolution.COULD_NOT_LOCATE),
    ("were gone", Resolution.COULD_NOT_LOCATE),
    ("no evidence", Resolution.NO_ACTION_NEEDED),
    ("no violation", Resolution.NO_ACTION_NEEDED),
    ("not necessary", Resolution.NO_ACTION_NEEDED),
    ("no action", Resolution.NO_ACTION_NEEDED),
    ("referred", Resolution.REFERRED_ELSEWHERE),
    ("forwarded", Resolution.REFERRED_ELSEWHERE),
    ("jurisdiction", Resolution.REFERRED_ELSEWHERE),
    ("invalid", Resolution.INVALID),
)


def resolution_from_description(description: str) -> str:
    """The resolution code a closed row's Resolution Description points to (fixed when it says nothing else)."""
    text = description.lower()
    return next((code for words, code in RESOLUTION_WORDS if words in text), Resolution.FIXED)


def parse_date(text: str) -> datetime:
    """A file date (city time) as an aware datetime; ValueError when it is not `MM/DD/YYYY hh:mm:ss AM`."""
    naive = datetime.strptime(text, DATE_FORMAT)
    return naive.replace(tzinfo=timezone.get_default_timezone())


def format_date(value: datetime | None) -> str:
    """A datetime as the file writes it, in city time; empty for none."""
    if value is None:
        return ""
    return timezone.localtime(value, timezone.get_default_timezone()).strftime(DATE_FORMAT)
