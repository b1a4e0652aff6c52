import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from agencies import demo
from agencies.models import Agency, Area, Membership, User
from cases.models import (
    Case,
    CaseProject,
    Closure,
    Concern,
    Consultation,
    Project,
    Referral,
    SupportPlan,
)
from community.models import Donation, Group, Place, Platform
from core.demo import demo_clock
from core.wareki import fiscal_year, fiscal_year_bounds
from meetings.models import AgendaItem, Meeting
from participation.models import Matching, SupportMenu

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return demo.load_city()


def test_the_demo_city_has_four_junior_high_districts(city):
    assert Area.objects.filter(level=Area.Level.JUNIOR_HIGH).count() == 4
    assert Area.objects.filter(level=Area.Level.ELEMENTARY).count() == 8


def test_the_demo_city_has_about_twelve_agencies_and_one_hub(city):
    assert Agency.objects.count() == 12
    assert Agency.objects.filter(is_hub=True).count() == 1


def test_the_demo_city_has_staff_in_every_role(city):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)


def test_loading_the_demo_twice_changes_nothing(city):
    again = demo.load_city()
    assert again.created is False
    assert Agency.objects.count() == 12
    assert again.logins == city.logins


def test_every_demo_user_can_log_in_through_the_login_page(client, city):
    usernames = [username for username, _agency, _role in city.logins]
    assert len(usernames) == User.objects.filter(kind=User.Kind.STAFF).count()
    for n, username in enumerate(usernames):
        response = client.post(
            reverse("login"),
            {"username": username, "password": demo.DEMO_PASSWORD},
            REMOTE_ADDR=f"10.1.0.{n}",
        )
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200
        client.logout()


