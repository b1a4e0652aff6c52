"""The signed 同意書 printed from a consent is scanned and attached to that consent
(cases.services.consent_scan_attach, the consent page's "Attach the signed form")."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services
from cases.services.consents import FILE_TYPE, SCAN_ALREADY_ATTACHED

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def scan(content: bytes = PDF, name: str = "山田トメ_同意書.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def attach_url(story) -> str:
    return reverse("cases:consent_scan_attach", args=[story.case.pk, story.consent.pk])


def test_the_owner_attaches_the_signed_form_under_a_neutral_name(story):
    consent = services.consent_scan_attach(
        actor=story.owner_worker, consent=story.consent, scanned_form=scan()
    )
    consent.refresh_from_db()
    assert consent.scanned_form.name.endswith(".pdf")
    assert "山田" not in consent.scanned_form.name


def test_attaching_is_kept_in_the_consents_history_with_who_did_it(story):
    services.consent_scan_attach(
        actor=story.owner_worker, consent=story.consent, scanned_form=scan()
    )
    latest = story.consent.history.first()
    assert latest.history_user == story.owner_worker
    assert latest.history_change_reason == "signed consent form attached"


def test_a_consent_that_has_its_signed_form_keeps_it(story):
    services.consent_scan_attach(
        actor=story.owner_worker, consent=story.consent, scanned_form=scan()
    )
    with pytest.raises(ValidationError) as refusal:
        services.consent_scan_attach(
            actor=story.owner_worker, consent=story.consent, scanned_form=scan()
        )
    assert refusal.value.message_dict == {"scanned_form": [SCAN_ALREADY_ATTACHED]}


def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused(story):
    with pytest.raises(ValidationError) as refusal:
        services.consent_scan_attach(
            actor=story.owner_worker, consent=story.consent, scanned_form=scan(b"<html>")
        )
    assert refusal.value.message_dict == {"scanned_form": [FILE_TYPE]}


def test_a_team_agency_reading_by_consent_may_not_attach(story):
    with pytest.raises(PermissionDenied):
        services.consent_scan_attach(
            actor=story.team_worker, consent=story.consent, scanned_form=scan()
        )


def test_the_page_attaches_the_scan_and_returns_to_the_case(client, story):
    client.force_login(story.owner_worker)
    response = client.post(attach_url(story), {"scanned_form": scan()})
    assert response.status_code == 302
    story.consent.refresh_from_db()
    assert story.consent.scanned_form


def test_the_page_shows_a_refused_file_as_a_field_error(client, story):
    client.force_login(story.owner_worker)
    response = client.post(attach_url(story), {"scanned_form": scan(b"not a pdf")})
    assert response.status_code == 200
    assert 'role="alert"' in response.text or "errorlist" in response.text


def test_the_page_refuses_another_agency_with_a_404(client, story):
    client.force_login(story.stranger)
    assert client.get(attach_url(story)).status_code == 404


def test_the_page_refuses_a_team_agency_without_consent_with_a_403(client, story):
    client.force_login(story.uncovered_worker)
    assert client.get(attach_url(story)).status_code == 403


def test_the_page_refuses_a_team_agency_reading_by_consent_with_a_403(client, story):
    client.force_login(story.team_worker)
    assert client.get(attach_url(story)).status_code == 403


def test_the_page_sends_an_anonymous_visitor_to_log_in(client, story):
    assert client.get(attach_url(story)).status_code == 302


def test_the_consent_print_offers_to_attach_the_signed_form(client, story):
    client.force_login(story.owner_worker)
    text = client.get(
        reverse("cases:consent_print", args=[story.case.pk, story.consent.pk])
    ).content.decode()
    assert attach_url(story) in text.split('id="print-area"')[0]
