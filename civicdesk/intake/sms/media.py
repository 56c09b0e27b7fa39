"""Photos sent by MMS: copied from an allow-listed host (Twilio's media store) and cleaned like any upload,
or kept as a link when they live elsewhere. A photo that cannot be fetched never stops a report."""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from civicdesk.service_requests.photos import PhotoRejected, clean_photo, photo_limits

logger = logging.getLogger(__name__)
FETCH_TIMEOUT_SECONDS = 8  # Twilio gives a webhook 15 seconds to answer


@dataclass
class ReportPhotos:
    """What goes into a Submission: photos copied here, or links to photos kept elsewhere."""

    photos: list[UploadedFile] = field(default_factory=list)
    media_urls: list[str] = field(default_factory=list)


def photos_from(url: str) -> ReportPhotos:
    """The photo at `url` for a report: fetched and cleaned from SMS_MEDIA_FETCH_HOSTS, else its link."""
    if not url:
        return ReportPhotos()
    parts = urlsplit(url)
    if parts.netloc.lower() not in {host.lower() for host in settings.SMS_MEDIA_FETCH_HOSTS}:
        return ReportPhotos(media_urls=[url])
    auth = (settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN) if settings.TWILIO_ACCOUNT_SID else None
    try:
        response = requests.get(url, auth=auth, timeout=FETCH_TIMEOUT_SECONDS, stream=True)
        response.raise_for_status()
        content = response.raw.read(photo_limits().max_bytes + 1, decode_content=True)
        upload = SimpleUploadedFile("mms-photo", content, response.headers.get("Content-Type", "image/jpeg"))
        return ReportPhotos(photos=[clean_photo(upload)])
    except (requests.RequestException, PhotoRejected) as problem:
        logger.warning("MMS photo %s not kept: %s", url, problem)
        return ReportPhotos()
