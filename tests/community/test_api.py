"""Permission stories for every community endpoint, then filters, field errors, stale
versions and query counts. Same rules as the pages: every agency reads; only the owning
agency writes (403 naming it); no agency → 403 with the reason; anonymous → 401."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agencies import access as agency_access
from agencies import services as agency_services
from agencies.api.permissions import IsAgencyMember
from community import access, services
from community.models import Activity, Group, Network, Platform
from core.concurrency import STALE_EDIT
from tests.community.conftest import message, not_owner
from tests.factories import AgencyFactory, ServiceAccountFactory
from tests.factories import StaffFactory as staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def lists() -> list[str]:
    return [
        reverse("api:community-directory"),
        reverse("api:community-group-list"),
        reverse("api:community-place-list"),
        reverse("api:community-platform-list"),
        reverse("api:community-network-list"),
        reverse("api:community-activity-list"),
    ]


def details(c) -> list[str]:
    return [
        reverse("api:community-group-detail", args=[c.salon.pk]),
        reverse("api:community-place-detail", args=[c.place.pk]),
        reverse("api:community-platform-detail", args=[c.platform.pk]),
        reverse("api:community-network-detail", args=[c.network.pk]),
        reverse("api:community-activity-detail", args=[c.activity.pk]),
    ]


def creations(c) -> list[tuple[str, dict]]:
    """Each create endpoint with a valid body (no owner: the caller's only agency)."""
    today = timezone.localdate().isoformat()
    return [
        (reverse("api:community-group-list"), {"name": "新サロン", "kind": "salon"}),
        (reverse("api:community-place-list"), {"name": "新しい居場所"}),
        (reverse("api:community-platform-list"), {"name": "新PF", "groups": [c.salon.pk]}),
        (reverse("api:community-network-list"), {"name": "新ネットワーク"}),
        (reverse("api:community-activity-list"), {"title": "新しい活動", "held_on": today}),
    ]


def writes(c) -> list[tuple[str, str, dict]]:
    """Every endpoint that changes an existing record or its parts: method, url, body."""
    return [
        ("patch", reverse("api:community-group-detail", args=[c.salon.pk]), {"version": 1}),
        ("patch", reverse("api:community-place-detail", args=[c.place.pk]), {"version": 1}),
        ("patch", reverse("api:community-platform-detail", args=[c.platform.pk]), {"version": 1}),
        ("patch", reverse("api:community-network-detail", args=[c.network.pk]), {"version": 1}),
        ("patch", reverse("api:community-activity-detail", args=[c.activity.pk]), {"version": 1}),
        (
            "post",
            reverse("api:community-network-member-list", args=[c.network.pk]),
            {"name": "x", "role": "donor"},
        ),
        (
            "delete",
            reverse("api:community-network-member-detail", args=[c.network.pk, c.member.pk]),
            {},
        ),
        (
            "post",
            reverse("api:community-donation-list", args=[c.network.pk]),
            {"donor": "x", "received_on": timezone.localdate().isoformat(), "description": "x"},
        ),
        (
            "delete",
            reverse("api:community-donation-detail", args=[c.network.pk, c.donation.pk]),
            {},
        ),
    ]


def call(api, method: str, url: str, body: dict):
    return getattr(api, method)(url, body, format="json")


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["hub_worker", "other_worker", "superuser"])
def test_staff_of_any_agency_read_every_list_and_record(api, community, who):
    api.force_authenticate(getattr(community, who))
    for url in [*lists(), *details(community)]:
        assert api.get(url).status_code == 200, url


def test_a_partner_system_reads_with_its_token(api, community):
    _, token = ServiceAccountFactory(agency=community.other)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = api.get(reverse("api:community-group-list")).json()
    assert [row["name"] for row in body["results"]] == [community.salon.name]
    assert body["results"][0]["owner_name"] == community.hub.name


def test_a_user_without_an_agency_is_refused_everything_with_a_reason(api, community):
    api.force_authenticate(community.no_agency)
    reason = message(IsAgencyMember.message)
    for url in [*lists(), *details(community)]:
        response = api.get(url)
        assert response.status_code == 403, url
        assert response.json()["detail"] == reason
    for url, body in creations(community):
        assert api.post(url, body, format="json").status_code == 403, url
    for method, url, body in writes(community):
        assert call(api, method, url, body).status_code == 403, url


def test_anonymous_callers_get_401_everywhere(api, community):
    for url in [*lists(), *details(community)]:
        assert api.get(url).status_code == 401, url
    for url, body in creations(community):
        assert api.post(url, body, format="json").status_code == 401, url
    for method, url, body in writes(community):
        assert call(api, method, url, body).status_code == 401, url


def test_a_missing_record_is_404(api, community):
    api.force_authenticate(community.hub_worker)
    assert api.get(reverse("api:community-group-detail", args=[999_999])).status_code == 404


def test_a_platform_lists_its_members_and_companies(api, community):
    api.force_authenticate(community.other_worker)
    body = api.get(reverse("api:community-platform-detail", args=[community.platform.pk])).json()
    assert body["groups"] == [{"id": community.salon.pk, "name": community.salon.name}]
    assert body["agencies"] == [{"id": community.other.pk, "name": community.other.name}]
    assert body["companies"] == ["東山町商店会", "さくら台ストア"]


