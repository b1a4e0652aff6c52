"""Concurrent writes at one case (PostgreSQL only: SQLite serialises whole transactions).

Every write that changes who can see a case locks the case row first
(cases/access/materialise.py), so writers queue instead of interleaving: a withdrawal is
never undone by a consent recorded or a team member added at the same moment, the rows
always equal what the policy computes from the case, and two referrals to one agency
cannot both be pending. Each round starts a dozen writers together (a barrier), each on
its own connection, and then checks exactly that."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import Count

from agencies.models import Agency, User
from cases import access, services
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Consent,
    Referral,
)
from tests.factories import AgencyFactory, StaffFactory, open_case, record_consent

ROUNDS = 20
REFUSALS = (ValidationError, PermissionDenied)


def run_together(tasks: list[Callable[[], object]]) -> tuple[list[str], list[BaseException]]:
    """Run the tasks in threads started at once; each returns 'done' or 'refused', in
    order; anything else a task raised is returned as an error."""
    barrier = threading.Barrier(len(tasks), timeout=30)
    outcomes: list[str] = ["unfinished"] * len(tasks)
    errors: list[BaseException] = []

    def run(i: int, task: Callable[[], object]) -> None:
        try:
            barrier.wait()
            task()
            outcomes[i] = "done"
        except REFUSALS:
            outcomes[i] = "refused"
        except BaseException as error:  # an IntegrityError, a deadlock: reported below
            errors.append(error)
            outcomes[i] = "error"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer did not finish"
    return outcomes, errors


def stored_rows(case: Case) -> tuple[set, set]:
    groups = set(
        CaseGroupObjectPermission.objects.filter(content_object=case).values_list(
            "group_id", "permission_id", "source", "person_id"
        )
    )
    personal = set(
        CaseUserObjectPermission.objects.filter(content_object=case).values_list(
            "user_id", "permission_id", "source"
        )
    )
    return groups, personal


def computed_rows(case: Case) -> tuple[set, set]:
    groups, personal = access.case_rows(case)
    return (
        {(r.group_id, r.permission_id, r.source, r.person_id) for r in groups},
        {(r.user_id, r.permission_id, r.source) for r in personal},
    )


# Each task loads its own rows, as a request would (no instance shared between threads).


def withdraw(actor: User, consent: Consent) -> Callable[[], object]:
    def task():
        return services.consent_withdraw(
            actor=User.objects.get(pk=actor.pk),
            consent=Consent.objects.get(pk=consent.pk),
            reason="本人の申出",
        )

    return task


def consent(actor: User, case: Case, *, agencies: list[Agency] = ()) -> Callable[[], object]:
    def task():
        return record_consent(
            case=Case.objects.get(pk=case.pk),
            by=User.objects.get(pk=actor.pk),
            all_team_agencies=not agencies,
            agencies=list(agencies),
        )

    return task


def refer(actor: User, case: Case, agency: Agency) -> Callable[[], object]:
    def task():
        return services.referral_send(
            actor=User.objects.get(pk=actor.pk),
            case=Case.objects.get(pk=case.pk),
            to_agency=agency,
            reason="ご支援をお願いします",
            summary="世帯の概要",
        )

    return task


def join(actor: User, case: Case, agency: Agency) -> Callable[[], object]:
    def task():
        return services.team_add(
            actor=User.objects.get(pk=actor.pk), case=Case.objects.get(pk=case.pk), agency=agency
        )

    return task


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_at_one_case_leave_exactly_the_rows_the_policy_computes(
    require_postgres,
):
    intake = AgencyFactory(name="受付機関")
    lead = AgencyFactory(name="主導機関")
    owner = StaffFactory(agency=intake, username="owner")
    lead_worker = StaffFactory(agency=lead, username="lead-worker")
    case = open_case(worker=owner)
    services.lead_change(actor=owner, case=case, agency=lead, reason="主担当の変更")
    waiting = AgencyFactory(name="返事待ちの機関")
    services.referral_send(
        actor=owner, case=case, to_agency=waiting, reason="ご支援を", summary="概要"
    )

    for round_ in range(ROUNDS):
        joining = [AgencyFactory(name=f"参加 {round_}-{i}") for i in range(2)]
        referred = [AgencyFactory(name=f"紹介先 {round_}-{i}") for i in range(2)]
        withdrawn = record_consent(case=case, by=owner, all_team_agencies=True)
        tasks = [
            withdraw(lead_worker, withdrawn),
            consent(owner, case),
            consent(lead_worker, case),
            consent(owner, case, agencies=[joining[0], referred[0]]),
            refer(owner, case, referred[0]),
            refer(lead_worker, case, referred[0]),  # the same agency twice
            refer(owner, case, referred[1]),
            refer(owner, case, referred[1]),
            refer(lead_worker, case, waiting),  # still waiting from before
            join(owner, case, joining[0]),
            join(lead_worker, case, joining[0]),  # the same agency twice
            join(owner, case, joining[1]),
        ]
        outcomes, errors = run_together(tasks)

        assert not errors, f"round {round_}: {errors!r}"
        assert outcomes[:4] == ["done"] * 4, f"round {round_}: {outcomes}"
        assert sorted(outcomes[4:6]) == sorted(outcomes[6:8]) == ["done", "refused"], outcomes
        assert outcomes[8] == "refused", outcomes
        assert sorted(outcomes[9:11]) == ["done", "refused"] and outcomes[11] == "done", outcomes
        source = f"consent:{withdrawn.pk}"
        assert not CaseGroupObjectPermission.objects.filter(source=source).exists(), (
            f"round {round_}: the withdrawn consent still gives access"
        )
        assert stored_rows(case) == computed_rows(case), f"round {round_}: rows drifted"
        pending = (
            Referral.objects.filter(case=case, status="sent", kind="referral")
            .values("to_agency")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not pending.exists(), f"round {round_}: two pending referrals to one agency"
