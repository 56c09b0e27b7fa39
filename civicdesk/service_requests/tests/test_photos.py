"""Photo cleaning: only images, within limits, and nothing but pixels survives (no EXIF, no GPS)."""

import io

import pytest
from PIL import Image

from civicdesk.service_requests.photos import PhotoLimits, PhotoRejected, clean_photo
from civicdesk.service_requests.tests.photo_files import (
    GPS_IFD,
    exif_of,
    jpeg_with_gps,
    noisy_jpeg,
    png_bytes,
    upload,
)

LIMITS = PhotoLimits(max_bytes=10 * 1024 * 1024, max_side=1600)


def test_a_phone_photo_loses_its_gps_position_and_every_other_exif_tag() -> None:
    original = jpeg_with_gps()
    assert GPS_IFD in exif_of(original)  # the test photo really carries a position

    cleaned = clean_photo(upload(original), LIMITS)

    data = cleaned.read()
    assert exif_of(data) == {}
    assert b"RosaPhone" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (400, 300)
        assert image.info.get("exif") is None


def test_the_cleaned_file_gets_a_random_name_not_the_one_the_phone_sent() -> None:
    cleaned = clean_photo(upload(jpeg_with_gps(), name="Rosa Resident's iPhone.jpg"), LIMITS)
    assert cleaned.name is not None and cleaned.name.endswith(".jpg")
    assert "Rosa" not in cleaned.name
    assert cleaned.content_type == "image/jpeg"


def test_a_sideways_photo_is_turned_upright_before_the_orientation_tag_goes() -> None:
    # Orientation 6: the camera was turned; viewers rotate it 90 degrees.
    cleaned = clean_photo(upload(jpeg_with_gps(size=(400, 300), orientation=6)), LIMITS)
    with Image.open(cleaned) as image:
        assert image.size == (300, 400)


def test_a_large_photo_is_scaled_down_to_the_longest_side_limit() -> None:
    big = jpeg_with_gps(size=(4000, 3000))
    cleaned = clean_photo(upload(big), PhotoLimits(max_bytes=10 * 1024 * 1024, max_side=1600))
    with Image.open(cleaned) as image:
        assert image.size == (1600, 1200)


def test_a_png_stays_a_picture_and_keeps_its_transparency() -> None:
    cleaned = clean_photo(upload(png_bytes(transparent=True), "sign.png", "image/png"), LIMITS)
    with Image.open(cleaned) as image:
        assert image.format == "PNG" and image.mode == "RGBA" and image.size == (50, 40)
    opaque = clean_photo(upload(png_bytes(), "sign.png", "image/png"), LIMITS)
    assert opaque.content_type == "image/jpeg"


def test_webp_is_accepted() -> None:
    output = io.BytesIO()
    Image.new("RGB", (30, 20), (1, 2, 3)).save(output, format="WEBP")
    cleaned = clean_photo(upload(output.getvalue(), "a.webp", "image/webp"), LIMITS)
    with Image.open(cleaned) as image:
        assert image.size == (30, 20)


def test_a_file_over_the_byte_limit_is_refused_with_the_limit_in_the_message() -> None:
    data = noisy_jpeg((300, 300))
    with pytest.raises(PhotoRejected, match=r"pothole\.jpg is too large: each photo can be at most 0\.[0-9] MB"):
        clean_photo(upload(data, "pothole.jpg"), PhotoLimits(max_bytes=len(data) - 1, max_side=1600))
    with pytest.raises(PhotoRejected, match="at most 2 MB"):
        clean_photo(upload(b"x" * (2 * 1024 * 1024 + 1), "big.jpg"), PhotoLimits(2 * 1024 * 1024, 1600))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7 not a photo at all", "letter.pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "drawing.svg"),
        (jpeg_with_gps()[:200], "cut-off.jpg"),  # a truncated upload
    ],
)
def test_anything_that_is_not_a_photo_is_refused(data: bytes, name: str) -> None:
    with pytest.raises(PhotoRejected, match=f"{name} is not a photo we can take"):
        clean_photo(upload(data, name), LIMITS)


def test_a_gif_is_an_image_but_not_a_photo_we_take() -> None:
    output = io.BytesIO()
    Image.new("P", (10, 10)).save(output, format="GIF")
    with pytest.raises(PhotoRejected, match="is not a photo we can take"):
        clean_photo(upload(output.getvalue(), "funny.gif", "image/gif"), LIMITS)
