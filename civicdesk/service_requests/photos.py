"""Residents' photos: images only, size-limited, re-encoded so no metadata (EXIF, GPS) survives.

A phone photo carries where and when it was taken, often the owner's device name too. Photos become
public on the tracking page, so every upload is decoded and written again from its pixels alone.
"""

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SIDE = 1600
# Decoding a 40-megapixel photo takes about 160 MB; anything larger is refused rather than decoded.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
_ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: the JPEG variant some phones write


class PhotoRejected(Exception):
    """The upload is not an acceptable photo; the message says why, in the resident's language."""


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int
    max_side: int


def photo_limits() -> PhotoLimits:
    """The size limits from settings (PHOTO_MAX_BYTES, PHOTO_MAX_SIDE), with sensible defaults."""
    return PhotoLimits(
        max_bytes=int(getattr(settings, "PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)),
        max_side=int(getattr(settings, "PHOTO_MAX_SIDE", DEFAULT_MAX_SIDE)),
    )


def accepted_formats() -> set[str]:
    """Pillow formats accepted; HEIF (iPhone photos) only when a Pillow plugin for it is installed."""
    Image.init()
    return _ACCEPTED_FORMATS | ({"HEIF"} if "HEIF" in Image.OPEN else set())


def clean_photo(upload: UploadedFile, limits: PhotoLimits | None = None) -> SimpleUploadedFile:
    """Check an uploaded photo and return it re-encoded: upright, at most `max_side` pixels, no metadata.

    Raises PhotoRejected when it is too large, not an image, or an image format we do not take.
    """
    limits = limits or photo_limits()
    name = upload.name or "photo"
    if upload.size is not None and upload.size > limits.max_bytes:
        raise PhotoRejected(
            _("%(name)s is too large: each photo can be at most %(mb)s MB.")
            % {"name": name, "mb": _megabytes(limits.max_bytes)}
        )
    image = _open(upload, name)
    try:
        image = ImageOps.exif_transpose(image)  # keep it upright once the orientation tag is gone
        image.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
        keeps_transparency = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        # Copying only the pixels leaves every metadata block (EXIF, XMP, ICC text, PNG chunks) behind.
        mode = "RGBA" if keeps_transparency else "RGB"
        pixels = image.convert(mode)
        bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    finally:
        image.close()
    output = io.BytesIO()
    if keeps_transparency:
        bare.save(output, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        bare.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    return SimpleUploadedFile(f"{secrets.token_urlsafe(9)}.{extension}", output.getvalue(), content_type)


def _open(upload: UploadedFile, name: str) -> Image.Image:
    not_a_photo = PhotoRejected(
        _("%(name)s is not a photo we can take. Please send a JPEG, PNG or WebP image.") % {"name": name}
    )
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # catches truncated and corrupt files before any decoding work
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_a_photo from None
    if image.format not in accepted_formats():
        image.close()
        raise not_a_photo
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise PhotoRejected(_("%(name)s has too many pixels for us to process.") % {"name": name})
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        image.close()
        raise not_a_photo from None
    return image


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.1f}"