def test_a_network_shows_its_members_and_donations(api, community):
    api.force_authenticate(community.other_worker)
    body = api.get(reverse("api:community-network-detail", args=[community.network.pk])).json()
    assert [(m["name"], m["role"]) for m in body["members"]] == [("株式会社ミナト食品", "donor")]
    assert body["donations"][0]["description"] == "レトルト食品"


# --- writing: the owning agency only ---------------------------------------------------------


def test_the_owning_agency_uses_every_write_endpoint(api, community):
    api.force_authenticate(community.hub_worker)
    expected = {"patch": 200, "post": 201, "delete": 204}
    for method, url, body in writes(community):
        response = call(api, method, url, body)
        assert response.status_code == expected[method], (url, response.content)


def test_another_agency_is_refused_every_write_naming_the_owner(api, community):
    api.force_authenticate(community.other_worker)
    reason = not_owner(community.hub)
    for method, url, body in writes(community):
        response = call(api, method, url, body)
        assert response.status_code == 403, url
        assert response.json()["detail"] == reason, url
    community.salon.refresh_from_db()
    assert community.salon.version == 1
    assert community.network.members.count() == 1


def test_staff_create_every_kind_of_record_for_their_only_agency(api, community):
    api.force_authenticate(community.other_worker)
    for url, body in creations(community):
        response = api.post(url, body, format="json")
        assert response.status_code == 201, (url, response.content)
        assert response.json()["owner"] == community.other.pk
    assert Platform.objects.get(name="新PF").groups.get() == community.salon
    assert Activity.objects.get(title="新しい活動").recorded_by == community.other_worker


