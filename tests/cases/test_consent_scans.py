"""The scanned consent form: typed by its bytes, stored under a random name, and served
only through the access policy, as a download, never from /media/."""

import importlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from cases.models import Consent
from cases.services.consents import FILE_TYPE
from core.uploads import detect_type
from tests.factories import record_consent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
RANDOM_NAME = re.compile(r"^consents/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|jpg)$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _scan(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def _consent_with_scan(story, name="山田トメ_同意書.pdf", content=PDF) -> Consent:
    return record_consent(case=story.case, by=story.owner_worker, scanned_form=_scan(name, content))


# --- what is accepted, and under which name it is stored --------------------------------


def test_a_scan_is_never_stored_under_the_name_it_was_uploaded_with(story):
    consent = _consent_with_scan(story, name="山田トメ_同意書.pdf")
    assert RANDOM_NAME.match(consent.scanned_form.name), consent.scanned_form.name
    assert "山田" not in consent.scanned_form.name
    assert consent.scanned_form.name.endswith(".pdf")


def test_a_scan_is_never_stored_with_the_extension_of_its_name_but_of_its_bytes(story):
    consent = _consent_with_scan(story, name="同意書.pdf", content=PNG)
    assert consent.scanned_form.name.endswith(".png")


@pytest.mark.parametrize(
    "name, content",
    [
        ("同意書.pdf", b"just some text, renamed to .pdf\n"),
        ("同意書.png", b"<html><script>alert(1)</script></html>"),
        ("同意書.jpg", b""),
    ],
)
def test_a_file_whose_bytes_are_not_pdf_jpeg_or_png_is_never_accepted(story, name, content):
    consents = Consent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        _consent_with_scan(story, name=name, content=content)
    assert refusal.value.message_dict == {"scanned_form": [FILE_TYPE]}
    assert Consent.objects.count() == consents


def test_a_jpeg_without_an_extension_is_accepted_as_a_jpeg(story):
    consent = _consent_with_scan(story, name="scan", content=JPEG)
    assert consent.scanned_form.name.endswith(".jpg")


def test_the_consent_page_refuses_a_text_file_renamed_pdf_as_a_field_error(client, story):
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:consent_new", args=[story.case.pk]),
        {
            "person": story.consent.person_id,
            "all_team_agencies": "on",
            "purposes": ["sharing"],
            "method": "written",
            "valid_from": timezone.localdate().isoformat(),
            "scanned_form": _scan("同意書.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "scanned_form" in response.context["form"].errors


def test_detecting_the_type_never_moves_the_files_position():
    file = io.BytesIO(PNG)
    file.seek(3)
    assert detect_type(file) == "image/png"
    assert file.tell() == 3


# --- how it is served ------------------------------------------------------------------


@pytest.fixture
def debug_urls(settings):
    """config.urls as the demo and `runserver` load it: under DEBUG."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_a_scan_is_never_served_from_media_even_to_its_owner_under_debug(
    client, story, media, debug_urls
):
    consent = _consent_with_scan(story)
    assert (media / consent.scanned_form.name).exists()
    client.force_login(story.owner_worker)
    response = client.get(f"/media/{consent.scanned_form.name}")
    assert response.status_code == 404


def test_the_owner_downloads_the_scan_only_as_an_attachment_under_a_neutral_name(client, story):
    consent = _consent_with_scan(story, name="山田トメ_同意書.pdf", content=PNG)
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:consent_scan", args=[story.case.pk, consent.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"] == f'attachment; filename="consent-{consent.pk}.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_stranger_never_downloads_the_scan(client, story):
    consent = _consent_with_scan(story)
    client.force_login(story.stranger)
    response = client.get(reverse("cases:consent_scan", args=[story.case.pk, consent.pk]))
    assert response.status_code == 404
