"""The read log's story, for the privacy officer's tests (imported by each module).

The story of tests/cases (the hub holds the Yamada case; the east 地域包括 is on the team
under the mother's consent; the disability office is on the team without consent) plus two
privacy officers: the hub's, who reads the city's log, and the east 地域包括's, who reads
only what was logged under that agency. The reads are made through the real pages. Each
module declares its fixtures from these
helpers (fixtures imported into a module would shadow its test arguments)."""

from __future__ import annotations

from django.urls import reverse

from agencies.models import Membership, User
from cases.models import AccessLog, Case
from tests.factories import StaffFactory


def auditor_at(agency) -> User:
    """A privacy officer (個人情報保護管理者) of `agency`."""
    return StaffFactory(agency=agency, role=Membership.Role.AUDITOR)


def read_case_page(client, user: User, case: Case) -> None:
    """`user` opens the case page (the case, its household and persons are logged)."""
    client.force_login(user)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    client.logout()


def both_read(client, story) -> None:
    """The hub's worker and the team agency's worker have each opened the case page."""
    read_case_page(client, story.owner_worker, story.case)
    read_case_page(client, story.team_worker, story.case)


def usernames(response) -> set[str]:
    return {row["username"] for row in response.context["rows"]}


def audit_rows(user: User) -> list[AccessLog]:
    return list(AccessLog.objects.filter(user=user).order_by("id"))
