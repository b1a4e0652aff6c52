"""The eco-map: its links (added, changed, removed through the services, with history and
the policy's refusals), the pages' form and the REST endpoints, and the drawing's lines."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from rest_framework.test import APIClient

from cases import access, ecomap, selectors
from cases.models import EcoLink
from cases.services.ecomap import (
    ALREADY_MARKED,
    INFORMAL_NEEDS_NAME,
    eco_link_add,
    eco_link_end,
    eco_link_update,
)
from core.refusals import Refusal

pytestmark = [pytest.mark.django_db]

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture
def household(story):
    return story.case.household


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def neighbour(story, household, **extra) -> EcoLink:
    values = {"label": "隣の田中さん", "role": "見守り", "strength": EcoLink.Strength.STRONG}
    values.update(extra)
    return eco_link_add(actor=story.owner_worker, household=household, **values)


def test_an_informal_support_is_added_with_its_history(story, household):
    link = neighbour(story, household)
    assert link.owner_agency == story.hub
    record = link.history.get()
    assert record.history_user == story.owner_worker
    assert record.history_change_reason == "eco-map link added"


def test_an_informal_support_needs_a_name(story, household):
    with pytest.raises(ValidationError) as error:
        neighbour(story, household, label=" ")
    assert error.value.message_dict["label"] == [str(INFORMAL_NEEDS_NAME)]


def test_a_team_agency_is_marked_once(story, household):
    eco_link_add(
        actor=story.owner_worker, household=household, source=f"agency:{story.team_agency.pk}"
    )
    with pytest.raises(ValidationError) as error:
        eco_link_add(
            actor=story.owner_worker,
            household=household,
            source=f"agency:{story.team_agency.pk}",
        )
    assert error.value.message_dict["source"] == [str(ALREADY_MARKED)]


def test_a_source_naming_no_record_is_refused(story, household):
    with pytest.raises(ValidationError):
        eco_link_add(actor=story.owner_worker, household=household, source="agency:999999")


def test_a_covered_team_agency_may_add_a_line(story, household):
    link = neighbour(story, household)
    other = eco_link_add(actor=story.team_worker, household=household, label="民生委員 佐藤さん")
    assert other.owner_agency == story.team_agency
    assert link.pk != other.pk


def test_a_team_agency_without_consent_may_not_add_a_line(story, household):
    with pytest.raises(Refusal) as refusal:
        eco_link_add(actor=story.uncovered_worker, household=household, label="x")
    assert story.uncovered_agency.name in str(refusal.value)


def test_another_agency_may_not_add_a_line(story, household):
    with pytest.raises(Http404):
        eco_link_add(actor=story.stranger, household=household, label="x")


def test_only_the_recording_agency_or_the_holders_change_a_line(story, household):
    link = neighbour(story, household)
    with pytest.raises(Refusal) as refusal:
        eco_link_update(
            actor=story.team_worker,
            link=link,
            expected_version=link.version,
            data={"strength": "weak"},
        )
    assert str(refusal.value) == str(access.ECO_LINK_NOT_YOURS % {"agency": story.hub.name})


def test_a_line_is_changed_with_its_reason(story, household):
    link = neighbour(story, household)
    link = eco_link_update(
        actor=story.owner_worker,
        link=link,
        expected_version=link.version,
        data={"strength": EcoLink.Strength.STRESSFUL, "note": "金銭の要求"},
    )
    assert link.strength == "stressful"
    assert link.history.first().history_change_reason == "eco-map link changed"


def test_a_removed_line_leaves_the_map_and_stays_in_history(story, household):
    link = neighbour(story, household)
    eco_link_end(actor=story.owner_worker, link=link)
    eco = ecomap.ecomap_for(
        story.owner_worker,
        household,
        access.household_decision(story.owner_worker, household),
        members=[],
    )
    assert "隣の田中さん" not in [n.label for n in eco.nodes]
    assert link.history.first().history_change_reason == "eco-map link removed"


def test_the_lines_are_drawn_by_strength(story, household):
    neighbour(story, household)
    neighbour(story, household, label="元夫", strength=EcoLink.Strength.STRESSFUL)
    neighbour(story, household, label="地域食堂", strength=EcoLink.Strength.WEAK)
    decision = access.household_decision(story.owner_worker, household)
    eco = ecomap.ecomap_for(story.owner_worker, household, decision, members=["山田 トメ"])
    root = ET.fromstring(ecomap.render_svg(eco))  # noqa: S314 - our own drawing
    by_node = {
        p.get("data-node"): p
        for p in root.iter("{http://www.w3.org/2000/svg}path")
        if p.get("data-node")
    }
    kinds = {n.label: by_node[n.id] for n in eco.nodes}
    assert "strong" in kinds["隣の田中さん"].get("class")
    assert kinds["隣の田中さん"].get("stroke-width") == "5"
    assert kinds["地域食堂"].get("stroke-dasharray")
    assert kinds["元夫"].get("d").count("L") > 3  # a zigzag
    assert "unmarked" in kinds[story.team_agency.name].get("class")


def test_the_ecomap_form_adds_a_line(client, story, household):
    client.force_login(story.owner_worker)
    url = reverse("cases:household_ecomap", args=[household.pk])
    response = client.post(
        url, {"source": "informal", "label": "民生委員 佐藤さん", "strength": "weak"}
    )
    assert response.status_code == 302
    assert household.eco_links.get().label == "民生委員 佐藤さん"


def test_the_ecomap_form_shows_a_missing_name_as_a_field_error(client, story, household):
    client.force_login(story.owner_worker)
    url = reverse("cases:household_ecomap", args=[household.pk])
    response = client.post(url, {"source": "informal", "label": "", "strength": "weak"})
    assert response.status_code == 200
    assert "errorlist" in response.text
    assert not household.eco_links.exists()


def test_a_team_agency_without_consent_cannot_post_the_form(client, story, household):
    client.force_login(story.uncovered_worker)
    url = reverse("cases:household_ecomap", args=[household.pk])
    response = client.post(url, {"source": "informal", "label": "x", "strength": "weak"})
    assert response.status_code == 403
    assert not household.eco_links.exists()


def test_the_remove_button_ends_the_line(client, story, household):
    link = neighbour(story, household)
    client.force_login(story.owner_worker)
    response = client.post(reverse("cases:eco_link_remove", args=[household.pk, link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_on is not None


def test_the_edit_page_changes_the_line(client, story, household):
    link = neighbour(story, household)
    client.force_login(story.owner_worker)
    url = reverse("cases:eco_link_edit", args=[household.pk, link.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "label": "隣の田中さん",
            "role": "",
            "strength": "weak",
            "note": "",
            "version": link.version,
        },
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.strength == "weak"


def test_the_api_adds_changes_and_removes_a_line(api, story, household):
    api.force_authenticate(story.owner_worker)
    created = api.post(
        reverse("api:household-eco-link-list", args=[household.pk]),
        {"source": "informal", "label": "地域食堂 ひだまり", "strength": "strong"},
        format="json",
    )
    assert created.status_code == 201, created.content
    link_id = created.json()["id"]
    changed = api.patch(
        reverse("api:eco-link-detail", args=[link_id]),
        {"strength": "weak", "version": created.json()["version"]},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["strength"] == "weak"
    assert api.delete(reverse("api:eco-link-detail", args=[link_id])).status_code == 204
    listed = api.get(reverse("api:household-eco-link-list", args=[household.pk])).json()
    assert listed == []


def test_the_api_keeps_a_line_changed_since_the_if_match_of_its_removal(api, story, household):
    link = neighbour(story, household)
    api.force_authenticate(story.owner_worker)
    etag = f'W/"{link.version}"'
    api.patch(
        reverse("api:eco-link-detail", args=[link.pk]),
        {"strength": "weak", "version": link.version},
        format="json",
    )
    response = api.delete(reverse("api:eco-link-detail", args=[link.pk]), HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    link.refresh_from_db()
    assert link.ended_on is None


def test_the_api_answers_a_bad_strength_with_a_400(api, story, household):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:household-eco-link-list", args=[household.pk]),
        {"source": "informal", "label": "x", "strength": "very"},
        format="json",
    )
    assert response.status_code == 400
    assert "strength" in response.json()


def test_the_api_refuses_another_agency_with_a_404(api, story, household):
    link = neighbour(story, household)
    api.force_authenticate(story.stranger)
    assert api.get(reverse("api:household-eco-link-list", args=[household.pk])).status_code == 404
    response = api.patch(
        reverse("api:eco-link-detail", args=[link.pk]), {"version": 1}, format="json"
    )
    assert response.status_code == 404


def test_the_api_refuses_a_team_agency_without_consent_with_the_reason(api, story, household):
    api.force_authenticate(story.uncovered_worker)
    response = api.post(
        reverse("api:household-eco-link-list", args=[household.pk]),
        {"source": "informal", "label": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith(story.uncovered_agency.name)


def test_the_api_refuses_an_anonymous_caller(api, household):
    url = reverse("api:household-eco-link-list", args=[household.pk])
    assert api.post(url, {"source": "informal", "label": "x"}, format="json").status_code == 401


def _count_queries(api, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("endpoint", ["api:household-eco-link-list", "api:household-ecomap"])
def test_the_eco_link_list_and_the_ecomap_cost_the_same_whatever_their_length(
    api, story, household, endpoint, django_assert_max_num_queries
):
    api.force_authenticate(story.owner_worker)
    url = reverse(endpoint, args=[household.pk])
    neighbour(story, household)
    one = _count_queries(api, url)
    for n in range(6):
        neighbour(story, household, label=f"近所の人 {n}")
    with django_assert_max_num_queries(one):
        assert api.get(url).status_code == 200


def _meeting_grant(story) -> None:
    import datetime as dt

    from django.utils import timezone

    from cases import services

    now = timezone.now()
    services.grant_meeting_access(
        case=story.case,
        user=story.stranger,
        agency=story.other,
        source="支援会議 2026-12-01",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )


def test_a_support_meeting_reader_sees_the_ecomap_but_adds_no_line(client, story, household):
    _meeting_grant(story)
    client.force_login(story.stranger)
    url = reverse("cases:household_ecomap", args=[household.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Add to the eco-map" not in page.text and "エコマップに追加" not in page.text
    response = client.post(url, {"source": "informal", "label": "x", "strength": "weak"})
    assert response.status_code == 403
    assert not household.eco_links.exists()


def test_a_support_meeting_reader_is_told_why_it_adds_no_line(story, household):
    _meeting_grant(story)
    with pytest.raises(Refusal) as refusal:
        eco_link_add(actor=story.stranger, household=household, label="x")
    assert str(refusal.value) == str(access.HOUSEHOLD_GRANT_READ_ONLY)


# --- the household history --------------------------------------------------------------


def eco_history(user, household) -> list:
    """The household history's rows about eco-map lines, newest first."""
    decision = access.household_decision(user, household)
    rows = selectors.household_history(user, household, decision)
    return [r for r in rows if str(r.model) == str(EcoLink._meta.verbose_name)]


