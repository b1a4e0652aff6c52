"""Export jobs: started from the case list, built by the task (eager here), downloaded by
the user who asked for it only, until it expires; failures are a message, never a 500."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reports import services, tasks
from reports.exports import caselist, kinds
from reports.models import Export
from reports.tables import Table
from tests.factories import UserFactory
from tests.reports.conftest import EVERY_CASE, body, workbook_of

pytestmark = pytest.mark.django_db


def start(client, user, *, format="xlsx", kind="caselist", filters=EVERY_CASE, capture=None):
    client.force_login(user)
    with capture(execute=True):
        return client.post(
            reverse("reports:export_new"), {"kind": kind, "format": format, "filters": filters}
        )


def started(client, user, capture, **kwargs) -> Export:
    response = start(client, user, capture=capture, **kwargs)
    assert response.status_code == 302, response.content
    return Export.objects.get(user=user)


def test_starting_an_export_leads_to_its_job_page(
    client, story, django_capture_on_commit_callbacks
):
    response = start(client, story.owner_worker, capture=django_capture_on_commit_callbacks)
    export = Export.objects.get(user=story.owner_worker)
    assert response.url == reverse("reports:export_detail", args=[export.pk])


def test_the_task_finishes_the_export_with_its_expiry(
    client, story, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_EXPORT_EXPIRY_HOURS = 5
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    assert (export.status, export.done, export.total) == (Export.Status.DONE, 1, 1)
    assert export.expires_at - export.finished_at == pytest.approx(
        dt.timedelta(hours=5), abs=dt.timedelta(seconds=5)
    )


def test_the_file_is_kept_outside_any_public_url(
    client, story, private_media, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    assert export.file.name.startswith("exports/")
    assert (private_media / export.file.name).exists()
    assert "case" not in export.file.name.rsplit("/", 1)[-1]


def test_the_user_downloads_the_workbook_of_their_cases(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    response = client.get(reverse("reports:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="case-list-')
    sheet = workbook_of(body(response)).active
    assert sheet["A2"].value == "ケース番号"
    assert sheet["A3"].value == story.case.reference


def test_a_csv_export_has_the_bom_and_crlf(client, story, django_capture_on_commit_callbacks):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks, format="csv")
    content = body(client.get(reverse("reports:export_download", args=[export.pk])))
    assert content.startswith("\ufeff".encode())
    assert b"\r\n" in content
    assert story.case.reference.encode() in content


def test_another_user_gets_a_404_for_the_download(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    client.force_login(story.hub_coordinator)
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404


def test_another_user_gets_a_404_for_the_job_page(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    client.force_login(story.stranger)
    assert client.get(reverse("reports:export_detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("reports:export_progress", args=[export.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in_for_every_export_page(client, story):
    for name, args in [
        ("reports:exports", []),
        ("reports:export_new", []),
        ("reports:export_detail", [1]),
        ("reports:export_progress", [1]),
        ("reports:export_download", [1]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_expired_download_is_a_page_saying_it_expired(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    with time_machine.travel(export.expires_at + dt.timedelta(minutes=1)):
        client.force_login(story.owner_worker)  # the session itself has long ended
        response = client.get(reverse("reports:export_download", args=[export.pk]))
    assert response.status_code == 410
    assert "reports/export_expired.html" in [t.name for t in response.templates]


def test_the_expiry_task_deletes_the_file_and_marks_the_export_expired(
    client, story, private_media, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    path = private_media / export.file.name
    with time_machine.travel(export.expires_at + dt.timedelta(minutes=1)):
        assert tasks.expire_exports.delay().get() == 1
    export.refresh_from_db()
    assert export.status == Export.Status.EXPIRED
    assert not path.exists()


def test_the_expiry_task_leaves_an_unexpired_export_alone(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    assert tasks.expire_exports.delay().get() == 0
    export.refresh_from_db()
    assert export.status == Export.Status.DONE


def test_an_expired_export_downloads_the_expired_page_after_the_sweep(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    with time_machine.travel(export.expires_at + dt.timedelta(minutes=1)):
        services.exports_expire()
    client.force_login(story.owner_worker)
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 410


def test_the_expiry_is_on_the_beat_schedule(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.tasks.expire_exports" in tasks_scheduled


def test_a_user_without_a_case_role_may_not_export_the_case_list(
    client, story, django_capture_on_commit_callbacks
):
    response = start(client, story.hub_admin, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Export.objects.exists()


def test_a_user_without_any_export_gets_a_403_for_the_list(client, story):
    # An agency's staff in any role may at least export their agency's figures; an
    # account with no agency has nothing to export.
    client.force_login(UserFactory())
    assert client.get(reverse("reports:exports")).status_code == 403


def test_an_unknown_format_is_a_form_error(client, story, django_capture_on_commit_callbacks):
    response = start(
        client, story.owner_worker, format="pdf", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert "errorlist" in response.text
    assert not Export.objects.exists()


def test_an_unknown_kind_is_a_form_error(client, story, django_capture_on_commit_callbacks):
    response = start(
        client, story.owner_worker, kind="everything", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert str(services.UNKNOWN_KIND) in response.text
    assert not Export.objects.exists()


def test_bad_case_list_filters_are_a_form_error(client, story, django_capture_on_commit_callbacks):
    response = start(
        client,
        story.owner_worker,
        filters="sort=nonsense",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert escape(str(caselist.BAD_FILTERS)) in response.text
    assert not Export.objects.exists()


@pytest.fixture
def broken_kind():
    def build(user, params):
        def rows():
            yield ["one"]
            raise RuntimeError("the database went away")

        return [Table("broken", "壊れた表", ["a"], rows())]

    kinds.register("broken", title="壊れた表", build=build, allowed=lambda user: True)
    yield "broken"
    kinds._KINDS.pop("broken")


def test_a_failing_build_marks_the_export_failed_with_a_message(
    client, story, broken_kind, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks, kind="broken")
    assert export.status == Export.Status.FAILED
    assert export.message == services.FAILED
    assert not export.file


def test_the_job_page_of_a_failed_export_answers_with_the_message(
    client, story, broken_kind, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks, kind="broken")
    response = client.get(reverse("reports:export_detail", args=[export.pk]))
    assert response.status_code == 200
    assert 'role="alert"' in response.text


def test_the_progress_bar_polls_while_the_export_is_queued(client, story):
    export = services.export_start(
        user=story.owner_worker, kind="caselist", format="xlsx", params={"filters": ""}
    )  # on_commit never fires inside the test's transaction: it stays queued
    client.force_login(story.owner_worker)
    response = client.get(reverse("reports:export_progress", args=[export.pk]))
    assert 'hx-trigger="every 1s"' in response.text


def test_the_progress_bar_stops_polling_when_the_export_is_done(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    response = client.get(reverse("reports:export_progress", args=[export.pk]))
    assert "hx-trigger" not in response.text
    assert reverse("reports:export_download", args=[export.pk]) in response.text


def test_running_the_task_again_changes_nothing(client, story, django_capture_on_commit_callbacks):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    assert tasks.run_export.delay(export.pk).get() == Export.Status.DONE
    assert Export.objects.get(pk=export.pk).file.name == export.file.name


def test_a_queued_export_never_finished_is_abandoned_after_the_expiry(client, story):
    export = services.export_start(
        user=story.owner_worker, kind="caselist", format="xlsx", params={"filters": ""}
    )
    later = timezone.now() + services.expiry_delta() + dt.timedelta(minutes=1)
    with time_machine.travel(later):
        services.exports_expire()
    export.refresh_from_db()
    assert (export.status, export.message) == (Export.Status.FAILED, services.ABANDONED)


def test_the_history_says_who_asked_for_the_export(
    client, story, django_capture_on_commit_callbacks
):
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    first = export.history.earliest("history_date")
    assert (first.history_user, first.history_change_reason) == (
        story.owner_worker,
        "export requested",
    )


@pytest.mark.parametrize("count", [3, 30])
def test_my_exports_runs_a_constant_number_of_queries(
    client, story, count, django_assert_max_num_queries
):
    exports = [
        services.export_start(
            user=story.owner_worker, kind="caselist", format="csv", params={"filters": ""}
        )
        for _ in range(count)
    ]
    client.force_login(story.owner_worker)
    # the session, the user, their memberships (case role, navigation), the exports, and
    # the session's idle-timeout save (its UPDATE inside a SAVEPOINT and its RELEASE)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("reports:exports"))
    assert response.status_code == 200
    assert all(reverse("reports:export_detail", args=[e.pk]) in response.text for e in exports)


def test_the_case_list_offers_the_excel_and_csv_exports(client, story):
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:list"))
    assert reverse("reports:export_new") in response.text
    assert 'value="xlsx"' in response.text
    assert 'value="csv"' in response.text


def test_a_broker_that_cannot_be_reached_fails_the_export_not_the_page(
    client, story, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.run_export, "delay", unreachable)
    export = started(client, story.owner_worker, django_capture_on_commit_callbacks)
    assert (export.status, export.message) == (Export.Status.FAILED, services.NOT_QUEUED)
    page = client.get(reverse("reports:export_detail", args=[export.pk]))
    assert page.status_code == 200
