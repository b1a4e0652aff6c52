"""Documents on consultation records and assessments: the consent scans' upload rules,
read by whoever reads the record, attached only by the agency that recorded it."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Attachment
from cases.services.attachments import ATTACHMENT_TYPE
from cases.services.consultations import ConsultationData

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
RANDOM_NAME = re.compile(r"^attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _file(content: bytes = PDF, name: str = "山田トメ_診療情報.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def _attached(story, **overrides) -> Attachment:
    consultation = overrides.pop("consultation", None) or story.case.consultations.first()
    return services.attachment_add(
        actor=overrides.pop("actor", story.owner_worker),
        record=consultation,
        file=_file(),
        title=overrides.pop("title", "診療情報提供書"),
    )


def test_the_recording_agency_attaches_a_pdf_to_its_consultation(client, story):
    consultation = story.case.consultations.first()
    client.force_login(story.owner_worker)

    response = client.post(
        reverse("cases:consultation_attach", args=[story.case.pk, consultation.pk]),
        {"title": "診療情報提供書", "file": _file()},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert RANDOM_NAME.match(attachment.file.name)
    assert "山田" not in attachment.file.name
    assert attachment.history.get().history_change_reason == "document attached"
    page = client.get(reverse("cases:detail", args=[story.case.pk])).content.decode()
    assert reverse("cases:attachment", args=[story.case.pk, attachment.pk]) in page


def test_a_text_file_renamed_pdf_is_a_form_error_and_nothing_is_saved(client, story):
    consultation = story.case.consultations.first()
    client.force_login(story.owner_worker)

    response = client.post(
        reverse("cases:consultation_attach", args=[story.case.pk, consultation.pk]),
        {"title": "メモ", "file": _file(b"just text")},
    )

    assert response.status_code == 200
    assert str(ATTACHMENT_TYPE) in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_covered_team_agency_downloads_the_attachment_as_a_file(client, story):
    attachment = _attached(story)
    client.force_login(story.team_worker)

    response = client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_another_agency_gets_404_for_the_attachment(client, story):
    attachment = _attached(story)
    client.force_login(story.stranger)

    response = client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))

    assert response.status_code == 404


def test_a_team_agency_without_consent_is_refused_with_the_reason(client, story):
    attachment = _attached(story)
    client.force_login(story.uncovered_worker)

    response = client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))

    assert response.status_code == 403
    assert "同意" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, story):
    attachment = _attached(story)

    response = client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))

    assert response.status_code == 302


def test_an_agency_internal_records_attachment_is_404_to_the_team(client, story):
    internal = services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=ConsultationData(
            occurred_at=timezone.now(),
            mode="phone",
            narrative="シェルター所在の件",
            is_internal=True,
        ),
    )
    attachment = _attached(story, consultation=internal)
    client.force_login(story.team_worker)

    response = client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))

    assert response.status_code == 404


def test_a_team_agency_cannot_attach_to_the_hubs_consultation(client, story):
    consultation = story.case.consultations.first()
    client.force_login(story.team_worker)

    response = client.post(
        reverse("cases:consultation_attach", args=[story.case.pk, consultation.pk]),
        {"title": "資料", "file": _file()},
    )

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_removed_attachment_is_hidden_and_kept_in_history(client, story):
    attachment = _attached(story)
    client.force_login(story.owner_worker)

    response = client.post(
        reverse("cases:attachment_remove", args=[story.case.pk, attachment.pk]),
        {"reason": "別世帯の書類を誤って添付"},
    )

    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.history.count() == 2
    download = client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))
    assert download.status_code == 404


def test_the_owner_attaches_to_an_assessment_and_a_team_agency_may_not(story):
    assessment = services.assessment_record(
        actor=story.owner_worker, case=story.case, summary="母の介護と長男の就労"
    )
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            actor=story.team_worker, record=assessment, file=_file(), title="家計表"
        )

    attachment = services.attachment_add(
        actor=story.owner_worker, record=assessment, file=_file(), title="家計表"
    )

    assert attachment.assessment == assessment
    assert attachment.consultation is None


def test_a_file_over_10_mb_is_refused(story):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=story.owner_worker,
            record=story.case.consultations.first(),
            file=big,
            title="大きすぎる",
        )


@pytest.mark.parametrize("count", [1, 6])
def test_the_case_page_runs_the_same_queries_whatever_the_number_of_attachments(
    client, story, count, django_assert_max_num_queries
):
    for i in range(count):
        _attached(story, title=f"資料{i}")
    client.force_login(story.owner_worker)
    client.get(reverse("cases:detail", args=[story.case.pk]))
    with django_assert_max_num_queries(60) as queries:
        client.get(reverse("cases:detail", args=[story.case.pk]))
    attachment_queries = [q for q in queries.captured_queries if "cases_attachment" in q["sql"]]
    assert len(attachment_queries) <= 2
