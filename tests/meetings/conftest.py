"""The meetings story, told on top of the cases story (tests/cases/conftest.py).

The hub's coordinator runs the meetings. Besides the cases personas, the stranger agency has
a coordinator of its own (who runs nothing here). `kit` does what a coordinator does,
through the real services, so a test only says what is particular to it."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from agencies.models import Agency, Membership, User
from cases.models import Case
from meetings import services
from meetings.models import AgendaItem, Meeting, Participant
from tests.factories import StaffFactory, open_case


def agency_of(user: User) -> Agency:
    return user.memberships.select_related("agency").first().agency


@dataclass
class Kit:
    story: object
    other_coordinator: User

    @property
    def coordinator(self) -> User:
        return self.story.hub_coordinator

    def plan(
        self,
        kind: str = Meeting.Kind.SUPPORT,
        *,
        starts_at: dt.datetime | None = None,
        grant_days_after: int = 7,
        invite: tuple[User, ...] = (),
        cases: tuple[Case, ...] = (),
    ) -> Meeting:
        """A meeting of the hub three days ahead, with `invite` invited and `cases` on the
        agenda (in that order: invitations first)."""
        meeting = services.meeting_create(
            actor=self.coordinator,
            kind=kind,
            title="定例会議",
            starts_at=starts_at or timezone.now() + dt.timedelta(days=3),
            place="市役所 会議室A",
            grant_days_after=grant_days_after,
        )
        for user in invite:
            self.invite(meeting, user)
        for case in cases:
            self.add_case(meeting, case)
        return meeting

    def invite(self, meeting: Meeting, user: User) -> Participant:
        return services.participant_add(
            actor=self.coordinator, meeting=meeting, user=user, agency=agency_of(user)
        )

    def add_case(self, meeting: Meeting, case: Case, purpose: str = "roles") -> AgendaItem:
        return services.agenda_add(
            actor=self.coordinator, meeting=meeting, case=case, purpose=purpose
        )

    def add_topic(self, meeting: Meeting, topic: str) -> AgendaItem:
        return services.agenda_add(
            actor=self.coordinator, meeting=meeting, topic=topic, purpose="resources"
        )

    def pledge(self, meeting: Meeting, user: User) -> Participant:
        return services.pledge_record(actor=user, meeting=meeting)

    def publish(self, meeting: Meeting) -> Meeting:
        """Publish, and bring the caller's `meeting` up to date (the service returns a
        fresh row)."""
        services.meeting_publish(actor=self.coordinator, meeting=meeting)
        meeting.refresh_from_db()
        return meeting

    def hold(self, meeting: Meeting) -> Meeting:
        """Hold it, with everyone invited marked present (unless marked otherwise)."""
        for participant in meeting.participants.filter(attended__isnull=True):
            services.attendance_set(actor=self.coordinator, participant=participant, attended=True)
        services.meeting_hold(actor=self.coordinator, meeting=meeting)
        meeting.refresh_from_db()
        return meeting

    def another_case(self, name: str = "佐藤家") -> Case:
        return open_case(worker=self.story.owner_worker, name=name)


@pytest.fixture
def kit(story) -> Kit:
    other_coordinator = StaffFactory(agency=story.other, role=Membership.Role.COORDINATOR)
    return Kit(story=story, other_coordinator=other_coordinator)
