"""Email as residents, departments and machines send it to the city's 311 address (riverton.example).

Ines (ines.navarro@example.com) writes in; the recorded auto-replies, bounce and provider payload live in
civicdesk/intake/email/fixtures/.
"""

import io
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from PIL import Image

FIXTURES = Path(__file__).resolve().parent.parent / "email" / "fixtures"
CITY_ADDRESS = "311@riverton.example"
INES = "ines.navarro@example.com"


def photo_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    """A small JPEG with an EXIF block that a clean photo must not keep."""
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Image.new("RGB", size, (200, 40, 40)).save(output, format="JPEG", exif=exif)
    return output.getvalue()


def resident_email(subject: str, body: str, *, to: str = CITY_ADDRESS, sender: str = f"Ines Navarro <{INES}>",
                   photos: int = 0, pdf: bool = False) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = "<resident-0001@example.com>"
    message.set_content(body)
    for index in range(photos):
        message.add_attachment(photo_bytes(), maintype="image", subtype="jpeg", filename=f"IMG_00{index}.jpg")
    if pdf:
        message.add_attachment(b"%PDF-1.4 not a photo", maintype="application", subtype="pdf", filename="notes.pdf")
    return message


def reparsed(message: EmailMessage) -> EmailMessage:
    """The message as a receiving server reads it back from the wire."""
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def fixture_email(name: str) -> EmailMessage:
    parsed = message_from_bytes((FIXTURES / name).read_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed
