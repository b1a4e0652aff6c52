"""Documents on consultation records and assessments over REST, as a permission story
(tests/cases/conftest.py): the intake agency's caseworker, the team agency covered by the
mother's consent, the team agency the consent does not name, a stranger, anonymous. The
rules are the pages' (tests/cases/test_attachments.py): the same policy, the same service."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import access, services
from cases.access.attachments import NOT_THE_RECORDING_AGENCY
from cases.models import AccessLog, Attachment
from cases.services.attachments import ATTACHMENT_TOO_LARGE, ATTACHMENT_TYPE
from tests.cases.case_api import PERSONAS, client_as, en, get, same_as_missing, url
from tests.factories import consultation_data

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content: bytes = PDF, name: str = "山田トメ_診療情報.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def first_consultation(story):
    return story.case.consultations.order_by("pk").first()


def an_assessment(story):
    return services.assessment_record(
        actor=story.owner_worker, case=story.case, summary="母の介護と長男の就労"
    )


def attached(story, record=None, **overrides) -> Attachment:
    return services.attachment_add(
        actor=overrides.pop("actor", story.owner_worker),
        record=record or first_consultation(story),
        file=upload(overrides.pop("content", PDF)),
        title=overrides.pop("title", "診療情報提供書"),
    )


def about_the_son(story):
    """A consultation about the son, whom the mother's consent does not cover."""
    son = story.case.household.memberships.exclude(person=story.consent.person).get().person
    return services.consultation_log(
        actor=story.owner_worker, case=story.case, data=consultation_data(person=son)
    )


def post_file(client, path, *, title="診療情報提供書", content=PDF):
    return client.post(path, {"title": title, "file": upload(content)}, format="multipart")


# --- who may do what --------------------------------------------------------------------

#                   list  upload
CONSULTATION_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 403),  # reads it; only the recording agency attaches
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip

ASSESSMENT_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 403),  # reads it; only the intake or lead agency attaches
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip

