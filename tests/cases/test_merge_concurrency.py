"""Two merges of the same pair of person records at the same moment (PostgreSQL only:
SQLite serialises whole transactions). Both records are locked first, so the merges queue:
one wins, the other is told the record was already merged; never a 500, never two merges."""

import pytest

from agencies.models import User
from cases import services
from cases.models import Case, Person, PersonMerge
from cases.services.households import PersonData
from tests.cases.test_access_concurrency import run_together
from tests.factories import AgencyFactory, StaffFactory, open_case

ROUNDS = 5


def merge(actor: User, kept: Person, merged: Person):
    def task():
        return services.person_merge(
            actor=User.objects.get(pk=actor.pk),
            kept=Person.objects.get(pk=kept.pk),
            merged=Person.objects.get(pk=merged.pk),
            reason="同一人物",
        )

    return task


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_merges_of_one_pair_let_one_win_and_refuse_the_other(require_postgres):
    hub = AgencyFactory(name="受付機関")
    worker = StaffFactory(agency=hub, username="worker")
    colleague = StaffFactory(agency=hub, username="colleague")
    case = open_case(worker=worker)
    kept = case.household.memberships.get(person__given_name="トメ").person

    for round_ in range(ROUNDS):
        dup = services.person_add(
            actor=worker,
            household=Case.objects.get(pk=case.pk).household,
            data=PersonData(
                family_name="山田", given_name=f"とめ{round_}", relation="other_relative"
            ),
        )
        tasks = [
            merge(worker, kept, dup),
            merge(colleague, kept, dup),
            merge(colleague, dup, kept),  # the other way round
        ]
        outcomes, errors = run_together(tasks)

        assert not errors, f"round {round_}: {errors!r}"
        assert sorted(outcomes) == ["done", "refused", "refused"], outcomes
        merges = PersonMerge.objects.filter(merged__in=[kept, dup], undone_at__isnull=True)
        assert merges.count() == 1, f"round {round_}"
        winner = merges.get()
        if winner.merged_id == kept.pk:  # the reverse merge won: keep the story going
            services.person_merge_undo(
                actor=StaffFactory(agency=hub, role="supervisor"), merge=winner, reason="戻す"
            )
