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


def ServiceAccountFactory(*, agency: Agency, username: str = "partner-system") -> tuple[User, str]:
    return services.service_account_create(
        actor=None,
        agency=agency,
        username=username,
        full_name="連携システム",
        role=Membership.Role.CASEWORKER,
    )