#                   detail  file  remove
ATTACHMENT_MATRIX = {
    "owner_worker":     (200, 200, 204),
    "team_worker":      (200, 200, 403),
    "uncovered_worker": (403, 403, 403),
    "stranger":         (404, 404, 404),
    "anonymous":        (401, 401, 401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_consultations_attachments_are_listed_for_readers_of_the_record(story, persona):
    attachment = attached(story)
    response = client_as(story, persona).get(
        url("consultation-attachment-list", first_consultation(story).pk)
    )
    assert response.status_code == CONSULTATION_MATRIX[persona][0]
    if response.status_code == 200:
        assert [row["id"] for row in response.json()["results"]] == [attachment.pk]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_recording_agency_uploads_to_its_consultation(story, persona):
    response = post_file(
        client_as(story, persona), url("consultation-attachment-list", first_consultation(story).pk)
    )
    assert response.status_code == CONSULTATION_MATRIX[persona][1]
    assert Attachment.objects.exists() is (response.status_code == 201)


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_assessments_attachments_are_listed_for_readers_of_the_case(story, persona):
    assessment = an_assessment(story)
    attachment = attached(story, assessment)
    response = client_as(story, persona).get(url("assessment-attachment-list", assessment.pk))
    assert response.status_code == ASSESSMENT_MATRIX[persona][0]
    if response.status_code == 200:
        assert [row["id"] for row in response.json()["results"]] == [attachment.pk]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_uploads_to_an_assessment(story, persona):
    assessment = an_assessment(story)
    response = post_file(
        client_as(story, persona), url("assessment-attachment-list", assessment.pk)
    )
    assert response.status_code == ASSESSMENT_MATRIX[persona][1]
    assert Attachment.objects.exists() is (response.status_code == 201)


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_attachment_is_described_to_readers_of_its_record(story, persona):
    attachment = attached(story)
    response = client_as(story, persona).get(url("attachment-detail", attachment.pk))
    assert response.status_code == ATTACHMENT_MATRIX[persona][0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_attachment_is_downloaded_by_readers_of_its_record(story, persona):
    attachment = attached(story)
    response = client_as(story, persona).get(url("attachment-file", attachment.pk))
    assert response.status_code == ATTACHMENT_MATRIX[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_recording_agency_removes_an_attachment(story, persona):
    attachment = attached(story)
    response = client_as(story, persona).post(
        url("attachment-remove", attachment.pk), {"removal_reason": "誤って添付"}, format="json"
    )
    assert response.status_code == ATTACHMENT_MATRIX[persona][2]
    attachment.refresh_from_db()
    assert (attachment.removed_at is not None) is (response.status_code == 204)


# --- refusals -----------------------------------------------------------------------------


def uncovered_refusal(story, response) -> None:
    body = response.json()
    assert response.status_code == 403
    assert body["code"] == "permission_denied"
    assert body["detail"].startswith(f"{story.uncovered_agency.name} is on this case's team")
    assert body["card"]["id"] == story.case.pk


def test_a_team_agency_without_consent_is_told_why_it_may_not_list_a_consultations_documents(
    story,
):
    uncovered_refusal(
        story,
        client_as(story, "uncovered_worker").get(
            url("consultation-attachment-list", first_consultation(story).pk)
        ),
    )


def test_a_team_agency_without_consent_is_told_why_it_may_not_upload(story):
    uncovered_refusal(
        story,
        post_file(
            client_as(story, "uncovered_worker"),
            url("consultation-attachment-list", first_consultation(story).pk),
        ),
    )


def test_a_team_agency_without_consent_is_told_why_it_may_not_list_an_assessments_documents(
    story,
):
    uncovered_refusal(
        story,
        client_as(story, "uncovered_worker").get(
            url("assessment-attachment-list", an_assessment(story).pk)
        ),
    )


@pytest.mark.parametrize("name", ["attachment-detail", "attachment-file"])
def test_a_team_agency_without_consent_is_told_why_it_may_not_read_an_attachment(story, name):
    attachment = attached(story)
    uncovered_refusal(story, client_as(story, "uncovered_worker").get(url(name, attachment.pk)))


def test_a_team_agency_without_consent_is_told_why_it_may_not_remove_an_attachment(story):
    attachment = attached(story)
    response = client_as(story, "uncovered_worker").post(
        url("attachment-remove", attachment.pk), {"removal_reason": "誤って添付"}, format="json"
    )
    uncovered_refusal(story, response)


def test_a_covered_team_agency_is_told_only_the_recording_agency_attaches(story):
    response = post_file(
        client_as(story, "team_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == en(NOT_THE_RECORDING_AGENCY)


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("consultation-attachment-list", first_consultation),
        ("assessment-attachment-list", an_assessment),
    ],
)
def test_a_stranger_gets_the_404_of_a_missing_record_for_its_attachments(story, name, record):
    pk = record(story).pk
    same_as_missing(story, get, lambda pk: url(name, pk), pk)


@pytest.mark.parametrize("name", ["attachment-detail", "attachment-file"])
def test_a_stranger_gets_the_404_of_a_missing_attachment(story, name):
    attachment = attached(story)
    same_as_missing(story, get, lambda pk: url(name, pk), attachment.pk)


def test_a_stranger_removing_gets_the_404_of_a_missing_attachment(story):
    attachment = attached(story)

    def remove(client, path):
        return client.post(path, {"removal_reason": "誤って添付"}, format="json")

    same_as_missing(story, remove, lambda pk: url("attachment-remove", pk), attachment.pk)


# --- rule 2 and rule 6: what the record is about --------------------------------------------


@pytest.mark.parametrize("name", ["attachment-detail", "attachment-file"])
def test_a_consent_reader_may_not_read_a_document_on_a_record_about_an_uncovered_member(
    story, name
):
    attachment = attached(story, about_the_son(story))
    response = client_as(story, "team_worker").get(url(name, attachment.pk))
    assert response.status_code == 404
    assert client_as(story, "owner_worker").get(url(name, attachment.pk)).status_code == 200


def test_a_consent_reader_may_not_list_the_documents_of_a_record_about_an_uncovered_member(
    story,
):
    consultation = about_the_son(story)
    attached(story, consultation)
    response = client_as(story, "team_worker").get(
        url("consultation-attachment-list", consultation.pk)
    )
    assert response.status_code == 404


def test_an_agency_internal_records_documents_are_404_to_the_team(story):
    internal = services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(narrative="シェルター所在の件", is_internal=True),
    )
    attachment = attached(story, internal)
    team = client_as(story, "team_worker")
    assert team.get(url("consultation-attachment-list", internal.pk)).status_code == 404
    assert team.get(url("attachment-file", attachment.pk)).status_code == 404


# --- uploads ------------------------------------------------------------------------------


def test_an_upload_is_stored_under_a_random_name_and_answered_without_it(story):
    response = post_file(
        client_as(story, "owner_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
    )
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    body = response.json()
    assert set(body) == {
        "id",
        "case",
        "consultation",
        "assessment",
        "title",
        "content_type",
        "size",
        "agency",
        "uploaded_by_name",
        "created_at",
        "download",
    }
    assert (body["consultation"], body["content_type"], body["size"]) == (
        first_consultation(story).pk,
        "application/pdf",
        len(PDF),
    )
    assert body["download"] == url("attachment-file", attachment.pk)
    assert "山田" not in attachment.file.name
    assert attachment.file.name not in response.content.decode()


def test_an_upload_is_in_history_under_the_caller(story):
    post_file(
        client_as(story, "owner_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
    )
    entry = Attachment.history.get()
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "document attached",
    )


def test_the_owner_attaches_to_an_assessment_for_the_intake_agency(story):
    assessment = an_assessment(story)
    response = post_file(
        client_as(story, "owner_worker"), url("assessment-attachment-list", assessment.pk)
    )
    assert response.status_code == 201
    assert (response.json()["assessment"], response.json()["consultation"]) == (assessment.pk, None)
    assert response.json()["agency"]["id"] == story.hub.pk


def test_a_text_file_renamed_pdf_is_a_400_on_file_and_nothing_is_saved(story):
    response = post_file(
        client_as(story, "owner_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
        content=b"just text",
    )
    assert response.status_code == 400
    assert response.json() == {"file": [en(ATTACHMENT_TYPE)]}
    assert not Attachment.objects.exists()


def test_an_empty_file_is_the_same_400_on_file(story):
    response = post_file(
        client_as(story, "owner_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
        content=b"",
    )
    assert response.status_code == 400
    assert response.json() == {"file": [en(ATTACHMENT_TYPE)]}


def test_a_file_over_10_mb_is_a_400_on_file(story):
    response = post_file(
        client_as(story, "owner_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
        content=PDF + b"0" * (10 * 1024 * 1024),
    )
    assert response.status_code == 400
    assert response.json() == {"file": [en(ATTACHMENT_TOO_LARGE)]}
    assert not Attachment.objects.exists()


def test_an_upload_without_a_title_or_a_file_is_a_400_naming_both(story):
    response = client_as(story, "owner_worker").post(
        url("consultation-attachment-list", first_consultation(story).pk), {}, format="multipart"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "file"}


def test_a_title_over_200_characters_is_a_400_on_title(story):
    response = post_file(
        client_as(story, "owner_worker"),
        url("consultation-attachment-list", first_consultation(story).pk),
        title="書" * 201,
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title"}


def test_an_upload_sent_as_json_is_a_415(story):
    response = client_as(story, "owner_worker").post(
        url("consultation-attachment-list", first_consultation(story).pk),
        {"title": "資料", "file": "JVBERi0="},
        format="json",
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


# --- downloads ----------------------------------------------------------------------------


def test_a_covered_team_agency_downloads_the_file_under_a_neutral_name(story):
    attachment = attached(story, content=PNG)
    response = client_as(story, "team_worker").get(url("attachment-file", attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attachment-{attachment.pk}.png"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_the_download_answers_the_file_whatever_accept_says(story):
    attachment = attached(story)
    response = client_as(story, "owner_worker").get(
        url("attachment-file", attachment.pk), HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_download_is_logged_as_a_read_of_the_case_like_the_pages_download(story, client):
    attachment = attached(story)
    client.force_login(story.team_worker)
    client.get(reverse("cases:attachment", args=[story.case.pk, attachment.pk]))
    client_as(story, "team_worker").get(url("attachment-file", attachment.pk))

    reads = AccessLog.objects.filter(user=story.team_worker).order_by("pk")
    assert [(r.kind, r.object_id, r.basis, r.action, r.channel) for r in reads] == [
        ("case", story.case.pk, "consent", "view", AccessLog.Channel.WEB),
        ("case", story.case.pk, "consent", "view", AccessLog.Channel.API),
    ]


def test_a_file_gone_from_storage_is_a_404_not_a_500(story, media):
    attachment = attached(story)
    (media / attachment.file.name).unlink()
    response = client_as(story, "owner_worker").get(url("attachment-file", attachment.pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- removal ------------------------------------------------------------------------------


def test_a_removed_attachment_leaves_the_list_and_the_download_and_stays_in_history(story):
    attachment = attached(story)
    owner = client_as(story, "owner_worker")

    response = owner.post(
        url("attachment-remove", attachment.pk),
        {"removal_reason": "別世帯の書類を誤って添付"},
        format="json",
    )

    assert response.status_code == 204
    attachment.refresh_from_db()
    assert (attachment.removed_by, attachment.removal_reason) == (
        story.owner_worker,
        "別世帯の書類を誤って添付",
    )
    assert attachment.history.count() == 2
    listed = owner.get(url("consultation-attachment-list", first_consultation(story).pk))
    assert listed.json()["results"] == []
    assert owner.get(url("attachment-file", attachment.pk)).status_code == 404
    assert owner.get(url("attachment-detail", attachment.pk)).status_code == 404


def test_removing_without_a_reason_is_a_400_on_removal_reason(story):
    attachment = attached(story)
    response = client_as(story, "owner_worker").post(
        url("attachment-remove", attachment.pk), {}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"removal_reason"}
    attachment.refresh_from_db()
    assert attachment.removed_at is None


def test_a_covered_team_agency_is_told_only_the_recording_agency_removes(story):
    attachment = attached(story)
    response = client_as(story, "team_worker").post(
        url("attachment-remove", attachment.pk), {"removal_reason": "誤って添付"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == en(NOT_THE_RECORDING_AGENCY)


def test_a_removed_attachment_is_the_404_of_a_missing_one_to_its_remover_too(story):
    attachment = services.attachment_remove(
        actor=story.owner_worker, attachment=attached(story), reason="誤って添付"
    )
    response = client_as(story, "owner_worker").post(
        url("attachment-remove", attachment.pk), {"removal_reason": "もう一度"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == en(access.NOT_FOUND)


# --- query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 8])
def test_a_consultations_attachment_list_runs_the_same_queries_whatever_its_length(
    story, count, django_assert_max_num_queries
):
    for i in range(count):
        attached(story, title=f"資料{i}")
    client = client_as(story, "team_worker")
    path = url("consultation-attachment-list", first_consultation(story).pk)
    client.get(path)
    # ATTACHMENT_LIST_QUERIES, below.
    with django_assert_max_num_queries(ATTACHMENT_LIST_QUERIES):
        response = client.get(path)
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 8])
def test_an_assessments_attachment_list_runs_the_same_queries_whatever_its_length(
    story, count, django_assert_max_num_queries
):
    assessment = an_assessment(story)
    for i in range(count):
        attached(story, assessment, title=f"資料{i}")
    client = client_as(story, "team_worker")
    path = url("assessment-attachment-list", assessment.pk)
    client.get(path)
    with django_assert_max_num_queries(ATTACHMENT_LIST_QUERIES):
        response = client.get(path)
    assert response.json()["count"] == count


# The record's case id; the case; the caller's permission rows on it (its decision); the
# read logged (one INSERT); the record through the policy; the count; the page with each
# attachment's agency and uploader. The caller's agencies are cached per request already.
ATTACHMENT_LIST_QUERIES = 7
