"""One case, one writer of its permissions at a time (PostgreSQL: real row locks).

Ten concurrent mixed writes — one withdrawal, consents, referrals (some to the same agency)
and team additions — hit one case, twenty rounds. After each round: the withdrawn consent
has no permission row left, the rows equal what the policy computes now, no thread got
anything but a clear refusal, and at most one referral per agency waits for an answer."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from cases import access, services
from cases.models import CaseGroupObjectPermission, Referral
from tests.factories import AgencyFactory, StaffFactory, open_case, record_consent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 20


def _rows(case) -> set[tuple]:
    return set(
        CaseGroupObjectPermission.objects.filter(content_object=case).values_list(
            "group_id", "permission_id", "source", "person_id"
        )
    )


def _expected(case) -> set[tuple]:
    rows, _personal = access.case_rows(case)
    return {(r.group_id, r.permission_id, r.source, r.person_id) for r in rows}


def test_concurrent_writes_never_resurrect_a_withdrawn_consent_nor_fail(require_postgres, people):
    owner = people.hub_worker
    agencies = [AgencyFactory(name=f"機関{n}") for n in range(4)]
    for agency in agencies:
        StaffFactory(agency=agency)
    for _round in range(ROUNDS):
        case = open_case(worker=owner)
        services.team_add(actor=owner, case=case, agency=agencies[0])
        withdrawn = record_consent(
            case=case, by=owner, all_team_agencies=False, agencies=[agencies[0]]
        )
        operations = [
            lambda case=case, c=withdrawn: services.consent_withdraw(
                actor=owner, consent=c, reason="撤回"
            ),
            *[
                lambda case=case: record_consent(
                    case=case, by=owner, all_team_agencies=True, purposes=["plan"]
                )
                for _ in range(2)
            ],
            *[
                lambda case=case, a=agencies[1 + n % 2]: services.referral_send(
                    actor=owner, case=case, to_agency=a, reason="依頼", summary="要約"
                )
                for n in range(4)
            ],
            *[
                lambda case=case, a=agencies[3]: services.team_add(actor=owner, case=case, agency=a)
                for _ in range(3)
            ],
        ]
        barrier = threading.Barrier(len(operations))
        unexpected: list[BaseException] = []

        def run(operation, barrier=barrier, unexpected=unexpected):
            try:
                barrier.wait()
                operation()
            except (ValidationError, PermissionDenied):
                pass  # a clear refusal: the concurrent twin won
            except BaseException as error:  # anything else is a bug (IntegrityError, deadlock)
                unexpected.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(op,)) for op in operations]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert unexpected == []
        assert not CaseGroupObjectPermission.objects.filter(
            content_object=case, source=f"consent:{withdrawn.pk}"
        ).exists()
        assert _rows(case) == _expected(case)
        pending = Referral.objects.filter(case=case, status=Referral.Status.SENT)
        assert pending.count() == len(set(pending.values_list("to_agency_id", flat=True)))
        assert case.team.filter(agency=agencies[3], left_on__isnull=True).count() == 1