def test_an_eco_map_line_added_changed_and_removed_is_in_the_household_history(story, household):
    link = neighbour(story, household)
    link = eco_link_update(
        actor=story.owner_worker,
        link=link,
        expected_version=link.version,
        data={"strength": EcoLink.Strength.STRESSFUL},
    )
    eco_link_end(actor=story.owner_worker, link=link)
    rows = eco_history(story.owner_worker, household)
    reasons = ["eco-map link removed", "eco-map link changed", "eco-map link added"]
    assert [r.reason for r in rows] == [gettext(reason) for reason in reasons]
    added = {c.field: c.new for c in rows[-1].changes}
    assert added["label"] == "隣の田中さん"
    assert added["source"] == str(ecomap.KINDS[ecomap.INFORMAL])
    changed = {c.field: (c.old, c.new) for c in rows[1].changes}
    strengths = EcoLink.Strength
    assert changed == {"strength": (str(strengths.STRONG.label), str(strengths.STRESSFUL.label))}


def test_a_marked_record_is_named_in_the_household_history(story, household):
    eco_link_add(
        actor=story.owner_worker, household=household, source=f"agency:{story.team_agency.pk}"
    )
    added = {c.field: c.new for c in eco_history(story.owner_worker, household)[0].changes}
    assert added["source"] == story.team_agency.name


