"""Permission stories for every agency page: the allowed user succeeds; another agency's
admin, a caseworker of the same agency, a user with no agency and an anonymous visitor are
refused clearly (403 naming the rule, or the login page)."""

import re

import pytest
from django.urls import reverse

from agencies import tokens
from agencies.models import Agency, Membership, User
from core.concurrency import STALE_EDIT
from tests.factories import AgencyFactory, ServiceAccountFactory

pytestmark = pytest.mark.django_db

ADMIN_ONLY_ERROR = "この機関の職員や機関情報を管理できるのは、この機関の管理者だけです。"


def _admin_pages(people):
    membership = Membership.objects.get(user=people.hub_worker)
    return [
        reverse("agencies:edit", args=[people.hub.pk]),
        reverse("agencies:staff", args=[people.hub.pk]),
        reverse("agencies:staff_create", args=[people.hub.pk]),
        reverse("agencies:service_account_create", args=[people.hub.pk]),
        reverse("agencies:membership_edit", args=[people.hub.pk, membership.pk]),
    ]


# --- the directory: every staff member may read it --------------------------------------


@pytest.mark.parametrize("who", ["hub_worker", "other_worker", "hub_admin", "superuser"])
def test_staff_of_any_agency_can_read_the_directory(client, people, who):
    client.force_login(getattr(people, who))
    response = client.get(reverse("agencies:list"))
    assert response.status_code == 200
    assert people.hub.name in response.text
    assert people.other.name in response.text


