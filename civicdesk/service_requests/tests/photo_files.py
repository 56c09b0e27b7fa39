"""Photos built in memory for tests: a phone-like JPEG with GPS EXIF, a PNG, not-a-photo bytes."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def jpeg_with_gps(size: tuple[int, int] = (400, 300), name: str = "IMG_0001.jpg", orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make, orientation and the GPS position of the taker."""
    image = Image.new("RGB", size, (200, 60, 30))
    exif = Image.Exif()
    exif[MAKE] = "RosaPhone"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (41.0, 51.0, 0.0), 3: "W", 4: (87.0, 40.0, 30.0)}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif, quality=90)
    return output.getvalue()


def noisy_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG that compresses badly (random pixels), to exceed a byte limit with few pixels."""
    import os

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=95)
    return output.getvalue()


def png_bytes(size: tuple[int, int] = (50, 40), transparent: bool = False) -> bytes:
    image = Image.new("RGBA" if transparent else "RGB", size, (0, 120, 0, 128) if transparent else (0, 120, 0))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def upload(data: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def exif_of(data: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        found: dict[int, object] = dict(exif)
        if exif.get_ifd(GPS_IFD):
            found[GPS_IFD] = exif.get_ifd(GPS_IFD)
        return found