def test_the_demo_partner_system_token_works(client, city):
    response = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {city.service_token}")
    assert response.status_code == 200
    assert response.json()["username"] == demo.SERVICE_ACCOUNT[0]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """`manage.py load_demo` and then `run_reminder_sweep`, once for the module (they take
    a while), rolled back afterwards; yields what load_demo printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        call_command("run_reminder_sweep", verbosity=0, stdout=io.StringIO())
        yield out.getvalue()
        transaction.set_rollback(True)


def test_the_load_demo_command_prints_the_logins(loaded):
    assert "sogo-coordinator" in loaded
    assert demo.DEMO_PASSWORD in loaded


def test_every_history_reason_the_demo_and_the_sweep_write_reads_in_japanese(loaded):
    """Reasons are stored as marked English message ids (core/history.py): each one the
    services wrote while the demo loaded, and the reminder sweep after it, has a Japanese
    translation, so no history page shows an English reason."""
    from django.apps import apps
    from django.utils import translation

    from core.history import DETAIL_SEPARATOR, reason_text

    stored: set[str] = set()
    for model in apps.get_models():
        if any(f.name == "history_change_reason" for f in model._meta.fields):
            stored |= set(model.objects.values_list("history_change_reason", flat=True))
    stored.discard(None)
    assert len(stored) > 20
    with translation.override("ja"):
        untranslated = {
            s
            for s in stored
            if s.isascii()
            and reason_text(s).partition(DETAIL_SEPARATOR)[0] == s.partition(DETAIL_SEPARATOR)[0]
        }
    assert untranslated == set()


# --- the demo clock ----------------------------------------------------------------------


def test_inside_the_demo_clock_now_reads_the_moment_and_moves_on_after_it():
    moment = timezone.make_aware(dt.datetime(2025, 6, 2, 17, 30))
    with demo_clock(moment):
        first, second = timezone.now(), timezone.now()
        today = timezone.localdate()
    assert first == moment
    assert second > first
    assert today == dt.date(2025, 6, 2)
    assert timezone.now() > moment + dt.timedelta(days=300)


def test_the_demo_clock_refuses_a_naive_moment():
    with pytest.raises(ValueError, match="aware"), demo_clock(dt.datetime(2025, 6, 2)):
        pass  # pragma: no cover


# --- a fiscal year of figures: the previous full year (docs/demo.md) ---------------------
# A published figure suppresses counts of 1 or 2, so a family of figures is meaningful
# only where some of its cells reach 3.

MIN = 3


def _last_year() -> tuple[dt.date, dt.date]:
    return fiscal_year_bounds(fiscal_year(timezone.localdate()) - 1)


def _moments(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    return start, end


def _opened_last_year():
    return Case.objects.filter(opened_on__range=_last_year())


def test_cases_were_opened_in_every_month_of_the_last_fiscal_year(loaded):
    months = Counter(
        (d.year, d.month) for d in _opened_last_year().values_list("opened_on", flat=True)
    )
    assert len(months) == 12
    assert min(months.values()) >= MIN


def test_every_junior_high_district_had_cases_opened_last_year(loaded):
    districts = Counter(
        _opened_last_year().values_list("household__area__parent__parent__name", flat=True)
    )
    assert set(districts) == {"東中学校区", "西中学校区", "南中学校区", "北中学校区"}
    assert min(districts.values()) >= MIN


def test_last_years_cases_came_by_many_routes_with_varied_and_compound_concerns(loaded):
    routes = Counter(_opened_last_year().values_list("referral_source", flat=True))
    assert sum(1 for n in routes.values() if n >= MIN) >= 5
    categories = Counter(
        Concern.objects.filter(case__in=_opened_last_year()).values_list("category", flat=True)
    )
    assert sum(1 for n in categories.values() if n >= MIN) >= 6
    compound = (
        _opened_last_year()
        .annotate(kinds=Count("concerns__category", distinct=True))
        .filter(kinds__gte=2)
    )
    assert compound.count() >= MIN


def test_last_year_had_consultations_of_every_mode_by_several_agencies(loaded):
    year = Consultation.objects.filter(occurred_at__range=_moments(*_last_year()))
    modes = Counter(year.values_list("mode", flat=True))
    assert set(modes) == set(Consultation.Mode.values)
    assert min(modes.values()) >= MIN
    agencies = Counter(year.values_list("agency", flat=True))
    assert sum(1 for n in agencies.values() if n >= MIN) >= 5


def test_last_years_outreach_found_cases_made_contacts_of_every_outcome_and_won_consent(loaded):
    first, last = _last_year()
    found = CaseProject.objects.filter(project=Project.OUTREACH, started_on__range=(first, last))
    assert found.count() >= MIN
    outcomes = Counter(
        Consultation.objects.filter(occurred_at__range=_moments(first, last))
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    assert set(outcomes) == set(Consultation.Outcome.values)
    assert min(outcomes.values()) >= MIN
    converted = CaseProject.objects.filter(project=Project.OUTREACH, ended_on__range=(first, last))
    assert converted.count() >= 1


def test_last_year_enrolled_cases_in_every_project(loaded):
    first, last = _last_year()
    enrolled = Counter(
        CaseProject.objects.filter(started_on__range=(first, last)).values_list(
            "project", flat=True
        )
    )
    assert set(enrolled) == set(Project.values)
    for project in (Project.CONSULTATION, Project.OUTREACH, Project.COLLABORATION):
        assert enrolled[project] >= MIN


def test_meetings_of_each_kind_were_held_last_year_and_discussed_cases(loaded):
    held = Meeting.objects.filter(
        starts_at__range=_moments(*_last_year()),
        status__in=[Meeting.Status.HELD, Meeting.Status.APPROVED],
    )
    kinds = Counter(held.values_list("kind", flat=True))
    for kind in (Meeting.Kind.SUPPORT, Meeting.Kind.MULTI_LAYERED, Meeting.Kind.PROMOTION):
        assert kinds[kind] >= 1, kind
    discussed = AgendaItem.objects.filter(meeting__in=held, case__isnull=False)
    assert discussed.filter(meeting__kind=Meeting.Kind.SUPPORT).count() >= MIN
    assert discussed.filter(meeting__kind=Meeting.Kind.MULTI_LAYERED).count() >= MIN


def test_last_years_referrals_were_accepted_and_returned_after_varying_days(loaded):
    sent = Referral.objects.filter(sent_at__range=_moments(*_last_year()))
    statuses = Counter(sent.values_list("status", flat=True))
    assert statuses[Referral.Status.ACCEPTED] >= MIN
    assert statuses[Referral.Status.RETURNED] >= MIN
    days = {r.response_time.days for r in sent if r.response_time is not None}
    assert len(days) >= 5
    assert min(days) >= 0


def test_plans_were_made_and_approved_last_year(loaded):
    made = SupportPlan.objects.filter(created_at__range=_moments(*_last_year()))
    assert made.count() >= MIN
    approved = SupportPlan.history.filter(
        history_change_reason="plan approved", history_date__range=_moments(*_last_year())
    )
    assert approved.count() >= MIN


def test_last_years_closures_had_several_reasons_and_durations(loaded):
    closed = Case.objects.filter(closed_on__range=_last_year())
    reasons = Counter(
        Closure.objects.filter(case__in=closed, status=Closure.Status.APPROVED).values_list(
            "reason", flat=True
        )
    )
    assert sum(1 for n in reasons.values() if n >= MIN) >= 2
    months = {(c.closed_on - c.opened_on).days // 30 for c in closed}
    assert len(months) >= 4


def test_long_running_cases_were_open_at_the_end_of_last_year(loaded):
    _, last = _last_year()
    open_then = Case.objects.filter(opened_on__lte=last).exclude(closed_on__lte=last)
    ages = Counter((last - c.opened_on).days // 365 for c in open_then)
    assert ages[0] >= MIN  # under a year
    assert sum(n for years, n in ages.items() if years >= 1) >= MIN
    assert sum(n for years, n in ages.items() if years >= 2) >= MIN


def test_last_years_matchings_have_several_statuses_and_some_lasted_six_months(loaded):
    first, last = _last_year()
    proposed = Matching.objects.filter(proposed_on__range=(first, last))
    statuses = Counter(proposed.values_list("status", flat=True))
    assert sum(1 for n in statuses.values() if n >= MIN) >= 2
    started = Matching.objects.filter(started_on__range=(first, last))
    for months in (3, 6):
        kept = [
            m
            for m in started
            if (m.ended_on or timezone.localdate()) >= m.started_on + dt.timedelta(days=30 * months)
        ]
        assert len(kept) >= MIN, months
    assert SupportMenu.objects.filter(developed_on__range=(first, last)).count() >= MIN


def test_community_groups_places_and_donations_grow_year_on_year(loaded):
    first, last = _last_year()
    _, end = _moments(first, last)
    year_before = _moments(*fiscal_year_bounds(fiscal_year(first) - 1))[1]
    groups_then = Group.objects.filter(created_at__lt=end)
    assert Group.objects.filter(created_at__lt=year_before).count() >= MIN
    assert groups_then.count() - Group.objects.filter(created_at__lt=year_before).count() >= MIN
    assert groups_then.values("area").distinct().count() >= 4
    assert groups_then.values("kind").distinct().count() >= 4
    assert Place.objects.filter(created_at__lt=end).count() >= MIN
    platform = Platform.history.filter(history_date__lt=end).order_by("-history_date").first()
    assert platform is not None and platform.groups.count() >= MIN
    assert Donation.objects.filter(received_on__range=(first, last)).count() >= MIN


def test_back_dated_records_carry_their_day_in_their_history(loaded):
    referral = (
        Referral.objects.filter(sent_at__range=_moments(*_last_year())).order_by("pk").first()
    )
    sent = referral.history.earliest("history_date")
    # The demo clock moves a millisecond per reading, so the stamps of one step differ by
    # a few milliseconds; they are of the same moment on the same day.
    assert abs(sent.history_date - referral.sent_at) < dt.timedelta(seconds=1)
    assert abs(referral.created_at - referral.sent_at) < dt.timedelta(seconds=1)
    assert timezone.localdate(sent.history_date) == timezone.localdate(referral.sent_at)


def test_nothing_the_demo_wrote_is_dated_in_the_future(loaded):
    now = timezone.now()
    assert not Case.objects.filter(opened_on__gt=timezone.localdate()).exists()
    assert not Consultation.objects.filter(occurred_at__gt=now).exists()
    assert not Referral.objects.filter(responded_at__gt=now).exists()
    assert not Closure.objects.filter(decided_at__gt=now).exists()
    assert not SupportPlan.objects.filter(created_at__gt=now).exists()
    assert not Matching.objects.filter(ended_on__gt=timezone.localdate()).exists()


def test_loading_the_year_again_creates_nothing(loaded):
    from cases.demo.year import load_year

    assert load_year() == 0