def test_staff_cannot_create_for_another_agency(api, community):
    api.force_authenticate(community.other_worker)
    response = api.post(
        reverse("api:community-group-list"),
        {"owner": community.hub.pk, "name": "なりすまし", "kind": "salon"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == message(access.NOT_YOUR_AGENCY)
    assert not Group.objects.filter(name="なりすまし").exists()


def test_a_caller_of_two_agencies_must_say_which_one_registers(api, community):
    both = staff(agency=community.hub)
    agency_services.membership_add(actor=None, agency=community.other, user=both, role="caseworker")
    api.force_authenticate(both)
    url = reverse("api:community-network-list")
    response = api.post(url, {"name": "見守り網"}, format="json")
    assert response.status_code == 400
    assert response.json()["owner"] == [message(agency_access.AGENCY_REQUIRED)]
    response = api.post(url, {"name": "見守り網", "owner": community.other.pk}, format="json")
    assert response.status_code == 201
    assert Network.objects.get(name="見守り網").owner == community.other


def test_bad_input_is_a_400_with_field_errors(api, community):
    api.force_authenticate(community.hub_worker)
    response = api.post(
        reverse("api:community-group-list"),
        {"name": "", "kind": "nope", "member_count": -1, "area": 999_999},
        format="json",
    )
    assert response.status_code == 400
    assert {"name", "kind", "member_count", "area"} <= set(response.json())


def test_a_service_rule_is_a_400_on_its_field(api, community):
    api.force_authenticate(community.hub_worker)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api.post(
        reverse("api:community-activity-list"),
        {"title": "来月", "held_on": tomorrow},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"held_on": [message(services.FUTURE_ACTIVITY)]}


def test_an_update_naming_no_version_is_428_precondition_required(api, community):
    """Neither `version` in the body nor If-Match (core/api/preconditions.py)."""
    api.force_authenticate(community.hub_worker)
    url = reverse("api:community-group-detail", args=[community.salon.pk])
    response = api.patch(url, {"schedule": "毎週"}, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"


def test_an_update_under_if_match_needs_no_body_version(api, community):
    api.force_authenticate(community.hub_worker)
    url = reverse("api:community-group-detail", args=[community.salon.pk])
    etag = api.get(url).headers["ETag"]
    response = api.patch(url, {"schedule": "毎週"}, format="json", headers={"If-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_an_update_changes_only_the_fields_sent(api, community):
    api.force_authenticate(community.hub_worker)
    url = reverse("api:community-group-detail", args=[community.salon.pk])
    response = api.patch(url, {"version": 1, "member_count": 40}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["member_count"], body["schedule"], body["version"]) == (40, "毎月第2水曜", 2)


def test_a_stale_version_is_a_409(api, community):
    api.force_authenticate(community.hub_worker)
    url = reverse("api:community-place-detail", args=[community.place.pk])
    assert api.patch(url, {"version": 1, "opening_hours": "平日"}, format="json").status_code == 200
    response = api.patch(url, {"version": 1, "opening_hours": "土日"}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": message(STALE_EDIT), "code": "stale"}
    community.place.refresh_from_db()
    assert community.place.opening_hours == "平日"


def test_a_platforms_members_are_replaced_through_patch(api, community):
    api.force_authenticate(community.hub_worker)
    url = reverse("api:community-platform-detail", args=[community.platform.pk])
    response = api.patch(
        url,
        {"version": 1, "agencies": [community.hub.pk], "companies": ["西町商店会"]},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [a["id"] for a in body["agencies"]] == [community.hub.pk]
    assert [g["id"] for g in body["groups"]] == [community.salon.pk]  # not sent: unchanged
    assert body["companies"] == ["西町商店会"]


# --- filters -------------------------------------------------------------------------------


def test_lists_filter_by_area_with_the_hierarchy(api, community):
    api.force_authenticate(community.other_worker)
    url = reverse("api:community-group-list")
    east = api.get(url, {"area": community.areas.east.pk}).json()["results"]
    west = api.get(url, {"area": community.areas.west.pk}).json()["results"]
    assert [g["name"] for g in east] == [community.salon.name]
    assert west == []


def test_lists_filter_by_kind_and_target(api, community):
    api.force_authenticate(community.other_worker)
    url = reverse("api:community-group-list")
    assert api.get(url, {"kind": "salon", "target": "elderly"}).json()["count"] == 1
    assert api.get(url, {"kind": "kodomo_shokudo"}).json()["count"] == 0


def test_the_directory_endpoint_searches_across_types(api, community):
    api.force_authenticate(community.other_worker)
    url = reverse("api:community-directory")
    body = api.get(url, {"area": community.areas.honmachi.pk}).json()
    assert {(r["type"], r["name"]) for r in body["results"]} == {
        ("group", community.salon.name),
        ("place", community.place.name),
        ("platform", community.platform.name),
        ("network", community.network.name),
    }
    assert api.get(url, {"type": "network"}).json()["count"] == 1


def test_a_bad_filter_is_a_400_with_field_errors(api, community):
    api.force_authenticate(community.other_worker)
    response = api.get(reverse("api:community-group-list"), {"kind": "nope"})
    assert response.status_code == 400
    assert "kind" in response.json()
    response = api.get(reverse("api:community-directory"), {"area": "abc"})
    assert response.status_code == 400
    assert list(response.json()) == ["area"]
    assert all(isinstance(m, str) for m in response.json()["area"])


def test_a_directory_page_past_the_deferred_join_depth_is_a_404_not_a_500(api, community):
    # Deep pages fetch their ids first; the directory is a union, which has no pk to filter.
    api.force_authenticate(community.other_worker)

    response = api.get(reverse("api:community-directory"), {"page": 300, "kind": ""})

    assert response.status_code == 404


def test_a_kind_of_group_asked_of_places_finds_nothing_rather_than_failing(api, community):
    api.force_authenticate(community.other_worker)

    response = api.get(
        reverse("api:community-directory"), {"type": "place", "kind": "support_group"}
    )

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_activities_filter_by_date_and_group(api, community):
    api.force_authenticate(community.other_worker)
    url = reverse("api:community-activity-list")
    today = timezone.localdate().isoformat()
    assert api.get(url, {"held_from": today}).json()["count"] == 0
    assert api.get(url, {"group": community.salon.pk}).json()["count"] == 1


# --- query counts --------------------------------------------------------------------------


def _many(c, rows: int) -> None:
    other_agency = AgencyFactory(name="南部包括")
    for n in range(rows):
        group = services.group_create(
            actor=c.hub_worker, owner=c.hub, name=f"サロン{n:03}", kind="salon", area=c.areas.sakura
        )
        services.place_create(actor=c.hub_worker, owner=c.hub, name=f"居場所{n:03}", run_by=group)
        services.platform_create(
            actor=c.hub_worker,
            owner=c.hub,
            name=f"PF{n:03}",
            groups=[group, c.salon],
            agencies=[c.other, other_agency],
        )
        network = services.network_create(actor=c.hub_worker, owner=c.hub, name=f"NW{n:03}")
        services.network_member_add(actor=c.hub_worker, network=network, name="店", role="donor")
        services.activity_record(
            actor=c.hub_worker,
            owner=c.hub,
            title=f"活動{n:03}",
            held_on=timezone.localdate(),
            group=group,
        )


# token+user, the token's last-used stamp (its first use writes it), memberships, count,
# page (owner, area and links joined); platforms also prefetch member groups and member
# agencies; the directory is one UNION for count and page.
LIST_QUERIES = {
    "community-group-list": 5,
    "community-place-list": 5,
    "community-platform-list": 7,
    "community-network-list": 5,
    "community-activity-list": 5,
    "community-directory": 5,
}


@pytest.mark.parametrize("rows", [10, 50])
@pytest.mark.parametrize("name", list(LIST_QUERIES))
def test_every_list_runs_a_constant_number_of_queries(
    api, community, rows, name, django_assert_max_num_queries
):
    _many(community, rows)
    _, token = ServiceAccountFactory(agency=community.other)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    with django_assert_max_num_queries(LIST_QUERIES[name]):
        response = api.get(reverse(f"api:{name}"))
    assert response.status_code == 200
    assert response.json()["count"] >= rows


def test_the_directory_has_no_keyset_pages_and_says_so(api, people):
    api.force_authenticate(people.hub_worker)
    response = api.get(reverse("api:community-directory"), {"cursor": ""})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]
