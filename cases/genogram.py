"""The household's genogram (ジェノグラム): a graph of its members, the relatives recorded
with it and the relations between them, laid out by generation and drawn as SVG on the
server (printed onto every 重層 assessment sheet).

Three parts:

- `build(people, relations)` (pure): nodes with their shape (male □, female ○, not
  recorded ◇, withheld), age, death, the person supported and the key person; edges for
  marriages, divorces (⫽), parent-child lines with the children in birth order, siblings;
  each node placed in its generation's row.
- `render_svg(genogram)` (pure): the drawing, built as a string with every text escaped
  for XML; an A4-printable viewBox and fonts that include Noto Sans CJK JP.
- `genogram_for(user, household, decision)`: what the reader may read, as `build`'s input.
  A consent reader sees the members the consent covers; every other person appears as
  "member" or "relative" with their relation only (no name, age, sex or death). No
  address, postcode or phone is ever part of the graph (住所秘匿 or not).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import User
from cases import access, svgstyle
from cases.models import (
    Case,
    Concern,
    Household,
    HouseholdMembership,
    Person,
    PersonRelation,
)

# Drawing units (the SVG's user units; 1 unit ≈ 0.26 mm at A4 landscape width).
SYMBOL = 44  # the side of a square, the diameter of a circle
COLUMN = 124  # from one person's centre to the next
ROW = 168  # from one generation's centre line to the next
MARGIN = 36
LEGEND = 64  # the height kept for the legend under the drawing
MIN_WIDTH = 820.0  # room for the legend
FONT = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif"

# Generation of a member relative to the head, from the household's 続柄.
GENERATION_OF_RELATION: dict[str, int] = {
    HouseholdMembership.Relation.HEAD: 0,
    HouseholdMembership.Relation.SPOUSE: 0,
    HouseholdMembership.Relation.SIBLING: 0,
    HouseholdMembership.Relation.CHILD: 1,
    HouseholdMembership.Relation.PARENT: -1,
    HouseholdMembership.Relation.GRANDPARENT: -2,
    HouseholdMembership.Relation.GRANDCHILD: 2,
}

MALE, FEMALE, UNKNOWN, WITHHELD = "male", "female", "unknown", "withheld"
MARRIAGE, DIVORCE, PARENT, SIBLING, OTHER = "marriage", "divorce", "parent", "sibling", "other"


# --- input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """One person as the reader may see them. For a withheld person only `pk`,
    `relation`, `in_household`, `generation_hint`, `birth_order` and `key_person` count."""

    pk: int
    relation: str  # 続柄 (a member's relation to the head) or how a relative is related
    in_household: bool
    readable: bool = True
    name: str = ""
    sex: str = UNKNOWN
    birth_date: dt.date | None = None
    age: int | None = None
    deceased: bool = False
    died_on: dt.date | None = None
    supported: bool = False
    key_person: bool = False
    generation_hint: int | None = None


@dataclass(frozen=True)
class RelationFacts:
    """`person` is the `kind` of `relative` (PersonRelation's reading)."""

    person: int
    relative: int
    kind: str
    label: str = ""
    married_on: dt.date | None = None
    divorced_on: dt.date | None = None


# --- output -----------------------------------------------------------------------------


@dataclass
class Node:
    id: str
    shape: str  # male, female, unknown, withheld
    label: str
    relation: str
    in_household: bool
    generation: int
    person_id: int | None = None
    age: int | None = None
    deceased: bool = False
    supported: bool = False
    key_person: bool = False
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    kind: str  # marriage, divorce, parent, sibling, other
    source: str
    target: str
    label: str = ""
    # For a parent line: the other parent (the child line drops from the couple's line).
    co_parent: str | None = None


@dataclass
class Genogram:
    nodes: list[Node]
    edges: list[Edge]
    width: float
    height: float
    title: str = ""
    # The household boundary (dashed): the outline's points, clockwise.
    boundary: list[tuple[float, float]] = field(default_factory=list)

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def as_json(self) -> dict:
        """The graph for the API: nodes (without layout noise beyond x/y) and edges."""
        return {
            "title": self.title,
            "width": self.width,
            "height": self.height,
            "nodes": [asdict(n) for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
        }


# --- building ---------------------------------------------------------------------------


def _sort_key(person: PersonFacts) -> tuple:
    """Birth order: the eldest first; unknown birth dates after, in the order recorded."""
    return (person.birth_date is None, person.birth_date or dt.date.max, person.pk)


def _generations(people: dict[int, PersonFacts], relations: Sequence[RelationFacts]) -> dict:
    """Each person's generation (0: the eldest row), from the relations (a parent is one
    row above the child, a grandparent two, partners and siblings on one row) and, where
    they say nothing, from the members' relation to the head."""
    links: dict[int, list[tuple[int, int]]] = defaultdict(list)
    delta: dict[str, int] = {PersonRelation.Kind.PARENT: 1, PersonRelation.Kind.GRANDPARENT: 2}
    for r in relations:
        step = delta.get(r.kind, 0)
        links[r.person].append((r.relative, step))
        links[r.relative].append((r.person, -step))
    generation: dict[int, int] = {}
    # Start from the hinted members (the head first), then everyone else.
    order = sorted(
        people.values(),
        key=lambda p: (p.generation_hint is None, abs(p.generation_hint or 0), p.pk),
    )
    for start in order:
        if start.pk in generation:
            continue
        generation[start.pk] = start.generation_hint or 0
        queue = [start.pk]
        while queue:
            current = queue.pop(0)
            for other, step in links[current]:
                if other in people and other not in generation:
                    generation[other] = generation[current] + step
                    queue.append(other)
    lowest = min(generation.values(), default=0)
    return {pk: g - lowest for pk, g in generation.items()}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def build(
    people: Iterable[PersonFacts], relations: Iterable[RelationFacts], *, title: str = ""
) -> Genogram:
    """The graph, laid out: one row per generation, children under their parents in
    birth order, a partner beside the person (a man on the left of his partner)."""
    persons = {p.pk: p for p in people}
    relations = [r for r in relations if r.person in persons and r.relative in persons]
    generation = _generations(persons, relations)

    parents: dict[int, set[int]] = defaultdict(set)
    partners: dict[int, list[RelationFacts]] = defaultdict(list)
    siblings = _Union()
    for r in relations:
        if r.kind == PersonRelation.Kind.PARENT:
            parents[r.relative].add(r.person)
        elif r.kind == PersonRelation.Kind.PARTNER:
            partners[r.person].append(r)
            partners[r.relative].append(r)
        elif r.kind == PersonRelation.Kind.SIBLING:
            siblings.join(r.person, r.relative)
    # Siblings share their parents: one recorded for either counts for both.
    sib_groups: dict[int, set[int]] = defaultdict(set)
    for pk in persons:
        sib_groups[siblings.find(pk)].add(pk)
    family_of: dict[int, tuple] = {}
    for root, group in sib_groups.items():
        shared = set().union(*(parents[pk] for pk in group))
        for pk in group:
            if shared:
                family_of[pk] = ("parents", *sorted(shared))
            elif len(group) > 1:
                family_of[pk] = ("siblings", root)

    def partner_ids(pk: int) -> list[int]:
        ids = [r.relative if r.person == pk else r.person for r in partners[pk]]
        return sorted(ids, key=lambda other: _sort_key(persons[other]))

    couples = {
        frozenset((r.person, r.relative))
        for r in relations
        if r.kind == PersonRelation.Kind.PARTNER
    }
    # Rows: a row is a list of blocks; a block is placed as one piece.
    rows: dict[int, list[list[int]]] = defaultdict(list)
    placed: set[int] = set()
    for g in sorted(set(generation.values())):
        members = sorted(
            (pk for pk in persons if generation[pk] == g), key=lambda pk: _sort_key(persons[pk])
        )
        families: dict[tuple, list[int]] = defaultdict(list)
        for pk in members:
            if pk in family_of:
                families[family_of[pk]].append(pk)
        blocks: list[list[int]] = []
        for children in families.values():
            block: list[int] = []
            for child in children:
                if child in placed:
                    continue
                block.extend(
                    _with_partners(child, partner_ids, family_of, generation, placed, persons)
                )
            if block:
                blocks.append(block)
        for pk in members:  # the rest: couples of the row without recorded parents
            if pk not in placed:
                blocks.append(
                    _with_partners(pk, partner_ids, family_of, generation, placed, persons)
                )
        rows[g] = _join_couples(blocks, couples)

    x: dict[int, float] = {}
    children_of: dict[int, list[int]] = defaultdict(list)
    for child, ps in parents.items():
        for p in ps:
            children_of[p].append(child)

    def place(blocks: list[list[int]], wanted: list[float | None]) -> None:
        ordered = sorted(
            range(len(blocks)),
            key=lambda i: (wanted[i] is None, wanted[i] if wanted[i] is not None else i),
        )
        cursor = 0.0
        for i in ordered:
            block = blocks[i]
            width = (len(block) - 1) * COLUMN
            want = wanted[i]
            start = cursor if want is None else max(cursor, want - width / 2)
            for n, pk in enumerate(block):
                x[pk] = start + n * COLUMN
            cursor = start + width + COLUMN

    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    generations = sorted(rows)
    for _round in range(2):
        for g in generations:  # top-down: children under their parents
            wanted = [mean([x[p] for c in b for p in parents[c] if p in x]) for b in rows[g]]
            if _round and g == generations[0]:
                wanted = [
                    mean([x[c] for p in b for c in children_of[p] if c in x]) for b in rows[g]
                ]
            place(rows[g], wanted)
        for g in reversed(generations[:-1]):  # bottom-up: parents over their children
            wanted = []
            for b in rows[g]:
                if any(parents[p] for p in b):
                    wanted.append(mean([x[p] for p in b]))
                else:
                    wanted.append(mean([x[c] for p in b for c in children_of[p] if c in x]))
            place(rows[g], wanted)

    lowest = min(x.values(), default=0.0)
    nodes: list[Node] = []
    ids: dict[int, str] = {}
    for g in generations:
        for block in rows[g]:
            for pk in block:
                ids[pk] = f"n{len(ids) + 1}"
                nodes.append(_node(ids[pk], persons[pk], g, x[pk] - lowest + MARGIN + SYMBOL, g))

    edges = _edges(relations, ids, persons, parents)
    width = max((n.x for n in nodes), default=0) + SYMBOL + MARGIN + COLUMN / 2
    if width < MIN_WIDTH:  # a small family stands in the middle of the sheet
        for n in nodes:
            n.x += (MIN_WIDTH - width) / 2
    height = MARGIN * 2 + len(generations) * ROW + LEGEND
    genogram = Genogram(nodes, edges, max(width, MIN_WIDTH), height, title=title)
    genogram.boundary = _boundary(genogram)
    return genogram


def _join_couples(blocks: list[list[int]], couples: set[frozenset[int]]) -> list[list[int]]:
    """Two families joined by a marriage of their children stand side by side, the
    partners where the families touch (when the partners are at an end of their
    family: the siblings keep their birth order)."""
    blocks = [list(b) for b in blocks]
    joined = True
    while joined:
        joined = False
        for i, left in enumerate(blocks):
            for j, right in enumerate(blocks):
                if i != j and frozenset((left[-1], right[0])) in couples:
                    blocks[i] = left + right
                    del blocks[j]
                    joined = True
                    break
            if joined:
                break
    return blocks


def _with_partners(
    pk: int, partner_ids, family_of: dict, generation: dict, placed: set[int], persons: dict
) -> list[int]:
    """The person and their partners of the same row who are not placed elsewhere (a
    partner with parents of their own sits in their own family): a man left of his
    partners, a woman right of hers; partners in the order of their birth."""
    placed.add(pk)
    beside = [
        other
        for other in partner_ids(pk)
        if other not in placed
        and generation.get(other) == generation.get(pk)
        and other not in family_of
    ]
    placed.update(beside)
    if persons[pk].readable and persons[pk].sex == FEMALE:
        return [*beside, pk]
    return [pk, *beside]


def _node(node_id: str, p: PersonFacts, generation: int, x: float, row: int) -> Node:
    y = MARGIN + ROW / 2 + row * ROW - 20
    if not p.readable:
        label = _("Member") if p.in_household else _("Relative")
        return Node(
            node_id,
            WITHHELD,
            str(label),
            p.relation,
            p.in_household,
            generation,
            key_person=p.key_person,
            x=x,
            y=y,
        )
    shape = p.sex if p.sex in (MALE, FEMALE) else UNKNOWN
    return Node(
        node_id,
        shape,
        p.name,
        p.relation,
        p.in_household,
        generation,
        person_id=p.pk,
        age=p.age,
        deceased=p.deceased,
        supported=p.supported,
        key_person=p.key_person,
        x=x,
        y=y,
    )


def _year(day: dt.date | None) -> str:
    return str(day.year) if day else ""


def _edges(
    relations: Sequence[RelationFacts],
    ids: dict[int, str],
    persons: dict[int, PersonFacts],
    parents: dict[int, set[int]],
) -> list[Edge]:
    edges: list[Edge] = []
    couples: set[frozenset[int]] = set()
    for r in relations:
        if r.kind != PersonRelation.Kind.PARTNER:
            continue
        couples.add(frozenset((r.person, r.relative)))
        both_readable = persons[r.person].readable and persons[r.relative].readable
        label = ""
        if both_readable:  # the dates are the couple's: shown to whom may read them both
            parts = []
            if r.married_on:
                parts.append(_("m. %(year)s") % {"year": _year(r.married_on)})
            if r.divorced_on:
                parts.append(_("div. %(year)s") % {"year": _year(r.divorced_on)})
            label = " / ".join(reversed(parts))
        kind = DIVORCE if r.divorced_on else MARRIAGE
        edges.append(Edge(kind, ids[r.person], ids[r.relative], label))
    # Parent lines, children in birth order; one line from a couple's marriage line.
    by_child = sorted(parents, key=lambda c: _sort_key(persons[c]))
    for child in by_child:
        ps = sorted(parents[child], key=lambda p: ids[p])
        pair = next(
            ((a, b) for a in ps for b in ps if a != b and frozenset((a, b)) in couples), None
        )
        if pair:
            edges.append(Edge(PARENT, ids[pair[0]], ids[child], co_parent=ids[pair[1]]))
            rest = [p for p in ps if p not in pair]
        else:
            rest = ps
        edges.extend(Edge(PARENT, ids[p], ids[child]) for p in rest)
    for r in relations:
        if r.kind == PersonRelation.Kind.SIBLING and not (parents[r.person] or parents[r.relative]):
            a, b = sorted((r.person, r.relative), key=lambda pk: _sort_key(persons[pk]))
            edges.append(Edge(SIBLING, ids[a], ids[b]))
        elif r.kind in (PersonRelation.Kind.GRANDPARENT, PersonRelation.Kind.OTHER):
            label = r.label if r.kind == PersonRelation.Kind.OTHER else str(_("grandparent"))
            edges.append(Edge(OTHER, ids[r.person], ids[r.relative], label))
    return edges


def _boundary(genogram: Genogram) -> list[tuple[float, float]]:
    """The dashed outline around the household's members: per row, the span of its
    members; rows between two member rows take the span of the row above."""
    spans: dict[int, tuple[float, float]] = {}
    for n in genogram.nodes:
        if n.in_household:
            lo, hi = spans.get(n.generation, (n.x, n.x))
            spans[n.generation] = (min(lo, n.x), max(hi, n.x))
    if not spans:
        return []
    first, last = min(spans), max(spans)
    pad = COLUMN / 2 - 6
    for g in range(first, last + 1):
        if g not in spans:
            spans[g] = spans[g - 1]
    rows = list(range(first, last + 1))

    def top(g: int) -> float:
        return MARGIN + g * ROW + 8

    def bottom(g: int) -> float:
        return MARGIN + (g + 1) * ROW - 8 if g == last else MARGIN + (g + 1) * ROW

    points: list[tuple[float, float]] = []
    for g in rows:  # down the right side
        right = spans[g][1] + pad
        points += [(right, top(g) if g == first else MARGIN + g * ROW), (right, bottom(g))]
    for g in reversed(rows):  # up the left side
        left = spans[g][0] - pad
        points += [(left, bottom(g)), (left, top(g) if g == first else MARGIN + g * ROW)]
    return points


# --- drawing ----------------------------------------------------------------------------


def _text(x: float, y: float, content: str, cls: str, **attrs: str) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}"{extra}>{escape(content)}</text>'


def _shape(n: Node, inset: float = 0.0) -> str:
    r = SYMBOL / 2 - inset
    if n.shape == FEMALE:
        return f'<circle cx="{n.x:.1f}" cy="{n.y:.1f}" r="{r:.1f}"/>'
    if n.shape == UNKNOWN:
        d = r * 1.15
        return (
            f'<polygon points="{n.x:.1f},{n.y - d:.1f} {n.x + d:.1f},{n.y:.1f} '
            f'{n.x:.1f},{n.y + d:.1f} {n.x - d:.1f},{n.y:.1f}"/>'
        )
    rounded = ' rx="8"' if n.shape == WITHHELD else ""
    return (
        f'<rect x="{n.x - r:.1f}" y="{n.y - r:.1f}" width="{2 * r:.1f}" '
        f'height="{2 * r:.1f}"{rounded}/>'
    )


def _draw_node(n: Node) -> list[str]:
    classes = ["person", n.shape]
    if n.deceased:
        classes.append("deceased")
    if n.supported:
        classes.append("supported")
    if n.key_person:
        classes.append("key-person")
    out = [f'<g class="{" ".join(classes)}" id="{n.id}" data-generation="{n.generation}">']
    out.append(f"<title>{escape(' '.join(filter(None, [n.label, n.relation])))}</title>")
    out.append(f'<g class="symbol">{_shape(n)}</g>')
    if n.supported:
        out.append(f'<g class="inner">{_shape(n, inset=5)}</g>')
    if n.deceased:
        r = SYMBOL / 2 + 4
        out.append(
            f'<path class="cross" d="M{n.x - r:.1f},{n.y - r:.1f} L{n.x + r:.1f},{n.y + r:.1f} '
            f'M{n.x + r:.1f},{n.y - r:.1f} L{n.x - r:.1f},{n.y + r:.1f}"/>'
        )
    if n.age is not None:
        out.append(_text(n.x, n.y + 5, str(n.age), "age"))
    elif n.shape == WITHHELD:
        out.append(_text(n.x, n.y + 5, "?", "age muted"))
    if n.key_person:
        out.append(
            f'<g class="kp"><rect x="{n.x + SYMBOL / 2 - 6:.1f}" y="{n.y - SYMBOL / 2 - 12:.1f}" '
            f'width="28" height="16" rx="8"/>'
            + _text(n.x + SYMBOL / 2 + 8, n.y - SYMBOL / 2 + 0.5, "KP", "kp-text")
            + "</g>"
        )
    label = n.label if len(n.label) <= 9 else n.label[:8] + "…"
    out.append(_text(n.x, n.y + SYMBOL / 2 + 18, label, "name"))
    if n.relation:
        out.append(_text(n.x, n.y + SYMBOL / 2 + 33, n.relation, "relation"))
    out.append("</g>")
    return out


def _adjacent(a: Node, b: Node) -> bool:
    return a.y == b.y and abs(a.x - b.x) <= COLUMN + 1


def _couple_point(a: Node, b: Node) -> tuple[float, float]:
    """Where the children's line leaves a couple: the middle of their line."""
    if _adjacent(a, b):
        return (a.x + b.x) / 2, a.y
    return (a.x + b.x) / 2, max(a.y, b.y) + SYMBOL / 2 + 44


def _draw_edges(g: Genogram) -> list[str]:
    out: list[str] = []
    nodes = {n.id: n for n in g.nodes}
    r = SYMBOL / 2
    for e in g.edges:
        if e.kind not in (MARRIAGE, DIVORCE):
            continue
        a, b = sorted((nodes[e.source], nodes[e.target]), key=lambda n: (n.x, n.y))
        mid, y = _couple_point(a, b)
        if _adjacent(a, b):  # side by side: one line between the symbols
            d = f"M{a.x + r:.1f},{y:.1f} H{b.x - r:.1f}"
        else:  # others between them: the line runs under the row
            d = f"M{a.x:.1f},{a.y + r:.1f} V{y:.1f} H{b.x:.1f} V{b.y + r:.1f}"
        out.append(f'<path class="{e.kind}" data-source="{a.id}" data-target="{b.id}" d="{d}"/>')
        if e.kind == DIVORCE:
            out.append(
                f'<path class="divorce-mark" d="M{mid - 8:.1f},{y + 9:.1f} '
                f"L{mid - 1:.1f},{y - 9:.1f} M{mid + 1:.1f},{y + 9:.1f} "
                f'L{mid + 8:.1f},{y - 9:.1f}"/>'
            )
        if e.label:
            for i, line in enumerate(e.label.split(" / ")):
                below = not _adjacent(a, b)  # under the row: the date goes under the line
                ty = y + 14 + 11 * i if below else y - 13 - 11 * i
                out.append(_text(mid, ty, line, "date"))
    # Children of one couple (or one parent) hang from one sibship line.
    families: dict[tuple[str, str | None], list[Node]] = defaultdict(list)
    for e in g.edges:
        if e.kind == PARENT:
            families[(e.source, e.co_parent)].append(nodes[e.target])
    for (source, co_parent), children in families.items():
        parent = nodes[source]
        if co_parent is not None:
            drop_x, drop_y = _couple_point(parent, nodes[co_parent])
        else:
            drop_x, drop_y = parent.x, parent.y + SYMBOL / 2
        top = min(c.y for c in children) - SYMBOL / 2 - 22
        xs = [c.x for c in children] + [drop_x]
        ids = " ".join(c.id for c in sorted(children, key=lambda c: c.x))
        parent_ids = " ".join(filter(None, [parent.id, co_parent]))
        out.append(f'<g class="parent-child" data-parents="{parent_ids}" data-children="{ids}">')
        out.append(f'<path d="M{drop_x:.1f},{drop_y:.1f} V{top:.1f}"/>')
        out.append(f'<path d="M{min(xs):.1f},{top:.1f} H{max(xs):.1f}"/>')
        for c in children:
            out.append(f'<path d="M{c.x:.1f},{top:.1f} V{c.y - SYMBOL / 2:.1f}"/>')
        out.append("</g>")
    for e in g.edges:
        if e.kind == SIBLING:
            a, b = sorted((nodes[e.source], nodes[e.target]), key=lambda n: n.x)
            top = a.y - SYMBOL / 2 - 22
            out.append(
                f'<path class="sibling" d="M{a.x:.1f},{a.y - SYMBOL / 2:.1f} V{top:.1f} '
                f'H{b.x:.1f} V{b.y - SYMBOL / 2:.1f}"/>'
            )
        elif e.kind == OTHER:
            a, b = nodes[e.source], nodes[e.target]
            out.append(
                f'<line class="other" x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" y2="{b.y:.1f}"/>'
            )
            if e.label:
                out.append(_text((a.x + b.x) / 2, (a.y + b.y) / 2 - 4, e.label, "date"))
    return out


INK, GREY, LIGHT = "#1f2933", "#52606d", "#9aa5b1"
RULES: svgstyle.Rules = [
    ("svg", {"font-family": FONT, "text-anchor": "middle"}),
    ("text", {"fill": INK}),
    (".title", {"font-size": "17", "font-weight": "bold", "text-anchor": "start"}),
    (".name", {"font-size": "13"}),
    (".relation", {"font-size": "11", "fill": GREY}),
    (
        ".age",
        {
            "font-size": "14",
            "font-weight": "bold",
            "paint-order": "stroke",
            "stroke": "#fff",
            "stroke-width": "3",
        },
    ),
    (".muted", {"fill": LIGHT}),
    (".date", {"font-size": "10", "fill": GREY}),
    (".legend text", {"font-size": "11", "text-anchor": "start"}),
    (".legend .kp-text", {"text-anchor": "middle"}),
    (".symbol *", {"fill": "#fff", "stroke": INK, "stroke-width": "2"}),
    (".inner *", {"fill": "none", "stroke": INK, "stroke-width": "1.4"}),
    (".inner-sample", {"fill": "none", "stroke-width": "1.4"}),
    (".withheld .symbol *", {"fill": "#f5f7fa", "stroke": LIGHT, "stroke-dasharray": "4 3"}),
    (".deceased .symbol *", {"fill": "#e4e7eb"}),
    (".cross", {"fill": "none", "stroke": INK, "stroke-width": "1.6"}),
    (".kp rect", {"fill": "#c05621"}),
    (".kp-text", {"font-size": "10", "font-weight": "bold", "fill": "#fff"}),
    (".marriage", {"fill": "none", "stroke": INK, "stroke-width": "1.8"}),
    (".divorce", {"fill": "none", "stroke": INK, "stroke-width": "1.8"}),
    (".parent-child path", {"fill": "none", "stroke": INK, "stroke-width": "1.8"}),
    (".sibling", {"fill": "none", "stroke": INK, "stroke-width": "1.8"}),
    (".divorce-mark", {"fill": "none", "stroke": INK, "stroke-width": "1.8"}),
    (".other", {"stroke": "#7b8794", "stroke-width": "1.2", "stroke-dasharray": "2 3"}),
    (
        ".household",
        {
            "fill": "none",
            "stroke": "#2f6f9f",
            "stroke-width": "1.6",
            "stroke-dasharray": "8 5",
            "stroke-linejoin": "round",
        },
    ),
]


def _width(text: str, size: float = 11) -> float:
    """About how wide `text` is drawn: a full-width character is one em, others half."""
    return sum(size if ord(c) > 0x2E80 else size * 0.56 for c in text)


def _legend(g: Genogram) -> list[str]:
    """The key under the drawing, each sign drawn as in the genogram."""
    y = g.height - LEGEND / 2
    h = 7  # half a sample symbol
    out = ['<g class="legend">']
    x = float(MARGIN)
    samples = [
        (f'<rect x="{{x}}" y="{y - h}" width="{2 * h}" height="{2 * h}"/>', _("Male")),
        (f'<circle cx="{{cx}}" cy="{y}" r="{h}"/>', _("Female")),
        (
            f'<polygon points="{{cx}},{y - h - 1} {{x2}},{y} {{cx}},{y + h + 1} {{x}},{y}"/>',
            _("Sex not recorded"),
        ),
        (
            f'<rect x="{{x}}" y="{y - h}" width="{2 * h}" height="{2 * h}"/>'
            f'<rect class="inner-sample" x="{{xi}}" y="{y - h + 3}" width="{2 * h - 6}" '
            f'height="{2 * h - 6}"/>',
            _("Person supported"),
        ),
        (
            f'<rect x="{{x}}" y="{y - h}" width="{2 * h}" height="{2 * h}"/>'
            f'<path class="cross" d="M{{x}},{y - h} l{2 * h},{2 * h} m0,-{2 * h} '
            f'l-{2 * h},{2 * h}"/>',
            _("Deceased"),
        ),
    ]
    for sample, label in samples:
        fields = {"x": f"{x:.1f}", "cx": f"{x + h:.1f}", "x2": f"{x + 2 * h:.1f}"}
        fields["xi"] = f"{x + 3:.1f}"
        out.append(f'<g class="symbol">{sample.format(**fields)}</g>')
        out.append(_text(x + 2 * h + 5, y + 4, str(label), "legend-label"))
        x += 2 * h + 22 + _width(str(label))
    out.append(
        f'<g class="kp"><rect x="{x:.1f}" y="{y - 8:.1f}" width="24" height="16" rx="8"/>'
        + _text(x + 12, y + 3.5, "KP", "kp-text")
        + "</g>"
    )
    out.append(_text(x + 29, y + 4, str(_("Key person")), "legend-label"))
    x += 46 + _width(str(_("Key person")))
    out.append(
        f'<path class="marriage" d="M{x:.1f},{y:.1f} h36"/>'
        f'<path class="divorce-mark" d="M{x + 11:.1f},{y + 7:.1f} l6,-14 m3,14 l6,-14"/>'
    )
    out.append(_text(x + 41, y + 4, str(_("Divorced")), "legend-label"))
    x += 58 + _width(str(_("Divorced")))
    out.append(f'<rect class="household" x="{x:.1f}" y="{y - 8:.1f}" width="30" height="16"/>')
    out.append(_text(x + 35, y + 4, str(_("Household")), "legend-label"))
    out.append("</g>")
    return out


def render_svg(g: Genogram) -> str:
    """The genogram as a standalone SVG document (image/svg+xml), A4-printable: the
    viewBox scales to the sheet, the page's print stylesheet sets the paper."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="genogram" role="img" '
        f'viewBox="0 0 {g.width:.0f} {g.height:.0f}" width="{g.width:.0f}" height="{g.height:.0f}" '
        'preserveAspectRatio="xMidYMin meet">',
        f"<title>{escape(g.title or str(_('Genogram')))}</title>",
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    if g.title:
        parts.append(_text(MARGIN / 2, 24, g.title, "title"))
    if g.boundary:
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in g.boundary)
        parts.append(f'<polygon class="household" points="{points}"/>')
    parts += _draw_edges(g)
    for n in g.nodes:
        parts += _draw_node(n)
    parts += _legend(g)
    parts.append("</svg>")
    return svgstyle.apply("\n".join(parts), RULES)


# --- what the reader may read -------------------------------------------------------------


def _supported(user: User, household: Household, decision: access.Decision) -> set[int]:
    """The persons the household's open cases are about (an unresolved concern), of the
    cases the reader may read, and only about members the decision covers."""
    cases = access.visible_cases(user).filter(household=household, status__in=Case.OPEN_STATUSES)
    concerns = access.scoped(
        decision, Concern.objects.filter(case__in=cases, resolved_on__isnull=True)
    )
    return set(concerns.exclude(person=None).values_list("person_id", flat=True))


def genogram_for(
    user: User, household: Household, decision: access.Decision, *, today: dt.date | None = None
) -> tuple[Genogram, list[Person]]:
    """The household's genogram as the reader may read it, and the persons it names (the
    caller logs their read). `decision` is the reader's on the household
    (`access.household_for`): a consent reader sees by name only the members whose
    consent covers them; a relative living in another household only if the reader may
    read that person."""
    today = today or timezone.localdate()
    memberships = list(household.memberships.filter(ended_on__isnull=True).select_related("person"))
    base: dict[int, tuple[Person, str, int | None, bool]] = {}
    for m in memberships:
        base[m.person_id] = (
            m.person,
            str(m.get_relation_display()),
            GENERATION_OF_RELATION.get(m.relation),
            True,
        )
    for p in household.relatives_recorded.filter(merged_into=None):
        base.setdefault(p.pk, (p, "", None, False))
    ids = list(base)
    relation_rows = list(
        PersonRelation.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)).order_by("pk")
    )
    outside_ids = {
        pk for r in relation_rows for pk in (r.person_id, r.relative_id) if pk not in base
    }
    outside = list(Person.objects.filter(pk__in=outside_ids, merged_into=None))
    readable_outside = {
        p.pk for p in outside if (d := access.person_decision(user, p)).can_view and d.covers(p.pk)
    }
    for p in outside:
        base[p.pk] = (p, "", None, False)
    head = next(
        (m.person_id for m in memberships if m.relation == HouseholdMembership.Relation.HEAD), None
    )
    labels = relation_to_head(
        head,
        [
            RelationFacts(r.person_id, r.relative_id, r.kind, r.label, r.married_on, r.divorced_on)
            for r in relation_rows
        ],
    )
    supported = _supported(user, household, decision)
    people: list[PersonFacts] = []
    named: list[Person] = []
    for pk, (p, relation, hint, inside) in base.items():
        readable = (pk in readable_outside) if pk in outside_ids else decision.covers(pk)
        relation = relation or labels.get(pk, str(_("Relative")))
        key = household.key_person_id == pk
        if not readable:
            people.append(
                PersonFacts(pk, relation, inside, False, key_person=key, generation_hint=hint)
            )
            continue
        named.append(p)
        people.append(
            PersonFacts(
                pk,
                relation,
                inside,
                name=p.full_name,
                sex=p.sex,
                birth_date=p.birth_date,
                age=p.age_on(today),
                deceased=p.deceased or p.died_on is not None,
                died_on=p.died_on,
                supported=pk in supported,
                key_person=key,
                generation_hint=hint,
            )
        )
    relations = [
        RelationFacts(r.person_id, r.relative_id, r.kind, r.label, r.married_on, r.divorced_on)
        for r in relation_rows
        if r.person_id in base and r.relative_id in base
    ]
    title = str(_("Genogram of %(household)s") % {"household": household.name})
    return build(people, relations, title=title), named


def relation_to_head(head: int | None, relations: Sequence[RelationFacts]) -> dict[int, str]:
    """What each relative who is no member is to the head of the household (続柄): the
    head's (former) spouse, parent, child, sibling, a child's (former) spouse, a
    grandchild, a spouse's parent; otherwise the label the worker gave ("叔母")."""
    parents: dict[int, set[int]] = defaultdict(set)
    partners: dict[int, dict[int, bool]] = defaultdict(dict)  # partner -> divorced
    siblings: dict[int, set[int]] = defaultdict(set)
    for r in relations:
        if r.kind == PersonRelation.Kind.PARENT:
            parents[r.relative].add(r.person)
        elif r.kind == PersonRelation.Kind.PARTNER:
            partners[r.person][r.relative] = r.divorced_on is not None
            partners[r.relative][r.person] = r.divorced_on is not None
        elif r.kind == PersonRelation.Kind.SIBLING:
            siblings[r.person].add(r.relative)
            siblings[r.relative].add(r.person)
    labels: dict[int, str] = {}
    for r in relations:
        if r.label:
            labels.setdefault(r.person, r.label)
    if head is None:
        return labels
    children = {c for c, ps in parents.items() if head in ps}
    spouses = {p for p, divorced in partners.get(head, {}).items() if not divorced}
    found: dict[int, str] = {}

    def name(person: int, label: str) -> None:
        found.setdefault(person, label)

    for p, divorced in partners.get(head, {}).items():
        name(p, str(_("Former spouse") if divorced else _("Spouse")))
    head_parents = parents.get(head, set())
    for p in head_parents:
        name(p, str(_("Parent")))
    shared = {c for c, ps in parents.items() if ps & head_parents} - {head}
    for p in siblings.get(head, set()) | shared:
        name(p, str(_("Sibling")))
    for c in children:
        name(c, str(_("Child")))
        for p, divorced in partners.get(c, {}).items():
            name(p, str(_("Child's former spouse") if divorced else _("Child's spouse")))
        for g, ps in parents.items():
            if c in ps:
                name(g, str(_("Grandchild")))
    for spouse in spouses:
        for p in parents.get(spouse, set()):
            name(p, str(_("Spouse's parent")))
    for head_parent in parents.get(head, set()):
        for p in parents.get(head_parent, set()):
            name(p, str(_("Grandparent")))
    return {**found, **{k: v for k, v in labels.items() if k not in found}}
