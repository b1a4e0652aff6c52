"""Each rule at its threshold: it fires on the day, not the day before, and its reminder
goes to the lead agency and the case's worker. Data is made through the real services on
the day it happened (time_machine); the sweep is told which day it is (`today=`)."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.services.plans import ActionData
from meetings import services as meeting_services
from reminders import services
from reminders.models import Reminder
from tests.factories import AgencyFactory, consultation_data, log_contact, record_consent
from tests.reminders.conftest import OPENED, at, case_opened_on, keys, on, reminders

Kind = Reminder.Kind


def sweep(day: dt.date, kind: str):
    return services.sweep(today=day, kinds={kind})


# --- long-running ------------------------------------------------------------------------


def test_long_running_fires_at_exactly_six_months_open(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)

    sweep(dt.date(2025, 7, 15), Kind.LONG_RUNNING)

    assert keys(Kind.LONG_RUNNING) == {(f"case:{case.pk}", "p0")}


def test_long_running_does_not_fire_the_day_before_six_months(people):
    case_opened_on(OPENED, worker=people.hub_worker)

    sweep(dt.date(2025, 7, 14), Kind.LONG_RUNNING)

    assert not reminders(Kind.LONG_RUNNING).exists()


def test_long_running_fires_again_at_nine_months_as_a_new_period(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    sweep(dt.date(2025, 7, 15), Kind.LONG_RUNNING)

    result = sweep(dt.date(2025, 10, 15), Kind.LONG_RUNNING)

    assert result.created == {Kind.LONG_RUNNING: 1}
    assert keys(Kind.LONG_RUNNING) == {(f"case:{case.pk}", "p0"), (f"case:{case.pk}", "p1")}


def test_long_running_does_not_fire_again_at_eight_months(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    sweep(dt.date(2025, 7, 15), Kind.LONG_RUNNING)

    result = sweep(dt.date(2025, 9, 15), Kind.LONG_RUNNING)

    assert result.created == {Kind.LONG_RUNNING: 0}
    assert keys(Kind.LONG_RUNNING) == {(f"case:{case.pk}", "p0")}


def test_a_closed_case_is_not_long_running(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    closure = case_services.closure_propose(actor=people.hub_worker, case=case, reason="goals_met")
    case_services.closure_approve(actor=people.hub_supervisor, closure=closure, evaluation="自立")

    sweep(dt.date(2025, 7, 15), Kind.LONG_RUNNING)

    assert not reminders(Kind.LONG_RUNNING).exists()


def test_the_thresholds_are_settings(settings, people):
    settings.REMINDERS = {**settings.REMINDERS, "LONG_RUNNING_MONTHS": 12}
    case_opened_on(OPENED, worker=people.hub_worker)

    sweep(dt.date(2025, 7, 15), Kind.LONG_RUNNING)
    sweep(dt.date(2026, 1, 14), Kind.LONG_RUNNING)
    assert not reminders(Kind.LONG_RUNNING).exists()

    sweep(dt.date(2026, 1, 15), Kind.LONG_RUNNING)
    assert reminders(Kind.LONG_RUNNING).count() == 1


def test_a_reminder_goes_to_the_case_worker_at_the_lead_agency(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(dt.date(2025, 3, 1)):
        case_services.lead_change(
            actor=people.hub_worker, case=case, agency=people.other, reason="介護が中心"
        )

    sweep(dt.date(2025, 7, 15), Kind.LONG_RUNNING)

    reminder = reminders(Kind.LONG_RUNNING).get()
    assert (reminder.agency, reminder.user, reminder.case) == (
        people.other,
        people.hub_worker,
        case,
    )


# --- no contact --------------------------------------------------------------------------


def test_no_contact_fires_thirty_days_after_the_last_consultation(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)

    sweep(OPENED + dt.timedelta(days=30), Kind.NO_CONTACT)

    reminder = reminders(Kind.NO_CONTACT).get()
    assert (reminder.target, reminder.period) == (f"case:{case.pk}", "since:2025-01-15")
    assert reminder.due_on == OPENED + dt.timedelta(days=30)
    assert (reminder.agency, reminder.user) == (people.hub, people.hub_worker)


def test_no_contact_does_not_fire_after_twenty_nine_days(people):
    case_opened_on(OPENED, worker=people.hub_worker)

    sweep(OPENED + dt.timedelta(days=29), Kind.NO_CONTACT)

    assert not reminders(Kind.NO_CONTACT).exists()


def test_a_new_contact_restarts_the_thirty_days(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    contact = OPENED + dt.timedelta(days=20)
    with on(contact):
        case_services.consultation_log(
            actor=people.hub_worker, case=case, data=consultation_data(occurred_at=at(contact))
        )

    sweep(OPENED + dt.timedelta(days=30), Kind.NO_CONTACT)
    sweep(contact + dt.timedelta(days=29), Kind.NO_CONTACT)

    assert not reminders(Kind.NO_CONTACT).exists()


def test_silence_after_a_new_contact_is_a_new_period(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    sweep(OPENED + dt.timedelta(days=30), Kind.NO_CONTACT)
    contact = OPENED + dt.timedelta(days=35)
    with on(contact):
        case_services.consultation_log(
            actor=people.hub_worker, case=case, data=consultation_data(occurred_at=at(contact))
        )

    sweep(contact + dt.timedelta(days=30), Kind.NO_CONTACT)

    assert keys(Kind.NO_CONTACT) == {
        (f"case:{case.pk}", "since:2025-01-15"),
        (f"case:{case.pk}", "since:2025-02-19"),
    }


def test_a_contact_just_after_midnight_counts_on_its_tokyo_date(people):
    """00:30 in Tokyo is the previous day in UTC: the count starts on the Tokyo date."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    contact = OPENED + dt.timedelta(days=1)
    with on(contact, 0, 30):
        case_services.consultation_log(
            actor=people.hub_worker,
            case=case,
            data=consultation_data(occurred_at=at(contact, 0, 30)),
        )

    sweep(OPENED + dt.timedelta(days=30), Kind.NO_CONTACT)

    assert not reminders(Kind.NO_CONTACT).exists()


