"""factory_boy factories. Agencies and staff are made through the real services, so the
permission groups and memberships exist exactly as in production."""

import factory

from agencies import services
from agencies.models import Agency, Area, Membership, User

PASSWORD = "correct-horse-battery-staple"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"第{n}中学校区")
    level = Area.Level.JUNIOR_HIGH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"職員 {n}号")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"テスト機関{n}")
    kind = Agency.Kind.COMMUNITY_SUPPORT_CENTER
    is_hub = False
    phone = "0000-00-0000"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.agency_create(actor=None, **kwargs)


def StaffFactory(*, agency: Agency, role: str = Membership.Role.CASEWORKER, **user_kwargs) -> User:
    """A user who belongs to `agency` with `role`."""
    user = UserFactory(**user_kwargs)
    services.membership_add(actor=None, agency=agency, user=user, role=role)
    return user


def ServiceAccountFactory(
    *, agency: Agency, username: str = "partner-system", scope: str = "read_write"
) -> tuple[User, str]:
    """A partner system's account and its first token (clear), by default read_write."""
    return services.service_account_create(
        actor=None,
        agency=agency,
        username=username,
        full_name="連携システム",
        role=Membership.Role.CASEWORKER,
        token_scope=scope,
    )


# --- cases ------------------------------------------------------------------------------

import datetime as dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from cases import services as case_services  # noqa: E402
from cases.models import Case, Consent, HouseholdMembership, Project  # noqa: E402
from cases.services.consultations import ConsultationData  # noqa: E402
from cases.services.households import PersonData  # noqa: E402


def consultation_data(**overrides) -> ConsultationData:
    values = {
        "occurred_at": timezone.now() - dt.timedelta(hours=1),
        "mode": "phone",
        "narrative": "本人から電話。母の介護と自身の就労について相談したい。",
        "minutes": 30,
        "projects": [Project.CONSULTATION],
    }
    values.update(overrides)
    return ConsultationData(**values)


def open_case(
    *, worker: User, agency: Agency | None = None, name: str = "山田家", **kwargs
) -> Case:
    """A household of two (an 8050 household) with an open case and a first consultation,
    made through the intake service exactly as a caseworker would."""
    members = kwargs.pop(
        "members",
        [
            PersonData(
                family_name="山田",
                given_name="トメ",
                family_name_kana="やまだ",
                given_name_kana="とめ",
                birth_date=dt.date(1944, 4, 2),
                sex="female",
                relation=HouseholdMembership.Relation.HEAD,
            ),
            PersonData(
                family_name="山田",
                given_name="一郎",
                family_name_kana="やまだ",
                given_name_kana="いちろう",
                birth_date=dt.date(1974, 8, 15),
                sex="male",
                relation=HouseholdMembership.Relation.CHILD,
            ),
        ],
    )
    return case_services.intake(
        actor=worker,
        agency=agency,
        household_name=name,
        members=members,
        address="テスト市本町1-2-3",
        title=kwargs.pop("title", "8050世帯：母の介護と長男のひきこもり"),
        referral_source=kwargs.pop("referral_source", Case.Source.FAMILY),
        projects=kwargs.pop("projects", [Project.CONSULTATION]),
        consultation=kwargs.pop("consultation", consultation_data()),
        **kwargs,
    )


def record_consent(*, case: Case, by: User, **overrides) -> Consent:
    values = {
        "person": case.household.memberships.first().person,
        "purposes": [Consent.Purpose.SHARING],
        "method": Consent.Method.WRITTEN,
        "valid_from": timezone.localdate() - dt.timedelta(days=1),
        "valid_until": timezone.localdate() + dt.timedelta(days=365),
        "all_team_agencies": True,
    }
    values.update(overrides)
    return case_services.consent_record(actor=by, case=case, **values)


def log_contact(*, case: Case, by: User, occurred_at: dt.datetime):
    """A consultation logged through the service (it moves the case's last contact)."""
    return case_services.consultation_log(
        actor=by, case=case, data=consultation_data(occurred_at=occurred_at)
    )


def close_case(*, case: Case, worker: User, supervisor: User, evaluation: str = "自立") -> Case:
    """Closure proposed by the worker and approved by a supervisor, through the services."""
    closure = case_services.closure_propose(actor=worker, case=case, reason="goals_met")
    return case_services.closure_approve(actor=supervisor, closure=closure, evaluation=evaluation)
