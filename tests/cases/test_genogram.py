"""The genogram of a three-generation 8050 household, checked as structure: which shapes,
which lines, in which order (the graph, and the SVG parsed with xml.etree), and what a
consent reader is shown."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from cases import access, genogram
from cases.genogram import PersonFacts, RelationFacts
from tests.cases.family import yamada_family

pytestmark = [pytest.mark.django_db]

NS = {"svg": "http://www.w3.org/2000/svg"}


def graph_for(user, household):
    decision = access.household_decision(user, household)
    return genogram.genogram_for(user, household, decision)[0]


def by_label(graph):
    return {n.label: n for n in graph.nodes}


def parsed(graph) -> ET.Element:
    return ET.fromstring(genogram.render_svg(graph))  # noqa: S314 - our own drawing


def person_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {
        g.get("id"): g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "person" in g.get("class", "").split()
    }


@pytest.fixture
def family(story):
    return yamada_family(story)


@pytest.fixture
def owner_graph(story, family):
    return graph_for(story.owner_worker, family.household)


def test_the_8050_household_is_laid_out_in_three_generations(owner_graph):
    rows = {}
    for n in owner_graph.nodes:
        rows.setdefault(n.generation, []).append(n.label)
    assert rows == {
        0: ["山田 茂", "山田 トメ"],
        1: ["佐藤 健", "佐藤 花子", "山田 一郎"],
        2: ["佐藤 陽菜"],
    }


def test_each_generation_is_drawn_below_the_one_before(owner_graph):
    nodes = by_label(owner_graph)
    assert nodes["山田 トメ"].y < nodes["山田 一郎"].y < nodes["佐藤 陽菜"].y


def test_children_stand_in_birth_order_from_the_left(owner_graph):
    nodes = by_label(owner_graph)
    assert nodes["佐藤 花子"].x < nodes["山田 一郎"].x  # 1970 before 1974


def test_men_are_squares_women_circles(owner_graph, family):
    root = parsed(owner_graph)
    groups = person_groups(root)
    nodes = by_label(owner_graph)
    ichiro = groups[nodes["山田 一郎"].id].find("svg:g[@class='symbol']/svg:rect", NS)
    tome = groups[nodes["山田 トメ"].id].find("svg:g[@class='symbol']/svg:circle", NS)
    assert ichiro is not None and tome is not None


def test_a_person_whose_sex_is_not_recorded_is_a_diamond():
    graph = genogram.build([PersonFacts(1, "世帯主", True, name="森 あき", sex="unknown")], [])
    root = parsed(graph)
    assert root.find(".//svg:g[@class='symbol']/svg:polygon", NS) is not None


def test_the_deceased_father_is_crossed_out_with_his_age_at_death(owner_graph):
    root = parsed(owner_graph)
    father = by_label(owner_graph)["山田 茂"]
    group = person_groups(root)[father.id]
    assert "deceased" in group.get("class").split()
    assert group.find("svg:path[@class='cross']", NS) is not None
    assert father.age == 75
    assert (
        person_groups(root)[by_label(owner_graph)["山田 トメ"].id].find(
            "svg:path[@class='cross']", NS
        )
        is None
    )


def test_the_parents_are_joined_by_a_marriage_line(owner_graph):
    nodes = by_label(owner_graph)
    marriages = [{e.source, e.target} for e in owner_graph.edges if e.kind == genogram.MARRIAGE]
    assert marriages == [{nodes["山田 茂"].id, nodes["山田 トメ"].id}]


def test_the_daughters_divorce_is_a_line_with_the_double_slash(owner_graph):
    nodes = by_label(owner_graph)
    root = parsed(owner_graph)
    divorce = root.find(".//svg:path[@class='divorce']", NS)
    assert {divorce.get("data-source"), divorce.get("data-target")} == {
        nodes["佐藤 健"].id,
        nodes["佐藤 花子"].id,
    }
    assert len(root.findall(".//svg:path[@class='divorce-mark']", NS)) == 2  # one + legend
    assert "1995" in genogram.render_svg(owner_graph)


def test_the_children_hang_from_their_parents_line_in_birth_order(owner_graph):
    nodes = by_label(owner_graph)
    root = parsed(owner_graph)
    lines = {
        g.get("data-parents"): g.get("data-children").split()
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "parent-child"
    }
    couple = " ".join(sorted([nodes["山田 茂"].id, nodes["山田 トメ"].id]))
    assert lines[couple] == [nodes["佐藤 花子"].id, nodes["山田 一郎"].id]
    divorced = " ".join(sorted([nodes["佐藤 健"].id, nodes["佐藤 花子"].id]))
    assert lines[divorced] == [nodes["佐藤 陽菜"].id]


def test_the_key_person_is_marked(owner_graph):
    root = parsed(owner_graph)
    marked = [g for g in person_groups(root).values() if "key-person" in g.get("class")]
    assert [g.get("id") for g in marked] == [by_label(owner_graph)["佐藤 花子"].id]


def test_the_household_boundary_encloses_only_its_members(owner_graph):
    xs = [x for x, _y in owner_graph.boundary]
    nodes = by_label(owner_graph)
    for name in ("山田 トメ", "山田 一郎"):
        assert min(xs) < nodes[name].x < max(xs)
    assert nodes["佐藤 健"].x < min(xs)
    assert parsed(owner_graph).find(".//svg:polygon[@class='household']", NS) is not None


def test_the_person_a_case_is_about_has_a_double_outline(story, family):
    from cases import services

    services.concern_add(
        actor=story.owner_worker, case=story.case, person=family.ichiro, category="hikikomori"
    )
    graph = graph_for(story.owner_worker, family.household)
    group = person_groups(parsed(graph))[by_label(graph)["山田 一郎"].id]
    assert "supported" in group.get("class").split()
    assert group.find("svg:g[@class='inner']", NS) is not None


def test_ages_are_written_inside_the_symbols(owner_graph):
    root = parsed(owner_graph)
    group = person_groups(root)[by_label(owner_graph)["山田 一郎"].id]
    assert group.find("svg:text[@class='age']", NS).text == str(
        by_label(owner_graph)["山田 一郎"].age
    )


def test_a_consent_reader_sees_uncovered_members_by_relation_only(story, family):
    graph = graph_for(story.team_worker, family.household)
    svg = genogram.render_svg(graph)
    assert "山田 トメ" in svg
    for name in ("一郎", "茂", "花子", "健", "陽菜"):
        assert name not in svg
    withheld = [n for n in graph.nodes if n.shape == genogram.WITHHELD]
    assert len(withheld) == 5
    assert all(n.age is None and n.person_id is None and not n.deceased for n in withheld)
    assert str(by_label(graph)["山田 トメ"].age) in svg
    ichiro_ages = [n.age for n in graph.nodes if n.relation and n.shape == genogram.WITHHELD]
    assert ichiro_ages == [None] * 5


def test_a_consent_reader_still_sees_the_shape_of_the_family(story, family):
    graph = graph_for(story.team_worker, family.household)
    assert [n.generation for n in graph.nodes] == [0, 0, 1, 1, 1, 2]
    assert {e.kind for e in graph.edges} == {genogram.MARRIAGE, genogram.DIVORCE, genogram.PARENT}


def test_a_consent_reader_is_not_shown_the_dates_of_an_uncovered_couple(story, family):
    svg = genogram.render_svg(graph_for(story.team_worker, family.household))
    assert "1995" not in svg and "2012" not in svg


def test_no_address_is_drawn(story, family):
    svg = genogram.render_svg(graph_for(story.owner_worker, family.household))
    assert family.household.address not in svg


def test_text_is_escaped_for_xml():
    graph = genogram.build(
        [PersonFacts(1, "<子>", True, name='A&B "<script>', sex="male")], [], title="x&y"
    )
    svg = genogram.render_svg(graph)
    ET.fromstring(svg)  # noqa: S314 - well-formed, or this raises
    assert "<script>" not in svg


def test_partners_and_siblings_without_parents_share_a_row():
    people = [
        PersonFacts(1, "世帯主", True, name="甲", sex="male", generation_hint=0),
        PersonFacts(2, "兄", False, name="乙", sex="male", birth_date=dt.date(1950, 1, 1)),
        PersonFacts(3, "子", True, name="丙", sex="female", generation_hint=1),
    ]
    relations = [RelationFacts(2, 1, "sibling"), RelationFacts(1, 3, "parent")]
    graph = genogram.build(people, relations)
    assert [n.generation for n in graph.nodes if n.label in ("甲", "乙")] == [0, 0]
    assert [e.kind for e in graph.edges].count(genogram.SIBLING) == 1


def test_relatives_are_named_by_what_they_are_to_the_head(owner_graph):
    from django.utils.translation import gettext as _

    relations = {n.label: n.relation for n in owner_graph.nodes if not n.in_household}
    assert relations == {
        "山田 茂": _("Spouse"),
        "佐藤 花子": _("Child"),
        "佐藤 健": _("Child's former spouse"),
        "佐藤 陽菜": _("Grandchild"),
    }


def test_a_consent_reader_sees_what_a_withheld_relative_is_to_the_head(story, family):
    from django.utils.translation import gettext as _

    graph = graph_for(story.team_worker, family.household)
    relations = sorted(n.relation for n in graph.nodes if not n.in_household)
    assert relations == sorted(
        [_("Spouse"), _("Child"), _("Child's former spouse"), _("Grandchild")]
    )
