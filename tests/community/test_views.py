"""Permission stories for every community page, then what the pages do: staff of any agency
read everything; only the owning agency's staff change a record (others get a 403 naming
that agency); a user with no agency gets a 403 with the reason; anonymous visitors log in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from community import access, services
from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform
from core.concurrency import STALE_EDIT
from tests.community.conftest import in_page, message, not_owner

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def read_pages(c) -> list[str]:
    return [
        reverse("community:directory"),
        reverse("community:districts"),
        reverse("community:district", args=[c.areas.east.pk]),
        reverse("community:group_detail", args=[c.salon.pk]),
        reverse("community:place_detail", args=[c.place.pk]),
        reverse("community:platform_detail", args=[c.platform.pk]),
        reverse("community:network_detail", args=[c.network.pk]),
        reverse("community:activities"),
    ]


def create_pages() -> list[str]:
    return [
        reverse("community:group_new"),
        reverse("community:place_new"),
        reverse("community:platform_new"),
        reverse("community:network_new"),
        reverse("community:activity_new"),
    ]


def edit_pages(c) -> list[str]:
    return [
        reverse("community:group_edit", args=[c.salon.pk]),
        reverse("community:place_edit", args=[c.place.pk]),
        reverse("community:platform_edit", args=[c.platform.pk]),
        reverse("community:network_edit", args=[c.network.pk]),
        reverse("community:network_member_new", args=[c.network.pk]),
        reverse("community:donation_new", args=[c.network.pk]),
        reverse("community:activity_edit", args=[c.activity.pk]),
    ]


def remove_actions(c) -> list[str]:
    return [
        reverse("community:network_member_remove", args=[c.network.pk, c.member.pk]),
        reverse("community:donation_remove", args=[c.network.pk, c.donation.pk]),
    ]


# --- reading: every staff member ---------------------------------------------------------


@pytest.mark.parametrize("who", ["hub_worker", "other_worker", "other_admin", "superuser"])
def test_staff_of_any_agency_read_every_community_page(client, community, who):
    client.force_login(getattr(community, who))
    for url in read_pages(community):
        assert client.get(url).status_code == 200, url


def test_a_user_without_an_agency_is_refused_every_page_with_the_reason(client, community):
    client.force_login(community.no_agency)
    reason = message(access.NO_MEMBERSHIP)
    pages = [*read_pages(community), *create_pages(), *edit_pages(community)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert in_page(reason, response), url
    for url in remove_actions(community):
        assert client.post(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in_from_every_page(client, community):
    pages = [*read_pages(community), *create_pages(), *edit_pages(community)]
    for url in [*pages, *remove_actions(community)]:
        response = client.get(url) if url not in remove_actions(community) else client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_missing_record_is_404(client, community):
    client.force_login(community.hub_worker)
    assert client.get(reverse("community:group_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("community:group_edit", args=[999_999])).status_code == 404


def test_a_district_page_is_only_for_a_junior_high_district(client, community):
    client.force_login(community.hub_worker)
    url = reverse("community:district", args=[community.areas.asahi.pk])
    assert client.get(url).status_code == 404


def test_the_owner_sees_edit_links_and_another_agency_does_not(client, community):
    edit = reverse("community:group_edit", args=[community.salon.pk])
    client.force_login(community.hub_worker)
    assert edit in client.get(reverse("community:group_detail", args=[community.salon.pk])).text
    client.force_login(community.other_worker)
    assert edit not in client.get(reverse("community:group_detail", args=[community.salon.pk])).text


@pytest.mark.parametrize(
    "who, offered", [("hub_worker", True), ("superuser", True), ("other_worker", False)]
)
def test_the_activity_list_offers_editing_as_community_access_allows(
    client, community, who, offered
):
    """The rows ask community/access.py (can_edit), as the edit page itself does."""
    edit = reverse("community:activity_edit", args=[community.activity.pk])
    client.force_login(getattr(community, who))
    assert (edit in client.get(reverse("community:activities")).text) is offered


def test_a_system_administrator_is_offered_editing_an_activity_of_a_closed_agency(
    client, community
):
    """The edit page lets them (access.can_edit); the row used to hide the link because
    the closed agency is not among those new records can be registered for."""
    community.hub.is_active = False
    community.hub.save()
    edit = reverse("community:activity_edit", args=[community.activity.pk])
    client.force_login(community.superuser)
    assert client.get(edit).status_code == 200
    assert edit in client.get(reverse("community:activities")).text


def test_the_navigation_offers_the_community_pages_to_staff(client, community):
    client.force_login(community.other_worker)
    response = client.get(reverse("community:directory"))
    assert f'href="{reverse("community:districts")}"' in response.text
    assert f'href="{reverse("community:activities")}"' in response.text


# --- changing: the owning agency only ----------------------------------------------------


@pytest.mark.parametrize("who", ["hub_worker", "hub_admin", "superuser"])
def test_the_owning_agency_opens_every_edit_page(client, community, who):
    client.force_login(getattr(community, who))
    for url in edit_pages(community):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["other_worker", "other_admin"])
def test_another_agency_is_refused_every_edit_page_naming_the_owner(client, community, who):
    client.force_login(getattr(community, who))
    reason = not_owner(community.hub)
    for url in edit_pages(community):
        for response in (client.get(url), client.post(url, {"name": "乗っ取り"})):
            assert response.status_code == 403, url
            assert in_page(reason, response), url
    community.salon.refresh_from_db()
    assert community.salon.name == "本町いきいきサロン"


def test_another_agency_cannot_remove_members_or_donations(client, community):
    client.force_login(community.other_worker)
    for url in remove_actions(community):
        assert client.post(url).status_code == 403, url
    assert NetworkMember.objects.filter(pk=community.member.pk).exists()
    assert Donation.objects.filter(pk=community.donation.pk).exists()


def test_the_owner_removes_a_member_and_a_donation(client, community):
    client.force_login(community.hub_worker)
    for url in remove_actions(community):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "community:network_detail", args=[community.network.pk]
        )
    assert not community.network.members.exists()
    assert not community.network.donations.exists()


def test_removing_needs_a_post(client, community):
    client.force_login(community.hub_worker)
    for url in remove_actions(community):
        assert client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["hub_worker", "other_worker", "superuser"])
def test_any_staff_member_opens_the_create_pages(client, community, who):
    client.force_login(getattr(community, who))
    for url in create_pages():
        assert client.get(url).status_code == 200, url


def test_the_create_form_offers_only_the_users_own_agencies(client, community):
    client.force_login(community.other_worker)
    response = client.get(reverse("community:group_new"))
    owners = list(response.context["form"].fields["owner"].queryset)
    assert owners == [community.other]


def test_staff_cannot_register_a_group_for_another_agency(client, community):
    client.force_login(community.other_worker)
    response = client.post(
        reverse("community:group_new"),
        {
            "owner": community.hub.pk,
            "name": "なりすましサロン",
            "kind": "salon",
            "target": "everyone",
        },
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not Group.objects.filter(name="なりすましサロン").exists()


# --- creating ------------------------------------------------------------------------------


def test_staff_register_a_group_for_their_agency(client, community):
    client.force_login(community.other_worker)
    response = client.post(
        reverse("community:group_new"),
        {
            "owner": community.other.pk,
            "name": "西町フードパントリー",
            "kind": "food_pantry",
            "target": "everyone",
            "area": community.areas.nishi.pk,
            "member_count": "9",
        },
    )
    group = Group.objects.get(name="西町フードパントリー")
    assert response.status_code == 302
    assert response["Location"] == reverse("community:group_detail", args=[group.pk])
    assert group.owner == community.other
    assert group.history.latest().history_user == community.other_worker


def test_bad_input_comes_back_as_field_errors_not_a_500(client, community):
    client.force_login(community.hub_worker)
    response = client.post(
        reverse("community:group_new"),
        {"owner": community.hub.pk, "name": "", "kind": "nope", "member_count": "-1", "area": "x"},
    )
    assert response.status_code == 200
    assert {"name", "kind", "member_count", "area"} <= set(response.context["form"].errors)


def test_a_platform_is_registered_with_its_member_groups_and_agencies(client, community):
    client.force_login(community.hub_worker)
    response = client.post(
        reverse("community:platform_new"),
        {
            "owner": community.hub.pk,
            "name": "西つながりづくりプラットフォーム",
            "area": community.areas.west.pk,
            "groups": [community.salon.pk],
            "agencies": [community.hub.pk, community.other.pk],
            "companies": "西町商店会",
        },
    )
    assert response.status_code == 302
    platform = Platform.objects.get(name="西つながりづくりプラットフォーム")
    assert list(platform.groups.all()) == [community.salon]
    assert set(platform.agencies.all()) == {community.hub, community.other}


def test_a_place_and_a_network_are_registered(client, community):
    client.force_login(community.hub_worker)
    client.post(
        reverse("community:place_new"),
        {"owner": community.hub.pk, "name": "桜台コミュニティハウス", "target": "children"},
    )
    client.post(reverse("community:network_new"), {"owner": community.hub.pk, "name": "見守り網"})
    assert Place.objects.filter(name="桜台コミュニティハウス").exists()
    assert Network.objects.filter(name="見守り網").exists()


def test_an_activity_is_recorded_from_a_groups_page(client, community):
    client.force_login(community.other_worker)
    url = reverse("community:activity_new") + f"?group={community.salon.pk}"
    form = client.get(url).context["form"]
    assert str(form.initial["group"]) == str(community.salon.pk)
    response = client.post(
        url,
        {
            "owner": community.other.pk,
            "title": "出張相談会",
            "held_on": timezone.localdate().isoformat(),
            "participants": "7",
            "group": community.salon.pk,
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="出張相談会")
    assert activity.owner == community.other
    assert activity.area == community.areas.honmachi


def test_an_activity_in_the_future_is_a_field_error(client, community):
    client.force_login(community.hub_worker)
    response = client.post(
        reverse("community:activity_new"),
        {
            "owner": community.hub.pk,
            "title": "来月のサロン",
            "held_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "participants": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == [str(services.FUTURE_ACTIVITY)]


def test_a_member_and_a_donation_are_added_by_the_owner(client, community):
    client.force_login(community.hub_worker)
    network = community.network
    client.post(
        reverse("community:network_member_new", args=[network.pk]),
        {"role": "distributor", "group": community.salon.pk},
    )
    client.post(
        reverse("community:donation_new", args=[network.pk]),
        {
            "donor": "あさひ野パン工房",
            "received_on": timezone.localdate().isoformat(),
            "description": "食パン",
            "quantity": "30斤",
        },
    )
    assert network.members.filter(name=community.salon.name, role="distributor").exists()
    assert network.donations.filter(donor="あさひ野パン工房").exists()


def test_a_member_without_name_or_link_is_a_field_error(client, community):
    client.force_login(community.hub_worker)
    response = client.post(
        reverse("community:network_member_new", args=[community.network.pk]), {"role": "donor"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [str(services.MEMBER_NAME_REQUIRED)]


# --- editing ---------------------------------------------------------------------------------


def _group_post(group, **overrides):
    data = {
        "version": group.version,
        "name": group.name,
        "kind": group.kind,
        "target": group.target,
        "area": group.area_id or "",
        "description": group.description,
        "schedule": group.schedule,
        "contact": group.contact,
        "member_count": group.member_count,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_the_owner_saves_an_edit_and_the_version_moves_on(client, community):
    client.force_login(community.hub_admin)
    url = reverse("community:group_edit", args=[community.salon.pk])
    response = client.post(url, _group_post(community.salon, schedule="毎週水曜"))
    assert response.status_code == 302
    community.salon.refresh_from_db()
    assert (community.salon.schedule, community.salon.version) == ("毎週水曜", 2)


def test_a_concurrent_edit_is_refused_and_the_typed_values_stay(client, community):
    client.force_login(community.hub_worker)
    url = reverse("community:group_edit", args=[community.salon.pk])
    stale = _group_post(community.salon, schedule="第1・第3水曜（わたしの入力）")
    client.post(url, _group_post(community.salon, schedule="毎週水曜"))
    response = client.post(url, stale)
    assert response.status_code == 200
    assert in_page(message(STALE_EDIT), response)
    assert "第1・第3水曜（わたしの入力）" in response.text
    community.salon.refresh_from_db()
    assert community.salon.schedule == "毎週水曜"


def test_a_missing_version_is_a_form_error_not_a_500(client, community):
    client.force_login(community.hub_worker)
    data = _group_post(community.salon)
    del data["version"]
    response = client.post(reverse("community:group_edit", args=[community.salon.pk]), data)
    assert response.status_code == 200
    assert "version" in response.context["form"].errors


def test_an_edit_with_bad_input_keeps_the_record_unchanged(client, community):
    client.force_login(community.hub_worker)
    response = client.post(
        reverse("community:group_edit", args=[community.salon.pk]),
        _group_post(community.salon, name="", member_count="many"),
    )
    assert response.status_code == 200
    assert {"name", "member_count"} <= set(response.context["form"].errors)
    community.salon.refresh_from_db()
    assert community.salon.name == "本町いきいきサロン"


def test_a_group_is_deactivated_and_leaves_the_directory(client, community):
    client.force_login(community.hub_worker)
    data = _group_post(community.salon)
    del data["is_active"]
    client.post(reverse("community:group_edit", args=[community.salon.pk]), data)
    response = client.get(reverse("community:directory"))
    assert community.salon.name not in response.text


def test_the_activity_edit_page_saves_with_the_version(client, community):
    client.force_login(community.hub_worker)
    activity = community.activity
    response = client.post(
        reverse("community:activity_edit", args=[activity.pk]),
        {
            "version": 1,
            "title": activity.title,
            "held_on": activity.held_on.isoformat(),
            "participants": "21",
            "group": community.salon.pk,
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.participants, activity.version) == (21, 2)


# --- the directory -------------------------------------------------------------------------


def test_the_directory_searches_by_area_including_the_hierarchy(client, community):
    client.force_login(community.other_worker)
    response = client.get(reverse("community:directory"), {"area": community.areas.west.pk})
    assert community.salon.name not in response.text  # 本町 is in 東中学校区
    assert community.network.name in response.text  # city-wide
    response = client.get(reverse("community:directory"), {"area": community.areas.east.pk})
    assert community.salon.name in response.text


def test_the_directory_searches_by_kind_and_target(client, community):
    client.force_login(community.other_worker)
    response = client.get(reverse("community:directory"), {"kind": "salon"})
    assert community.salon.name in response.text
    assert community.platform.name not in response.text
    response = client.get(reverse("community:directory"), {"target": "children"})
    assert community.salon.name not in response.text


def test_the_directory_answers_htmx_with_rows_only(client, community):
    client.force_login(community.hub_worker)
    response = client.get(
        reverse("community:directory"), {"q": "サロン"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert community.salon.name in response.text


def test_a_bad_search_value_is_explained_not_a_500(client, community):
    client.force_login(community.hub_worker)
    response = client.get(reverse("community:directory"), {"area": "abc", "kind": "nope"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"area", "kind"}
    response = client.get(reverse("community:activities"), {"held_from": "yesterday"})
    assert response.status_code == 200
    assert "held_from" in response.context["filter"].errors


def test_the_activity_list_filters_by_district(client, community):
    client.force_login(community.other_worker)
    response = client.get(reverse("community:activities"), {"area": community.areas.west.pk})
    assert community.activity.title not in response.text
    response = client.get(reverse("community:activities"), {"area": community.areas.east.pk})
    assert community.activity.title in response.text


# --- query counts --------------------------------------------------------------------------


def _many(c, rows: int) -> None:
    for n in range(rows):
        group = services.group_create(
            actor=c.hub_worker,
            owner=c.hub,
            name=f"サロン{n:03}",
            kind="salon",
            area=c.areas.honmachi,
        )
        services.place_create(actor=c.hub_worker, owner=c.hub, name=f"居場所{n:03}", run_by=group)
        services.platform_create(
            actor=c.hub_worker,
            owner=c.hub,
            name=f"プラットフォーム{n:03}",
            area=c.areas.east,
            groups=[group],
            agencies=[c.other],
        )
        services.network_create(actor=c.hub_worker, owner=c.hub, name=f"ネットワーク{n:03}")
        services.activity_record(
            actor=c.hub_worker,
            owner=c.hub,
            title=f"活動{n:03}",
            held_on=timezone.localdate(),
            group=group,
        )


@pytest.mark.parametrize("rows", [10, 50])
def test_the_directory_runs_a_constant_number_of_queries(
    client, community, rows, django_assert_max_num_queries
):
    _many(community, rows)
    client.force_login(community.other_worker)
    # session, user, memberships (nav), area (the search condition), area choices,
    # count (one UNION), page (one UNION), session save (savepoint, update, release)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:directory"), {"area": community.areas.east.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == rows * 4 + 4  # and the story's four


@pytest.mark.parametrize("rows", [10, 50])
def test_the_activity_list_runs_a_constant_number_of_queries(
    client, community, rows, django_assert_max_num_queries
):
    _many(community, rows)
    client.force_login(community.other_worker)
    # session, user, memberships, filter choices (area, group, place, platform, agency),
    # count, page (with owner, area, group, place, platform, recorder joined),
    # session save (savepoint, update, release)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("community:activities"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 50])
def test_the_district_page_runs_a_constant_number_of_queries(
    client, community, rows, django_assert_max_num_queries
):
    _many(community, rows)
    client.force_login(community.other_worker)
    # session, user, memberships, the area, groups, places, platforms (member count
    # annotated), networks (counts annotated), recent activities, this year's totals,
    # city-wide count (one UNION), session save (savepoint, update, release)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("community:district", args=[community.areas.east.pk]))
    assert response.status_code == 200
    assert len(response.context["d"].groups) == rows + 1


@pytest.mark.parametrize("rows", [10, 50])
def test_the_district_overview_runs_a_constant_number_of_queries(
    client, community, rows, django_assert_max_num_queries
):
    _many(community, rows)
    client.force_login(community.other_worker)
    # session, user, memberships, areas, counts of groups, places, platforms and networks
    # by area, members by area, activities by area, session save (savepoint, update, release)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("community:districts"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 50])
def test_a_platform_page_runs_a_constant_number_of_queries(
    client, community, rows, django_assert_max_num_queries
):
    _many(community, rows)
    for n in range(rows):
        services.activity_record(
            actor=community.hub_worker,
            owner=community.hub,
            title=f"全体会{n}",
            held_on=timezone.localdate(),
            platform=community.platform,
        )
    client.force_login(community.other_worker)
    # session, user, memberships, platform (owner, area), member groups, member agencies,
    # recent activities, session save (savepoint, update, release)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:platform_detail", args=[community.platform.pk]))
    assert response.status_code == 200