def test_a_consent_reader_reads_the_eco_map_history_as_it_reads_the_eco_map(
    client, story, household
):
    neighbour(story, household)
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:household_history", args=[household.pk]))
    assert response.status_code == 200
    assert "隣の田中さん" in response.text


def test_a_team_agency_without_consent_is_told_why_and_not_shown_the_eco_map_history(
    client, story, household
):
    neighbour(story, household)
    client.force_login(story.uncovered_worker)
    response = client.get(reverse("cases:household_history", args=[household.pk]))
    assert response.status_code == 403
    assert story.uncovered_agency.name in response.text
    assert "隣の田中さん" not in response.text


def test_another_agency_gets_the_404_and_not_the_eco_map_history(client, story, household):
    neighbour(story, household)
    client.force_login(story.stranger)
    response = client.get(reverse("cases:household_history", args=[household.pk]))
    assert response.status_code == 404
    assert "隣の田中さん" not in response.text


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_eco_map_history(client, household):
    response = client.get(reverse("cases:household_history", args=[household.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("lines", [5, 25])
def test_the_eco_map_history_costs_the_same_whatever_the_number_of_lines(
    client, story, household, lines, django_assert_max_num_queries
):
    eco_link_add(
        actor=story.owner_worker, household=household, source=f"agency:{story.team_agency.pk}"
    )
    for n in range(lines):
        neighbour(story, household, label=f"近所の人{n}")
    client.force_login(story.owner_worker)
    # as the household history without lines (tests/cases/test_history_diffs.py), and the
    # names of the one kind of record marked (agencies)
    with django_assert_max_num_queries(27):
        response = client.get(reverse("cases:household_history", args=[household.pk]))
    assert response.status_code == 200