# --- support plan review -----------------------------------------------------------------

REVIEW_ON = dt.date(2025, 4, 30)


@pytest.fixture
def plan(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(dt.date(2025, 1, 31)):
        return case_services.plan_create(
            actor=people.hub_worker,
            case=case,
            goals="母の介護サービス利用",
            review_on=REVIEW_ON,
            actions=[],
        )


def test_a_plan_review_is_overdue_the_day_after_its_review_date(people, plan):
    sweep(REVIEW_ON + dt.timedelta(days=1), Kind.PLAN_REVIEW)

    reminder = reminders(Kind.PLAN_REVIEW).get()
    assert (reminder.target, reminder.period) == (f"plan:{plan.pk}", "2025-04-30")
    assert (reminder.agency, reminder.user, reminder.case) == (
        people.hub,
        people.hub_worker,
        plan.case,
    )


def test_a_plan_review_is_not_overdue_on_its_review_date(plan):
    sweep(REVIEW_ON, Kind.PLAN_REVIEW)

    assert not reminders(Kind.PLAN_REVIEW).exists()


def test_a_superseded_plan_is_not_overdue(people, plan):
    with on(dt.date(2025, 4, 20)):
        case_services.plan_create(
            actor=people.hub_worker,
            case=plan.case,
            goals="就労準備",
            review_on=dt.date(2025, 10, 31),
            actions=[],
        )

    sweep(REVIEW_ON + dt.timedelta(days=1), Kind.PLAN_REVIEW)

    assert not reminders(Kind.PLAN_REVIEW).exists()


# --- support plan actions ----------------------------------------------------------------

ACTION_DUE = dt.date(2025, 3, 10)


@pytest.fixture
def planned_action(people):
    """A plan whose one action, the hub's, is due on ACTION_DUE."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(dt.date(2025, 1, 31)):
        plan = case_services.plan_create(
            actor=people.hub_worker,
            case=case,
            goals="母の介護サービス利用",
            review_on=dt.date(2025, 7, 31),
            actions=[ActionData("介護認定の申請に同行する", people.hub, ACTION_DUE)],
        )
    return plan.actions.get()


def test_a_plan_action_reminds_on_its_due_date(people, planned_action):
    sweep(ACTION_DUE, Kind.PLAN_ACTION)

    reminder = reminders(Kind.PLAN_ACTION).get()
    assert (reminder.target, reminder.period, reminder.due_on) == (
        f"plan_action:{planned_action.pk}",
        ACTION_DUE.isoformat(),
        ACTION_DUE,
    )
    assert (reminder.agency, reminder.user, reminder.case) == (
        people.hub,
        people.hub_worker,
        planned_action.plan.case,
    )


def test_a_plan_action_does_not_remind_the_day_before_its_due_date(planned_action):
    sweep(ACTION_DUE - dt.timedelta(days=1), Kind.PLAN_ACTION)

    assert not reminders(Kind.PLAN_ACTION).exists()


def test_a_done_plan_action_does_not_remind(people, planned_action):
    with on(ACTION_DUE - dt.timedelta(days=2)):
        case_services.plan_action_set_status(
            actor=people.hub_worker, action=planned_action, status="done"
        )

    sweep(ACTION_DUE, Kind.PLAN_ACTION)

    assert not reminders(Kind.PLAN_ACTION).exists()


def test_a_plan_action_of_another_agency_reminds_that_agency_without_naming_the_worker(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(dt.date(2025, 1, 31)):
        case_services.plan_create(
            actor=people.hub_worker,
            case=case,
            goals="母の介護サービス利用",
            review_on=dt.date(2025, 7, 31),
            actions=[ActionData("ケアプランを作る", people.other, ACTION_DUE)],
        )

    sweep(ACTION_DUE, Kind.PLAN_ACTION)

    reminder = reminders(Kind.PLAN_ACTION).get()
    assert (reminder.agency, reminder.user) == (people.other, None)


def test_a_plan_action_without_a_due_date_never_reminds(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(dt.date(2025, 1, 31)):
        case_services.plan_create(
            actor=people.hub_worker,
            case=case,
            goals="見守り",
            review_on=dt.date(2025, 7, 31),
            actions=[ActionData("月一回訪問する", people.hub)],
        )

    sweep(dt.date(2025, 7, 1), Kind.PLAN_ACTION)

    assert not reminders(Kind.PLAN_ACTION).exists()


# --- referral unanswered -----------------------------------------------------------------

SENT_ON = dt.date(2025, 3, 2)


@pytest.fixture
def referral(people):
    """Sent ten minutes after midnight in Tokyo (still 1 March in UTC)."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(SENT_ON, 0, 10):
        return case_services.referral_send(
            actor=people.hub_worker,
            case=case,
            to_agency=people.other,
            reason="介護保険の申請支援",
            summary="母（81）の介護認定申請が必要。",
        )


def test_a_referral_unanswered_for_seven_days_reminds_the_receiving_agency(people, referral):
    sweep(SENT_ON + dt.timedelta(days=7), Kind.REFERRAL_UNANSWERED)

    reminder = reminders(Kind.REFERRAL_UNANSWERED).get()
    assert (reminder.target, reminder.period) == (f"referral:{referral.pk}", "1")
    assert (reminder.agency, reminder.due_on) == (people.other, SENT_ON + dt.timedelta(days=7))


def test_a_referral_unanswered_for_six_days_is_not_reminded(referral):
    sweep(SENT_ON + dt.timedelta(days=6), Kind.REFERRAL_UNANSWERED)

    assert not reminders(Kind.REFERRAL_UNANSWERED).exists()


def test_an_answered_referral_is_not_reminded(people, referral):
    with on(SENT_ON + dt.timedelta(days=3)):
        case_services.referral_accept(actor=people.other_worker, referral=referral)

    sweep(SENT_ON + dt.timedelta(days=7), Kind.REFERRAL_UNANSWERED)

    assert not reminders(Kind.REFERRAL_UNANSWERED).exists()


# --- the hub still lead ------------------------------------------------------------------
# Not "the hub leads": leading is the hub's job (多機関協働). The problem the seeds name is
# the hub keeping a case it decided to hand over: N days after a handover to another agency
# was decided, the hub leads again, or still records most of the contacts.

HANDOVER = OPENED + dt.timedelta(days=10)
DAYS = 90


@pytest.fixture
def hub_case(people):
    """Taken in (and so led) by the hub, the other agency on the team."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(OPENED + dt.timedelta(days=1)):
        case_services.team_add(actor=people.hub_worker, case=case, agency=people.other, role="介護")
    return case


def hand_over(people, case, day: dt.date = HANDOVER) -> None:
    """The lead handed from the hub to the other agency, decided on `day`."""
    with on(day):
        case_services.lead_change(
            actor=people.hub_worker, case=case, agency=people.other, reason="介護が中心"
        )


def hub_takes_back(people, case, day: dt.date) -> None:
    with on(day):
        case_services.lead_change(
            actor=people.other_worker, case=case, agency=people.hub, reason="受入困難"
        )


def contacts(case, by, *days: dt.date) -> None:
    for day in days:
        with on(day):
            log_contact(case=case, by=by, occurred_at=at(day))


def test_a_hub_led_case_whose_lead_was_never_handed_over_is_not_reminded(hub_case):
    sweep(OPENED + dt.timedelta(days=400), Kind.HUB_LINGERING)

    assert not reminders(Kind.HUB_LINGERING).exists()


def test_the_hub_lead_again_n_days_after_a_handover_is_reminded(people, hub_case):
    hand_over(people, hub_case)
    hub_takes_back(people, hub_case, HANDOVER + dt.timedelta(days=5))

    sweep(HANDOVER + dt.timedelta(days=DAYS), Kind.HUB_LINGERING)

    reminder = reminders(Kind.HUB_LINGERING).get()
    assert (reminder.target, reminder.period) == (
        f"case:{hub_case.pk}",
        f"handover:{HANDOVER.isoformat()}",
    )
    assert (reminder.agency, reminder.user, reminder.due_on) == (
        people.hub,
        people.hub_worker,
        HANDOVER + dt.timedelta(days=DAYS),
    )


def test_the_hub_lead_again_a_day_before_n_days_after_the_handover_is_not_reminded(
    people, hub_case
):
    hand_over(people, hub_case)
    hub_takes_back(people, hub_case, HANDOVER + dt.timedelta(days=5))

    sweep(HANDOVER + dt.timedelta(days=DAYS - 1), Kind.HUB_LINGERING)

    assert not reminders(Kind.HUB_LINGERING).exists()


def test_the_hub_recording_most_contacts_after_the_handover_is_reminded(people, hub_case):
    hand_over(people, hub_case)
    contacts(
        hub_case,
        people.hub_worker,
        HANDOVER + dt.timedelta(days=20),
        HANDOVER + dt.timedelta(days=40),
    )
    contacts(hub_case, people.other_worker, HANDOVER + dt.timedelta(days=30))

    sweep(HANDOVER + dt.timedelta(days=DAYS), Kind.HUB_LINGERING)

    assert reminders(Kind.HUB_LINGERING).get().agency == people.hub


def test_the_new_lead_recording_most_contacts_is_not_reminded(people, hub_case):
    hand_over(people, hub_case)
    contacts(hub_case, people.hub_worker, HANDOVER + dt.timedelta(days=20))
    contacts(
        hub_case,
        people.other_worker,
        HANDOVER + dt.timedelta(days=30),
        HANDOVER + dt.timedelta(days=40),
    )

    sweep(HANDOVER + dt.timedelta(days=DAYS), Kind.HUB_LINGERING)

    assert not reminders(Kind.HUB_LINGERING).exists()


def test_a_handover_without_contacts_since_is_not_reminded_as_the_hub_still_lead(people, hub_case):
    """Nobody recording anything is the no-contact reminder's business."""
    hand_over(people, hub_case)

    sweep(HANDOVER + dt.timedelta(days=DAYS), Kind.HUB_LINGERING)

    assert not reminders(Kind.HUB_LINGERING).exists()


def test_a_handover_between_agencies_that_are_not_the_hub_is_not_reminded(people):
    third = AgencyFactory(name="テスト 障がい者相談支援センター")
    case = case_opened_on(OPENED, worker=people.other_worker)
    with on(HANDOVER):
        case_services.lead_change(
            actor=people.other_worker, case=case, agency=third, reason="障がいが中心"
        )
    contacts(case, people.other_worker, HANDOVER + dt.timedelta(days=20))

    sweep(HANDOVER + dt.timedelta(days=DAYS), Kind.HUB_LINGERING)

    assert not reminders(Kind.HUB_LINGERING).exists()


def test_a_lead_decided_at_a_meeting_counts_as_a_handover(kit, story):
    """A meeting's lead decision is applied through the lead change, so it is the day the
    handover was decided."""
    meeting = kit.plan(invite=(story.team_worker,), cases=(story.case,))
    kit.publish(meeting)
    kit.hold(meeting)
    decided = timezone.localdate()
    lead = story.case.leads.get(ended_on__isnull=True)
    assert lead.agency.is_hub, "the story's case is led by the hub"
    meeting_services.decision_record(
        actor=kit.coordinator,
        item=meeting.items.get(),
        kind="lead",
        text="介護が中心のため地域包括へ",
        agency=story.team_agency,
    )
    meeting_services.decision_record(
        actor=kit.coordinator,
        item=meeting.items.get(),
        kind="lead",
        text="受入困難のため戻す",
        agency=lead.agency,
    )

    sweep(decided + dt.timedelta(days=DAYS), Kind.HUB_LINGERING)

    assert reminders(Kind.HUB_LINGERING).get().period == f"handover:{decided.isoformat()}"


# --- consent expiring --------------------------------------------------------------------

UNTIL = dt.date(2025, 12, 31)


@pytest.fixture
def consent(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(OPENED):
        return record_consent(case=case, by=people.hub_worker, valid_from=OPENED, valid_until=UNTIL)


def test_consent_expiring_within_thirty_days_is_reminded(people, consent):
    sweep(UNTIL - dt.timedelta(days=30), Kind.CONSENT_EXPIRING)

    reminder = reminders(Kind.CONSENT_EXPIRING).get()
    assert (reminder.target, reminder.period) == (f"consent:{consent.pk}", "expiring")
    assert (reminder.agency, reminder.user) == (people.hub, people.hub_worker)


def test_consent_expiring_in_thirty_one_days_is_not_reminded_yet(consent):
    sweep(UNTIL - dt.timedelta(days=31), Kind.CONSENT_EXPIRING)

    assert not reminders(Kind.CONSENT_EXPIRING).exists()


def test_consent_on_its_last_day_is_still_expiring_not_expired(consent):
    sweep(UNTIL, Kind.CONSENT_EXPIRING)

    assert set(reminders(Kind.CONSENT_EXPIRING).values_list("period", flat=True)) == {"expiring"}


def test_expired_consent_is_a_second_reminder(consent):
    sweep(UNTIL - dt.timedelta(days=30), Kind.CONSENT_EXPIRING)

    sweep(UNTIL + dt.timedelta(days=1), Kind.CONSENT_EXPIRING)

    assert keys(Kind.CONSENT_EXPIRING) == {
        (f"consent:{consent.pk}", "expiring"),
        (f"consent:{consent.pk}", "expired"),
    }


def test_an_expiring_consent_is_labelled_expiring(consent):
    sweep(UNTIL - dt.timedelta(days=30), Kind.CONSENT_EXPIRING)

    reminder = reminders(Kind.CONSENT_EXPIRING).get()
    with on(UNTIL - dt.timedelta(days=30)):
        assert (reminder.label, reminder.text) == (
            str(_("Consent expiring")),
            _("Consent expires on %(date)s.") % {"date": "令和7年12月31日"},
        )


def test_an_expired_consent_is_labelled_expired(consent):
    sweep(UNTIL + dt.timedelta(days=1), Kind.CONSENT_EXPIRING)

    reminder = reminders(Kind.CONSENT_EXPIRING).get(period="expired")
    with on(UNTIL + dt.timedelta(days=1)):
        assert (reminder.label, reminder.text) == (
            str(_("Consent expired")),
            _("Consent expired on %(date)s.") % {"date": "令和7年12月31日"},
        )


def test_an_expiring_reminder_says_expired_once_the_consent_has_expired(consent):
    """Read the day after the last day, before the sweep has made the expired one."""
    sweep(UNTIL - dt.timedelta(days=30), Kind.CONSENT_EXPIRING)

    reminder = reminders(Kind.CONSENT_EXPIRING).get()
    with on(UNTIL + dt.timedelta(days=1)):
        assert reminder.label == str(_("Consent expired"))


def test_a_consent_on_its_last_day_is_labelled_expiring(consent):
    sweep(UNTIL, Kind.CONSENT_EXPIRING)

    with on(UNTIL):
        assert reminders(Kind.CONSENT_EXPIRING).get().label == str(_("Consent expiring"))


def test_withdrawn_consent_is_not_reminded(people, consent):
    with on(dt.date(2025, 6, 1)):
        case_services.consent_withdraw(
            actor=people.hub_worker, consent=consent, reason="本人の申出"
        )

    sweep(UNTIL - dt.timedelta(days=30), Kind.CONSENT_EXPIRING)
    sweep(UNTIL + dt.timedelta(days=1), Kind.CONSENT_EXPIRING)

    assert not reminders(Kind.CONSENT_EXPIRING).exists()


def test_a_renewed_consent_does_not_remind_about_the_old_one(people, consent):
    with on(UNTIL - dt.timedelta(days=40)):
        record_consent(
            case=consent.case,
            by=people.hub_worker,
            valid_from=UNTIL - dt.timedelta(days=40),
            valid_until=UNTIL + dt.timedelta(days=365),
        )

    sweep(UNTIL + dt.timedelta(days=1), Kind.CONSENT_EXPIRING)

    assert not reminders(Kind.CONSENT_EXPIRING).exists()


# --- meeting action items ----------------------------------------------------------------


@pytest.fixture
def action(kit, story):
    meeting = kit.plan(invite=(story.team_worker,), cases=(story.case,))
    item = meeting.items.get()
    kit.publish(meeting)
    kit.hold(meeting)
    return meeting_services.action_add(
        actor=kit.coordinator,
        meeting=meeting,
        item=item,
        description="長男と面談する",
        agency=story.team_agency,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )


def test_a_meeting_action_is_overdue_the_day_after_it_was_due(story, action):
    sweep(action.due_on + dt.timedelta(days=1), Kind.ACTION_OVERDUE)

    reminder = reminders(Kind.ACTION_OVERDUE).get()
    assert (reminder.target, reminder.period) == (f"action:{action.pk}", action.due_on.isoformat())
    assert (reminder.agency, reminder.case) == (story.team_agency, story.case)


def test_a_meeting_action_is_not_overdue_on_its_due_date(action):
    sweep(action.due_on, Kind.ACTION_OVERDUE)

    assert not reminders(Kind.ACTION_OVERDUE).exists()


def test_a_done_meeting_action_is_not_overdue(story, action):
    meeting_services.action_set_status(actor=story.team_worker, action=action, status="done")

    sweep(action.due_on + dt.timedelta(days=1), Kind.ACTION_OVERDUE)

    assert not reminders(Kind.ACTION_OVERDUE).exists()
