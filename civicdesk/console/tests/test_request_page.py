"""The staff request page: the whole story for staff, the actions each role has, and what each action records."""

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.conftest import WEST_POINT, City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.notifications.models import Notification
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.lifecycle import add_note, follow_request
from civicdesk.service_requests.models import Photo, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def test_the_page_tells_staff_the_whole_story(
    pothole_request: ServiceRequest, department_worker: User, city: City, django_capture_on_commit_callbacks: Any
) -> None:
    worker = Actor.staff(department_worker)
    add_note(pothole_request, "Needs the big truck", actor=worker, channel=Channel.OTHER, is_public=False)
    with django_capture_on_commit_callbacks(execute=True):
        add_note(pothole_request, "We will fill it this week", actor=worker, channel=Channel.OTHER, is_public=True)
    follow_request(pothole_request, actor=Actor.resident(), channel=Channel.WEB, name="Malik",
                   email="malik@example.org")
    Photo.objects.create(request=pothole_request, url="https://photos.example/inside.jpg", is_public=False)
    nearby = ServiceRequestFactory.create(service=city.pothole, department=city.public_works,
                                          lat=WEST_POINT[0] + 0.0002, lon=WEST_POINT[1])

    response = signed_in(department_worker).get(reverse("console:request", args=[pothole_request.public_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Needs the big truck" in page and "We will fill it this week" in page
    # Internal: the note, the follower and notification-sent events, and the photo.
    assert page.count(">Internal</span>") == 4
    assert "dave" in page.lower()
    assert "Malik · malik@example.org" in page
    assert "https://photos.example/inside.jpg" in page
    assert f"Merge {nearby.public_id} into this request" in page
    sent = Notification.objects.get(request=pothole_request)  # the public note, emailed to the reporter
    assert f"Email to rosa@example.org · {sent.get_status_display()}" in page
    assert "Messages sent to residents" in page


def test_a_call_taker_reads_and_notes_but_has_no_department_actions(
    pothole_request: ServiceRequest, call_taker: User
) -> None:
    page = signed_in(call_taker).get(reverse("console:request", args=[pothole_request.public_id])).content.decode()

    assert 'data-action="public_note"' in page and 'data-action="internal_note"' in page
    for action in ("claim", "assign", "status", "close", "transfer", "schedule", "refer"):
        assert f'data-action="{action}"' not in page
    assert "rosa@example.org" in page


def test_claim_assigns_the_worker_and_records_who_and_how(
    pothole_request: ServiceRequest, department_worker: User
) -> None:
    client = signed_in(department_worker)

    response = client.post(reverse("console:request_action", args=[pothole_request.public_id, "claim"]), follow=True)

    assert "Done: Claim." in response.content.decode()
    pothole_request.refresh_from_db()
    assert pothole_request.assignee == department_worker and pothole_request.status == Status.ASSIGNED
    event = pothole_request.events.get(kind=EventKind.ASSIGNED)
    assert (event.actor_user, event.actor_kind, event.channel) == (department_worker, "staff", Channel.STAFF)


def test_an_illegal_action_answers_400_with_the_lifecycles_reason(
    pothole_request: ServiceRequest, department_worker: User
) -> None:
    response = signed_in(department_worker).post(
        reverse("console:request_action", args=[pothole_request.public_id, "reopen"]), {"reason": "Still broken"}
    )

    assert response.status_code == 400
    assert "The request is still new: it is not closed." in response.content.decode()
    assert not pothole_request.events.exists()


def test_a_missing_field_answers_400_and_keeps_what_was_typed(
    pothole_request: ServiceRequest, department_worker: User
) -> None:
    response = signed_in(department_worker).post(
        reverse("console:request_action", args=[pothole_request.public_id, "transfer"]), {"reason": "Wrong crew"}
    )

    assert response.status_code == 400
    assert "Wrong crew" in response.content.decode()
    assert not pothole_request.events.exists()


def test_schedule_refer_transfer_and_close_go_through_the_lifecycle(
    pothole_request: ServiceRequest, department_worker: User, supervisor: User, city: City
) -> None:
    client = signed_in(department_worker)
    url = lambda action: reverse("console:request_action", args=[pothole_request.public_id, action])  # noqa: E731
    day = date.today() + timedelta(days=2)

    client.post(url("schedule"), {"on": day.isoformat()})
    client.post(url("refer"), {"agency": "State DOT"})
    transferred = client.post(url("transfer"), {"department": city.sanitation.pk, "reason": "It is debris"})
    assert transferred["Location"] == reverse("console:queue")  # no longer Dave's to see
    signed_in(supervisor).post(url("close"), {"resolution": "referred_elsewhere", "notes": "State road"})

    pothole_request.refresh_from_db()
    assert pothole_request.department == city.sanitation
    assert (pothole_request.status, pothole_request.resolution) == (Status.CLOSED, "referred_elsewhere")
    kinds = list(pothole_request.events.values_list("kind", "to_status", "actor_user__username"))
    assert kinds == [
        (EventKind.STATUS_CHANGED, Status.SCHEDULED, "dave"),
        (EventKind.STATUS_CHANGED, Status.REFERRED, "dave"),
        (EventKind.ROUTED, Status.REFERRED, "dave"),
        (EventKind.STATUS_CHANGED, Status.CLOSED, "sam"),
    ]
    assert pothole_request.events.get(to_status=Status.SCHEDULED).data == {"scheduled_for": day.isoformat()}
    # Dave no longer sees it: it belongs to Sanitation now.
    assert client.get(reverse("console:request", args=[pothole_request.public_id])).status_code == 403


def test_an_unknown_tracking_number_is_404(department_worker: User) -> None:
    assert signed_in(department_worker).get(reverse("console:request", args=["ZZZZ-ZZZZ"])).status_code == 404


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    image, exif = io.BytesIO(), Image.Exif()
    exif[0x8825] = {2: (41.0, 52.0, 30.0)}  # GPS latitude: where the worker stood
    Image.new("RGB", (3000, 2000), "gray").save(image, format="JPEG", exif=exif)
    return image.getvalue()


def test_a_worker_attaches_photos_public_and_internal(
    pothole_request: ServiceRequest, department_worker: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(department_worker)
    url = reverse("console:request_action", args=[pothole_request.public_id, "photo"])
    public = client.post(url, {"photo": SimpleUploadedFile("after.jpg", _jpeg_with_gps(), "image/jpeg"),
                               "is_public": "on", "caption": "Filled"})
    private = client.post(url, {"photo": SimpleUploadedFile("yard.jpg", _jpeg_with_gps(), "image/jpeg")})

    assert public.status_code == private.status_code == 302
    photos = list(pothole_request.photos.order_by("id"))
    assert [photo.is_public for photo in photos] == [True, False]
    with photos[0].image.open() as stored:
        from PIL import Image

        kept = Image.open(stored)
        assert max(kept.size) <= 1600 and not kept.getexif()  # resized, and no location left in it
    events = list(pothole_request.events.filter(kind=EventKind.PHOTO_ADDED).order_by("id"))
    assert [(e.actor_user, e.is_public, e.note, e.data["photo"]) for e in events] == [
        (department_worker, True, "Filled", photos[0].pk), (department_worker, False, "", photos[1].pk),
    ]
    track = Client().get(reverse("portal:track", args=[pothole_request.public_id])).content.decode()
    assert photos[0].image.url in track and photos[1].image.url not in track


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_kept(
    pothole_request: ServiceRequest, department_worker: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = signed_in(department_worker).post(
        reverse("console:request_action", args=[pothole_request.public_id, "photo"]),
        {"photo": SimpleUploadedFile("notes.txt", b"not a picture", "text/plain"), "is_public": "on"},
    )
    assert response.status_code == 400
    assert "not a photo" in response.content.decode() or "not an image" in response.content.decode()
    assert not pothole_request.photos.exists()
    assert not pothole_request.events.filter(kind=EventKind.PHOTO_ADDED).exists()