def test_anonymous_visitor_is_sent_to_login_from_the_directory(client, people):
    response = client.get(reverse("agencies:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_an_agency_is_refused_the_directory_with_a_reason(client, people):
    client.force_login(people.no_agency)
    response = client.get(reverse("agencies:list"))
    assert response.status_code == 403
    assert "どの機関にも所属していません" in response.text


def test_the_directory_filters_by_kind(client, people):
    AgencyFactory(name="あおぞら事業所", kind=Agency.Kind.DISABILITY_CONSULTATION)
    client.force_login(people.hub_worker)
    response = client.get(reverse("agencies:list"), {"kind": "disability_consultation"})
    assert "あおぞら事業所" in response.text
    assert people.other.name not in response.text


def test_the_directory_answers_htmx_with_rows_only(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("agencies:list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert people.hub.name in response.text


def test_a_bad_filter_value_is_explained_not_a_500(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("agencies:list"), {"kind": "no-such-kind", "area": "abc"})
    assert response.status_code == 200
    assert "検索条件に誤りがあります" in response.text


@pytest.mark.parametrize("rows", [10, 50])
def test_the_directory_runs_a_constant_number_of_queries(
    client, people, rows, django_assert_max_num_queries
):
    for n in range(rows):
        AgencyFactory(name=f"機関{n:03}")
    client.force_login(people.hub_worker)
    # session, user, memberships (nav), count, filter-form choices (service fields, areas),
    # page, fields prefetch, areas prefetch, session save (savepoint, update, release)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("agencies:list"))
    assert response.status_code == 200


def test_agency_detail_shows_contact_details(client, people):
    client.force_login(people.other_worker)
    response = client.get(reverse("agencies:detail", args=[people.hub.pk]))
    assert response.status_code == 200
    assert people.hub.phone in response.text
    assert reverse("agencies:edit", args=[people.hub.pk]) not in response.text


def test_agency_detail_of_a_missing_agency_is_404(client, people):
    client.force_login(people.hub_worker)
    assert client.get(reverse("agencies:detail", args=[999_999])).status_code == 404


def test_the_area_page_lists_the_hierarchy(client, people):
    from tests.factories import AreaFactory

    AreaFactory(name="東中学校区")
    client.force_login(people.hub_worker)
    response = client.get(reverse("agencies:areas"))
    assert response.status_code == 200
    assert "東中学校区" in response.text


# --- administration of an agency: its own agency_admin only -----------------------------


def test_the_agency_admin_can_open_every_admin_page(client, people):
    client.force_login(people.hub_admin)
    for url in _admin_pages(people):
        assert client.get(url).status_code == 200, url


def test_a_superuser_can_open_every_admin_page(client, people):
    client.force_login(people.superuser)
    for url in _admin_pages(people):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["other_admin", "hub_worker", "hub_supervisor", "no_agency"])
def test_others_are_refused_admin_pages_with_the_reason(client, people, who):
    client.force_login(getattr(people, who))
    for url in _admin_pages(people):
        response = client.get(url)
        assert response.status_code == 403, url
        assert ADMIN_ONLY_ERROR in response.text


def test_anonymous_visitor_is_sent_to_login_from_admin_pages(client, people):
    for url in _admin_pages(people):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_my_staff_takes_an_admin_to_their_own_agency(client, people):
    client.force_login(people.other_admin)
    response = client.get(reverse("agencies:my_staff"))
    assert response["Location"] == reverse("agencies:staff", args=[people.other.pk])


def test_my_staff_refuses_a_caseworker(client, people):
    client.force_login(people.hub_worker)
    assert client.get(reverse("agencies:my_staff")).status_code == 403


def test_a_membership_of_another_agency_is_not_found_under_this_agency(client, people):
    other_membership = Membership.objects.get(user=people.other_worker)
    client.force_login(people.hub_admin)
    url = reverse("agencies:membership_edit", args=[people.hub.pk, other_membership.pk])
    assert client.get(url).status_code == 404


# --- editing the agency -----------------------------------------------------------------


def _agency_post(agency, **overrides):
    data = {
        "version": agency.version,
        "kana": "てすと",
        "phone": "0000-12-3456",
        "fax": "",
        "email": "hub@example.jp",
        "postal_code": "999-0001",
        "address": "テスト市中央1丁目",
        "contact_hours": "平日",
    }
    data.update(overrides)
    return data


def test_the_agency_admin_saves_new_contact_details(client, people):
    client.force_login(people.hub_admin)
    response = client.post(reverse("agencies:edit", args=[people.hub.pk]), _agency_post(people.hub))
    assert response.status_code == 302
    people.hub.refresh_from_db()
    assert people.hub.phone == "0000-12-3456"
    assert people.hub.version == 2


def test_bad_contact_details_get_field_errors_and_nothing_is_saved(client, people):
    client.force_login(people.hub_admin)
    response = client.post(
        reverse("agencies:edit", args=[people.hub.pk]),
        _agency_post(people.hub, email="nope", postal_code="1", phone="call me", kana="あ" * 300),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "postal_code", "phone", "kana"}
    assert "郵便番号は 471-0000 のように入力してください。" in response.text
    people.hub.refresh_from_db()
    assert people.hub.phone == "0000-00-0000"


def test_a_missing_version_is_a_form_error_not_a_500(client, people):
    client.force_login(people.hub_admin)
    data = _agency_post(people.hub)
    del data["version"]
    response = client.post(reverse("agencies:edit", args=[people.hub.pk]), data)
    assert response.status_code == 200
    assert "version" in response.context["form"].errors


def test_a_concurrent_edit_is_refused_and_the_typed_values_stay_in_the_form(client, people):
    client.force_login(people.hub_admin)
    stale = _agency_post(people.hub, phone="0000-99-9999")
    client.post(reverse("agencies:edit", args=[people.hub.pk]), _agency_post(people.hub))
    response = client.post(reverse("agencies:edit", args=[people.hub.pk]), stale)
    assert response.status_code == 200
    assert str(STALE_EDIT) in response.text
    assert "0000-99-9999" in response.text
    people.hub.refresh_from_db()
    assert people.hub.phone == "0000-12-3456"


def test_another_agencys_admin_cannot_post_an_edit(client, people):
    client.force_login(people.other_admin)
    response = client.post(reverse("agencies:edit", args=[people.hub.pk]), _agency_post(people.hub))
    assert response.status_code == 403
    people.hub.refresh_from_db()
    assert people.hub.phone == "0000-00-0000"


# --- staff ------------------------------------------------------------------------------


def _staff_post(**overrides):
    data = {
        "username": "new-worker",
        "full_name": "新人 太郎",
        "full_name_kana": "しんじん たろう",
        "email": "new@example.jp",
        "role": "caseworker",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
    }
    data.update(overrides)
    return data


def test_the_agency_admin_adds_a_staff_member_who_can_then_log_in(client, people):
    client.force_login(people.hub_admin)
    response = client.post(reverse("agencies:staff_create", args=[people.hub.pk]), _staff_post())
    assert response.status_code == 302
    user = User.objects.get(username="new-worker")
    assert user.memberships.get().agency == people.hub
    assert user.history.latest().history_user == people.hub_admin
    client.logout()
    login = client.post(
        reverse("login"),
        {"username": "new-worker", "password": "a-long-enough-passphrase"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": ""}, "username"),
        ({"full_name": ""}, "full_name"),
        ({"role": "king"}, "role"),
        ({"email": "x"}, "email"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"username": "bad name!"}, "username"),
        ({"full_name": "長" * 101}, "full_name"),
    ],
)
def test_bad_staff_input_gets_a_field_error(client, people, overrides, field):
    client.force_login(people.hub_admin)
    response = client.post(
        reverse("agencies:staff_create", args=[people.hub.pk]), _staff_post(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(full_name="新人 太郎").exists()


def test_a_taken_login_id_is_refused(client, people):
    client.force_login(people.hub_admin)
    response = client.post(
        reverse("agencies:staff_create", args=[people.hub.pk]),
        _staff_post(username=people.other_worker.username.upper()),
    )
    assert response.context["form"].errors["username"] == ["このログインIDは既に使われています。"]


def test_the_agency_admin_changes_a_role(client, people):
    membership = Membership.objects.get(user=people.hub_worker)
    client.force_login(people.hub_admin)
    response = client.post(
        reverse("agencies:membership_edit", args=[people.hub.pk, membership.pk]),
        {"role": "supervisor", "version": membership.version},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "supervisor"


def test_a_role_change_over_a_stale_version_is_refused(client, people):
    membership = Membership.objects.get(user=people.hub_worker)
    client.force_login(people.hub_admin)
    url = reverse("agencies:membership_edit", args=[people.hub.pk, membership.pk])
    client.post(url, {"role": "supervisor", "version": membership.version})
    response = client.post(url, {"role": "coordinator", "version": membership.version})
    assert response.status_code == 200
    assert str(STALE_EDIT) in response.text
    membership.refresh_from_db()
    assert membership.role == "supervisor"


def test_the_agency_admin_removes_a_member(client, people):
    membership = Membership.objects.get(user=people.hub_worker)
    client.force_login(people.hub_admin)
    response = client.post(
        reverse("agencies:membership_deactivate", args=[people.hub.pk, membership.pk]),
        {"version": membership.version},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active is False


def test_removing_a_member_needs_post(client, people):
    membership = Membership.objects.get(user=people.hub_worker)
    client.force_login(people.hub_admin)
    url = reverse("agencies:membership_deactivate", args=[people.hub.pk, membership.pk])
    assert client.get(url).status_code == 405


def test_another_agencys_admin_cannot_remove_a_member(client, people):
    membership = Membership.objects.get(user=people.hub_worker)
    client.force_login(people.other_admin)
    response = client.post(
        reverse("agencies:membership_deactivate", args=[people.hub.pk, membership.pk]),
        {"version": membership.version},
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.is_active is True


def test_a_new_partner_system_token_is_shown_once(client, people):
    client.force_login(people.hub_admin)
    response = client.post(
        reverse("agencies:service_account_create", args=[people.hub.pk]),
        {
            "username": "hub-system",
            "full_name": "連携システム",
            "role": "caseworker",
            "token_scope": "read",
        },
    )
    assert response.status_code == 200
    account = User.objects.get(username="hub-system")
    clear = re.search(r"pt_[A-Za-z0-9_-]{43}", response.text).group()
    assert account.partner_tokens.get().digest == tokens.token_digest(clear)
    assert "no-store" in response["Cache-Control"]
    membership = account.memberships.get()
    again = client.get(reverse("agencies:partner_tokens", args=[people.hub.pk, membership.pk]))
    assert clear not in again.text


def test_the_partner_system_form_offers_only_the_caseworker_role(client, people):
    client.force_login(people.hub_admin)
    response = client.get(reverse("agencies:service_account_create", args=[people.hub.pk]))
    assert 'value="caseworker"' in response.text
    assert 'value="coordinator"' not in response.text
    assert 'value="supervisor"' not in response.text


def test_the_role_form_of_a_partner_system_offers_only_the_caseworker_role(client, people):
    account, _ = ServiceAccountFactory(agency=people.hub)
    membership = account.memberships.get()
    client.force_login(people.hub_admin)
    url = reverse("agencies:membership_edit", args=[people.hub.pk, membership.pk])
    response = client.get(url)
    assert 'value="coordinator"' not in response.text
    assert 'value="supervisor"' not in response.text


def test_a_partner_system_cannot_be_made_coordinator_through_the_role_page(client, people):
    account, _ = ServiceAccountFactory(agency=people.hub)
    membership = account.memberships.get()
    client.force_login(people.hub_admin)
    url = reverse("agencies:membership_edit", args=[people.hub.pk, membership.pk])
    response = client.post(url, {"role": "coordinator", "version": membership.version})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CASEWORKER
