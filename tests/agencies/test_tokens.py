"""Partner tokens: stored as digests only, several per account, expiring, scoped, rotated
and revoked through agencies/tokens.py, and the API's answers to each kind of token."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agencies import services, tokens
from agencies.api.authentication import (
    READ_ONLY_TOKEN,
    TOKEN_EXPIRED,
    TOKEN_INVALID,
    TOKEN_REVOKED,
)
from agencies.models import Membership, PartnerToken
from tests.factories import ServiceAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner(people):
    account, clear = ServiceAccountFactory(agency=people.hub)
    return account.memberships.get(), clear


def bearer(api: APIClient, clear: str) -> APIClient:
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {clear}")
    return api


# --- issuing ------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_digest(people, partner):
    membership, clear = partner
    stored = membership.user.partner_tokens.get()
    assert stored.digest == tokens.token_digest(clear)
    assert clear not in {str(value) for value in vars(stored).values()}
    assert clear.startswith(stored.prefix)


def test_a_token_expires_after_the_configured_number_of_days(people, settings):
    settings.PARTNER_TOKEN_TTL_DAYS = 30
    account, _ = ServiceAccountFactory(agency=people.hub)
    stored = account.partner_tokens.get()
    assert stored.expires_at - stored.created_at == pytest.approx(
        dt.timedelta(days=30), abs=dt.timedelta(seconds=5)
    )


def test_an_account_can_hold_several_tokens_that_all_work(api, people, partner):
    membership, first = partner
    _, second = tokens.token_issue(
        actor=people.hub_admin, membership=membership, name="staging", scope="read"
    )
    for clear in (first, second):
        assert bearer(api, clear).get(reverse("api:me")).status_code == 200


def test_issuing_a_token_names_the_admin_in_its_history(people, partner):
    membership, _ = partner
    token, _ = tokens.token_issue(
        actor=people.hub_admin, membership=membership, name="本番", scope="read"
    )
    record = token.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        people.hub_admin,
        "token issued",
    )
    assert token.created_by == people.hub_admin


def test_the_history_of_a_token_holds_no_digest(people, partner):
    membership, _ = partner
    record = membership.user.partner_tokens.get().history.latest()
    assert not hasattr(record, "digest")


def test_another_agencys_admin_cannot_issue_a_token(people, partner):
    membership, _ = partner
    with pytest.raises(PermissionDenied):
        tokens.token_issue(actor=people.other_admin, membership=membership, name="x", scope="read")


def test_a_staff_member_gets_no_token(people):
    membership = people.hub_worker.memberships.get()
    with pytest.raises(PermissionDenied):
        tokens.token_issue(actor=people.hub_admin, membership=membership, name="x", scope="read")


def test_a_token_with_an_unknown_scope_is_refused(people, partner):
    membership, _ = partner
    with pytest.raises(ValidationError) as raised:
        tokens.token_issue(actor=people.hub_admin, membership=membership, name="x", scope="all")
    assert "scope" in raised.value.message_dict


# --- the API's answers ------------------------------------------------------------------


def test_the_token_scheme_is_accepted_as_well_as_bearer(api, partner):
    _, clear = partner
    api.credentials(HTTP_AUTHORIZATION=f"Token {clear}")
    assert api.get(reverse("api:me")).status_code == 200


def test_an_unknown_token_is_401_with_a_code(api, people):
    response = bearer(api, "pt_not-a-real-token").get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json() == {"detail": str(TOKEN_INVALID), "code": "token_invalid"}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_is_401_at_once(api, people, partner):
    membership, clear = partner
    assert bearer(api, clear).get(reverse("api:me")).status_code == 200
    tokens.token_revoke(
        actor=people.hub_admin, membership=membership, token=membership.user.partner_tokens.get()
    )
    response = api.get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json() == {"detail": str(TOKEN_REVOKED), "code": "token_revoked"}


def test_an_expired_token_is_401(api, people, partner):
    membership, clear = partner
    PartnerToken.objects.filter(user=membership.user).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = bearer(api, clear).get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json() == {"detail": str(TOKEN_EXPIRED), "code": "token_expired"}


def test_a_read_token_may_read(api, people):
    _, clear = ServiceAccountFactory(agency=people.hub, scope="read")
    assert bearer(api, clear).get(reverse("api:agency-list")).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_read_token_cannot_write(api, people, method):
    _, clear = ServiceAccountFactory(agency=people.hub, scope="read")
    response = getattr(bearer(api, clear), method)(reverse("api:agency-list"), {}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": str(READ_ONLY_TOKEN), "code": "read_only_token"}


def test_a_read_token_cannot_record_a_consultation(api, story):
    _, clear = ServiceAccountFactory(agency=story.hub, scope="read")
    response = bearer(api, clear).post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {"occurred_at": timezone.now().isoformat(), "mode": "online", "narrative": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert not story.case.consultations.filter(narrative="x").exists()


def test_a_read_write_token_passes_the_scope_check(api, people, partner):
    _, clear = partner  # read_write: the directory answers 405, not 403
    assert bearer(api, clear).post(reverse("api:agency-list"), {}).status_code == 405


def test_using_a_token_stamps_its_last_use_at_most_once_a_minute(api, partner):
    membership, clear = partner
    stored = membership.user.partner_tokens.get()
    assert stored.last_used_at is None
    bearer(api, clear).get(reverse("api:me"))
    stored.refresh_from_db()
    first = stored.last_used_at
    assert first is not None
    api.get(reverse("api:me"))
    stored.refresh_from_db()
    assert stored.last_used_at == first
    PartnerToken.objects.filter(pk=stored.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    api.get(reverse("api:me"))
    stored.refresh_from_db()
    assert stored.last_used_at > first


def test_last_use_writes_no_history_row(api, partner):
    membership, clear = partner
    stored = membership.user.partner_tokens.get()
    rows = stored.history.count()
    bearer(api, clear).get(reverse("api:me"))
    assert stored.history.count() == rows


# --- rotation and revocation --------------------------------------------------------------


def test_rotating_a_token_revokes_the_old_one_and_keeps_label_and_scope(api, people, partner):
    membership, old_clear = partner
    old = membership.user.partner_tokens.get()
    new, new_clear = tokens.token_rotate(actor=people.hub_admin, membership=membership, token=old)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert (new.name, new.scope, new.replaces) == (old.name, old.scope, old)
    assert bearer(api, old_clear).get(reverse("api:me")).status_code == 401
    assert bearer(api, new_clear).get(reverse("api:me")).status_code == 200


def test_a_revoked_token_cannot_be_rotated(people, partner):
    membership, _ = partner
    token = membership.user.partner_tokens.get()
    tokens.token_revoke(actor=people.hub_admin, membership=membership, token=token)
    with pytest.raises(ValidationError):
        tokens.token_rotate(actor=people.hub_admin, membership=membership, token=token)


def test_revoking_names_the_admin_in_the_history(people, partner):
    membership, _ = partner
    token = tokens.token_revoke(
        actor=people.hub_admin, membership=membership, token=membership.user.partner_tokens.get()
    )
    record = token.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        people.hub_admin,
        "token revoked",
    )


def test_ending_the_membership_revokes_every_token_of_the_account(api, people, partner):
    membership, first = partner
    _, second = tokens.token_issue(
        actor=people.hub_admin, membership=membership, name="2", scope="read"
    )
    services.membership_deactivate(
        actor=people.hub_admin, membership=membership, expected_version=membership.version
    )
    assert not membership.user.partner_tokens.filter(revoked_at=None).exists()
    for clear in (first, second):
        assert bearer(api, clear).get(reverse("api:me")).status_code == 401
    record = membership.user.partner_tokens.first().history.latest()
    assert record.history_change_reason == "token revoked: membership ended"


def test_a_token_of_another_account_cannot_be_revoked_through_this_one(people, partner):
    membership, _ = partner
    stranger, _ = ServiceAccountFactory(agency=people.hub, username="another-system")
    with pytest.raises(PermissionDenied):
        tokens.token_revoke(
            actor=people.hub_admin,
            membership=membership,
            token=stranger.partner_tokens.get(),
        )
    assert stranger.partner_tokens.get().revoked_at is None


def test_a_service_account_cannot_become_coordinator_and_organise_meetings(people, partner):
    membership, _ = partner
    with pytest.raises(ValidationError):
        services.membership_change_role(
            actor=people.hub_admin,
            membership=membership,
            role=Membership.Role.COORDINATOR,
            expected_version=membership.version,
        )


def test_a_call_without_credentials_is_401_with_a_code(api, people):
    response = api.get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_malformed_authorization_header_is_401(api, people):
    api.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    response = api.get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json()["code"] == "token_malformed"


def test_a_token_of_a_deactivated_account_is_401(api, people, partner):
    membership, clear = partner
    membership.user.is_active = False
    membership.user.save(update_fields=["is_active"])
    response = bearer(api, clear).get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json()["code"] == "account_inactive"


def test_a_token_stops_working_when_its_account_is_made_a_staff_account(api, people, partner):
    membership, clear = partner
    User = type(membership.user)
    User.objects.filter(pk=membership.user_id).update(kind=User.Kind.STAFF)
    response = bearer(api, clear).get(reverse("api:me"))
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


def test_ending_the_membership_forgets_the_accounts_stored_idempotent_answers(people):
    from agencies import services as agency_services
    from core.models import IdempotencyRecord

    IdempotencyRecord.objects.create(user=people.hub_worker, key="k", fingerprint="f")
    membership = people.hub_worker.memberships.get()
    agency_services.membership_deactivate(
        actor=people.hub_admin, membership=membership, expected_version=membership.version
    )
    assert not IdempotencyRecord.objects.filter(user=people.hub_worker).exists()
