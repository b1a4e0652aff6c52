"""The agency administrator's API-token page for a partner system: list, issue, rotate and
revoke. Only that agency's administrator (or a superuser) may; the agency's other staff
get 403 saying so, anyone outside it 404, an anonymous visitor the login page."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from agencies import access, tokens
from agencies.models import PartnerToken
from tests.factories import ServiceAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

TOKEN = re.compile(r"pt_[A-Za-z0-9_-]{43}")


@pytest.fixture
def partner(people):
    account, clear = ServiceAccountFactory(agency=people.hub)
    return account.memberships.get(), clear


def urls(membership) -> dict[str, str]:
    args = [membership.agency_id, membership.pk]
    token = membership.user.partner_tokens.first()
    return {
        "list": reverse("agencies:partner_tokens", args=args),
        "create": reverse("agencies:partner_token_create", args=args),
        "rotate": reverse("agencies:partner_token_rotate", args=[*args, token.pk]),
        "revoke": reverse("agencies:partner_token_revoke", args=[*args, token.pk]),
    }


def test_the_agency_admin_sees_the_accounts_tokens_without_the_token(client, people, partner):
    membership, clear = partner
    client.force_login(people.hub_admin)
    response = client.get(urls(membership)["list"])
    assert response.status_code == 200
    stored = membership.user.partner_tokens.get()
    assert stored.name in response.text
    assert stored.prefix in response.text
    assert clear not in response.text
    assert stored.digest not in response.text


def test_the_staff_page_links_to_a_partner_systems_tokens(client, people, partner):
    membership, _ = partner
    client.force_login(people.hub_admin)
    response = client.get(reverse("agencies:staff", args=[people.hub.pk]))
    assert urls(membership)["list"] in response.text


def test_the_agency_admin_issues_a_token_and_sees_it_once(client, people, partner):
    membership, _ = partner
    client.force_login(people.hub_admin)
    response = client.post(urls(membership)["create"], {"name": "本番サーバー", "scope": "read"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    clear = TOKEN.search(response.text).group()
    token = PartnerToken.objects.get(digest=tokens.token_digest(clear))
    assert (token.name, token.scope, token.created_by) == ("本番サーバー", "read", people.hub_admin)
    assert clear not in client.get(urls(membership)["list"]).text


def test_a_token_without_a_label_is_a_form_error(client, people, partner):
    membership, _ = partner
    client.force_login(people.hub_admin)
    response = client.post(urls(membership)["create"], {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert membership.user.partner_tokens.count() == 1


def test_an_unknown_scope_is_a_form_error(client, people, partner):
    membership, _ = partner
    client.force_login(people.hub_admin)
    response = client.post(urls(membership)["create"], {"name": "x", "scope": "admin"})
    assert response.status_code == 400
    assert membership.user.partner_tokens.count() == 1


def test_the_agency_admin_rotates_a_token(client, people, partner):
    membership, old_clear = partner
    page = urls(membership)
    client.force_login(people.hub_admin)
    response = client.post(page["rotate"])
    assert response.status_code == 200
    new_clear = TOKEN.search(response.text).group()
    assert new_clear != old_clear
    old, new = membership.user.partner_tokens.order_by("id")
    assert old.revoked_at is not None
    assert new.digest == tokens.token_digest(new_clear)


def test_the_agency_admin_revokes_a_token(client, people, partner):
    membership, _ = partner
    page = urls(membership)
    client.force_login(people.hub_admin)
    response = client.post(page["revoke"])
    assert response.status_code == 302
    assert membership.user.partner_tokens.get().revoked_at is not None


def test_rotating_a_revoked_token_says_why(client, people, partner):
    membership, _ = partner
    page = urls(membership)
    client.force_login(people.hub_admin)
    client.post(page["revoke"])
    response = client.post(page["rotate"], follow=True)
    assert str(tokens.TOKEN_NOT_USABLE) in response.text
    assert membership.user.partner_tokens.count() == 1


@pytest.mark.parametrize("action", ["create", "rotate", "revoke"])
def test_token_changes_need_post(client, people, partner, action):
    membership, _ = partner
    client.force_login(people.hub_admin)
    assert client.get(urls(membership)[action]).status_code == 405


@pytest.mark.parametrize("action", ["create", "rotate", "revoke"])
def test_token_changes_need_the_csrf_token(people, partner, action):
    from django.test import Client

    membership, _ = partner
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.hub_admin)
    assert client.post(urls(membership)[action], {"name": "x", "scope": "read"}).status_code == 403
    assert membership.user.partner_tokens.filter(revoked_at=None).count() == 1


@pytest.mark.parametrize("who", ["other_admin", "other_worker", "no_agency"])
@pytest.mark.parametrize("action", ["list", "create", "rotate", "revoke"])
def test_anyone_outside_the_agency_gets_404_from_the_token_page(
    client, people, partner, who, action
):
    membership, _ = partner
    client.force_login(getattr(people, who))
    url = urls(membership)[action]
    response = client.get(url) if action == "list" else client.post(url, {"name": "x"})
    assert response.status_code == 404
    token = membership.user.partner_tokens.get()
    assert token.revoked_at is None


@pytest.mark.parametrize("who", ["hub_worker", "hub_coordinator", "hub_supervisor"])
@pytest.mark.parametrize("action", ["list", "create", "rotate", "revoke"])
def test_the_agencys_other_staff_are_told_only_its_admin_manages_tokens(
    client, people, partner, who, action
):
    membership, _ = partner
    client.force_login(getattr(people, who))
    url = urls(membership)[action]
    response = client.get(url) if action == "list" else client.post(url, {"name": "x"})
    assert response.status_code == 403
    with override("ja"):
        assert escape(str(access.NOT_AGENCY_ADMIN)) in response.text
    assert membership.user.partner_tokens.get().revoked_at is None


@pytest.mark.parametrize("action", ["list", "create", "rotate", "revoke"])
def test_an_anonymous_visitor_is_sent_to_login_from_the_token_page(client, partner, action):
    membership, _ = partner
    url = urls(membership)[action]
    response = client.get(url) if action == "list" else client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_superuser_may_manage_the_tokens(client, people, partner):
    membership, _ = partner
    client.force_login(people.superuser)
    assert client.get(urls(membership)["list"]).status_code == 200


def test_a_staff_member_has_no_token_page(client, people):
    membership = people.hub_worker.memberships.get()
    client.force_login(people.hub_admin)
    url = reverse("agencies:partner_tokens", args=[people.hub.pk, membership.pk])
    assert client.get(url).status_code == 404


def test_a_token_of_another_account_cannot_be_revoked_through_this_page(client, people, partner):
    membership, _ = partner
    stranger, _ = ServiceAccountFactory(agency=people.hub, username="another-system")
    token = stranger.partner_tokens.get()
    url = reverse("agencies:partner_token_revoke", args=[people.hub.pk, membership.pk, token.pk])
    client.force_login(people.hub_admin)
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
