"""The household's eco-map (エコマップ): the household in the centre, around it what
surrounds it — the agencies on the team of its open cases (with their role), the
participation hosts its members go to, the community groups and the informal supports the
worker records (neighbours, 民生委員, relatives, a 地域食堂…) — each line marked strong
(thick), weak (dashed) or stressful (zigzag).

`cases` knows agencies and its own records; the apps above it add what they know from
their AppConfig.ready(), as they add history sources (cases never imports them):

- `register_provider(fn)`: `fn(user, household, cases)` returns the `Surrounding`s the
  reader may read for the household's open `cases` (already those the reader may read);
- `register_catalogue(fn)`: `fn(user, household)` offers more to link on the form;
- `register_resolver(prefix, fn)`: `fn(ids)` returns {id: name} for the records an
  EcoLink's `source` names ("group:5"), which `eco_link_add` also uses to check them.

`build` and `render_svg` are pure; `ecomap_for` reads what the reader may read."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency, User
from cases import access, svgstyle
from cases.genogram import FONT, _text, _width
from cases.models import Case, CaseTeam, EcoLink, Household

TEAM, HOST, GROUP, INFORMAL = "team", "host", "group", "informal"
KINDS = {
    TEAM: gettext_lazy("Support agency"),
    HOST: gettext_lazy("Participation host"),
    GROUP: gettext_lazy("Community group"),
    INFORMAL: gettext_lazy("Informal support"),
}
PREFIX_KIND = {"agency": TEAM, "host": HOST, "group": GROUP}


@dataclass(frozen=True)
class Surrounding:
    """Something around the household, as a provider reports it."""

    source: str  # "agency:12", "host:3", "group:5"
    kind: str
    label: str
    role: str = ""


Provider = Callable[[User, Household, QuerySet[Case]], Iterable[Surrounding]]
Resolver = Callable[[Sequence[int]], dict[int, str]]
Catalogue = Callable[[User, Household], Iterable[Surrounding]]
_providers: list[Provider] = []
_resolvers: dict[str, Resolver] = {}
_catalogues: list[Catalogue] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def register_resolver(prefix: str, resolver: Resolver) -> None:
    _resolvers[prefix] = resolver


def register_catalogue(catalogue: Catalogue) -> None:
    """What else a worker may link the household to on the eco-map's form (the community
    groups of the city): records every staff member reads."""
    if catalogue not in _catalogues:
        _catalogues.append(catalogue)


def _agency_names(ids: Sequence[int]) -> dict[int, str]:
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))


register_resolver("agency", _agency_names)


def parse_source(source: str) -> tuple[str, int] | None:
    """("group", 5) for "group:5"; None for "informal" or anything malformed."""
    prefix, number = source.partition(":")[::2]
    if prefix in PREFIX_KIND and number.isdigit() and len(number) < 19:
        return prefix, int(number)
    return None


def resolve(sources: Iterable[str]) -> dict[str, str]:
    """The names of the records `sources` name ({"group:5": "ひまわりサロン"}), one
    query per kind; a source whose record does not exist is absent."""
    wanted: dict[str, list[int]] = {}
    for source in sources:
        if parsed := parse_source(source):
            wanted.setdefault(parsed[0], []).append(parsed[1])
    names: dict[str, str] = {}
    for prefix, ids in wanted.items():
        resolver = _resolvers.get(prefix)
        if resolver is None:
            continue
        for pk, name in resolver(ids).items():
            names[f"{prefix}:{pk}"] = name
    return names


# --- the graph ----------------------------------------------------------------------------


@dataclass
class EcoNode:
    id: str
    source: str
    kind: str
    label: str
    role: str = ""
    strength: str | None = None  # strong, weak, stressful; None: not marked
    note: str = ""
    link_id: int | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass
class EcoMap:
    centre: str
    members: list[str]
    nodes: list[EcoNode]
    width: float
    height: float
    title: str = ""

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "centre": {"label": self.centre, "members": self.members},
            "nodes": [asdict(n) for n in self.nodes],
        }


WIDTH, HEIGHT = 1000.0, 700.0
CX, CY = WIDTH / 2, HEIGHT / 2 - 20
CENTRE_R = 92.0
NODE_W, NODE_H = 150.0, 54.0
ORBIT_X, ORBIT_Y = 360.0, 240.0


def build(
    centre: str,
    members: Sequence[str],
    surroundings: Iterable[Surrounding],
    links: Iterable[EcoLink],
    *,
    names: dict[str, str] | None = None,
    title: str = "",
) -> EcoMap:
    """The eco-map: one node per surrounding (a link marking it sets its strength and
    note), one per informal link and per marked record not among the surroundings; in
    the order team, hosts, groups, informal, placed on an ellipse around the centre."""
    names = names or {}
    nodes: dict[str, EcoNode] = {}
    for s in surroundings:
        if s.source in nodes:  # an agency on two cases' teams: both roles
            node = nodes[s.source]
            if s.role and s.role not in node.role.split("・"):
                node.role = "・".join(filter(None, [node.role, s.role]))
            continue
        nodes[s.source] = EcoNode("", s.source, s.kind, s.label, s.role)
    informal: list[EcoNode] = []
    for link in links:
        if link.source == EcoLink.INFORMAL:
            informal.append(
                EcoNode(
                    "",
                    link.source,
                    INFORMAL,
                    link.label,
                    link.role,
                    link.strength,
                    link.note,
                    link.pk,
                )
            )
            continue
        parsed = parse_source(link.source)
        marked = nodes.get(link.source)
        if marked is None:
            kind = PREFIX_KIND[parsed[0]] if parsed else INFORMAL
            label = names.get(link.source) or link.label or link.source
            marked = nodes[link.source] = EcoNode("", link.source, kind, label, link.role)
        node = marked
        node.strength, node.note, node.link_id = link.strength, link.note, link.pk
        if link.role and not node.role:
            node.role = link.role
    order = [TEAM, HOST, GROUP, INFORMAL]
    ordered = sorted(nodes.values(), key=lambda n: order.index(n.kind)) + informal
    count = len(ordered)
    for i, node in enumerate(ordered):
        node.id = f"e{i + 1}"
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        node.x = CX + ORBIT_X * math.cos(angle)
        node.y = CY + ORBIT_Y * math.sin(angle)
    return EcoMap(centre, list(members), ordered, WIDTH, HEIGHT, title=title)


# --- drawing ------------------------------------------------------------------------------

INK = "#1f2933"
RULES: svgstyle.Rules = [
    ("svg", {"font-family": FONT, "text-anchor": "middle"}),
    ("text", {"fill": INK}),
    (".title", {"font-size": "17", "font-weight": "bold", "text-anchor": "start"}),
    (".centre circle", {"fill": "#fffbea", "stroke": INK, "stroke-width": "2.4"}),
    (".centre-name", {"font-size": "16", "font-weight": "bold"}),
    (".centre-member", {"font-size": "11", "fill": "#3e4c59"}),
    (".node rect", {"stroke-width": "1.6"}),
    (".team rect", {"fill": "#e6f6ff", "stroke": "#2f6f9f"}),
    (".host rect", {"fill": "#effcf6", "stroke": "#2f855a"}),
    (".group rect", {"fill": "#f0f4ff", "stroke": "#4c51bf"}),
    (".informal rect", {"fill": "#fff8f1", "stroke": "#c05621"}),
    (".node-name", {"font-size": "12.5", "font-weight": "bold"}),
    (".node-role", {"font-size": "10.5", "fill": "#52606d"}),
    (".line", {"fill": "none", "stroke": "#9aa5b1", "stroke-width": "1.4"}),
    (".line.strong", {"stroke": INK, "stroke-width": "5"}),
    (".line.weak", {"stroke": INK, "stroke-width": "1.6", "stroke-dasharray": "7 5"}),
    (".line.stressful", {"stroke": "#c81e1e", "stroke-width": "1.8"}),
    (".legend text", {"font-size": "11", "text-anchor": "start"}),
]


def _zigzag(x1: float, y1: float, x2: float, y2: float) -> str:
    """A zigzag from (x1, y1) to (x2, y2): the stressful relationship's line."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1:
        return f"M{x1:.1f},{y1:.1f}"
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    steps = max(int(length // 12), 2)
    points = [f"M{x1:.1f},{y1:.1f}"]
    for i in range(1, steps):
        t = length * i / steps
        side = 6 if i % 2 else -6
        points.append(f"L{x1 + ux * t + nx * side:.1f},{y1 + uy * t + ny * side:.1f}")
    points.append(f"L{x2:.1f},{y2:.1f}")
    return " ".join(points)


def _ends(node: EcoNode) -> tuple[float, float, float, float]:
    """From the centre circle's edge to the node's box edge."""
    dx, dy = node.x - CX, node.y - CY
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # Where the ray leaves the node's box.
    tx = (NODE_W / 2) / abs(ux) if ux else math.inf
    ty = (NODE_H / 2) / abs(uy) if uy else math.inf
    inset = min(tx, ty)
    return (
        CX + ux * CENTRE_R,
        CY + uy * CENTRE_R,
        node.x - ux * inset,
        node.y - uy * inset,
    )


def _lines(label: str, limit: float) -> list[str]:
    """`label` in at most two lines that fit `limit` units."""
    lines, current = [], ""
    for ch in label:
        if _width(current + ch, 12.5) > limit and current:
            lines.append(current)
            current = ""
            if len(lines) == 2:
                break
        current += ch
    if current and len(lines) < 2:
        lines.append(current)
    if "".join(lines) != label:
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def render_svg(m: EcoMap) -> str:
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="ecomap" role="img" '
        f'viewBox="0 0 {m.width:.0f} {m.height:.0f}" width="{m.width:.0f}" '
        f'height="{m.height:.0f}" preserveAspectRatio="xMidYMin meet">',
        f"<title>{_esc(m.title or _('Eco-map'))}</title>",
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    if m.title:
        out.append(_text(18, 24, m.title, "title"))
    for n in m.nodes:
        x1, y1, x2, y2 = _ends(n)
        strength = n.strength or "unmarked"
        if n.strength == EcoLink.Strength.STRESSFUL:
            d = _zigzag(x1, y1, x2, y2)
        else:
            d = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
        out.append(f'<path class="line {strength}" data-node="{n.id}" d="{d}"/>')
    out.append(f'<g class="centre"><circle cx="{CX}" cy="{CY}" r="{CENTRE_R}"/>')
    out.append(_text(CX, CY - 18 - 7 * min(len(m.members), 4), m.centre, "centre-name"))
    shown = m.members[:6]
    for i, member in enumerate(shown):
        out.append(_text(CX, CY + 2 + 15 * i - 7 * min(len(m.members), 4), member, "centre-member"))
    if len(m.members) > len(shown):
        out.append(_text(CX, CY + 2 + 15 * len(shown) - 28, "…", "centre-member"))
    out.append("</g>")
    for n in m.nodes:
        out.append(
            f'<g class="node {n.kind} {n.strength or "unmarked"}" id="{n.id}" '
            f'data-source="{_esc(n.source)}">'
        )
        out.append(f"<title>{_esc(' '.join(filter(None, [n.label, n.role, n.note])))}</title>")
        out.append(
            f'<rect x="{n.x - NODE_W / 2:.1f}" y="{n.y - NODE_H / 2:.1f}" width="{NODE_W:.0f}" '
            f'height="{NODE_H:.0f}" rx="10"/>'
        )
        lines = _lines(n.label, NODE_W - 14)
        top = n.y - (6 if n.role else 0) - 7 * (len(lines) - 1)
        for i, line in enumerate(lines):
            out.append(_text(n.x, top + 4 + 15 * i, line, "node-name"))
        if n.role:
            role = n.role if len(n.role) <= 14 else n.role[:13] + "…"
            out.append(_text(n.x, top + 4 + 15 * len(lines), role, "node-role"))
        out.append("</g>")
    out += _legend(m)
    out.append("</svg>")
    return svgstyle.apply("\n".join(out), RULES)


def _esc(value: object) -> str:
    from xml.sax.saxutils import escape

    return escape(str(value), {'"': "&quot;"})


def _legend(m: EcoMap) -> list[str]:
    """Two rows under the drawing: the lines, then the kinds of node."""
    y = m.height - 44
    x = 24.0
    out = ['<g class="legend">']
    for cls, label in (
        ("strong", _("Strong")),
        ("weak", _("Weak")),
        ("stressful", _("Stressful")),
        ("unmarked", _("Not marked")),
    ):
        d = _zigzag(x, y, x + 40, y) if cls == "stressful" else f"M{x},{y} h40"
        out.append(f'<path class="line {cls}" d="{d}"/>')
        out.append(_text(x + 46, y + 4, label, "legend-label"))
        x += 66 + _width(label)
    y, x = m.height - 18, 24.0
    for kind, kind_label in KINDS.items():
        out.append(
            f'<g class="node {kind}"><rect x="{x:.1f}" y="{y - 8:.1f}" width="22" height="16" '
            'rx="4"/></g>'
        )
        out.append(_text(x + 28, y + 4, str(kind_label), "legend-label"))
        x += 44 + _width(str(kind_label))
    out.append("</g>")
    return out


# --- what the reader may read ---------------------------------------------------------------


def open_cases(user: User, household: Household) -> QuerySet[Case]:
    """The household's open cases whose details the reader may read."""
    return access.visible_cases(user).filter(household=household, status__in=Case.OPEN_STATUSES)


def team_surroundings(cases: QuerySet[Case]) -> list[Surrounding]:
    """The agencies working with the household: each open case's lead agency and the
    agencies on its team now, with their role."""
    rows: list[Surrounding] = []
    for case in cases.select_related("lead_agency", "owner_agency").order_by("opened_on", "pk"):
        lead = access.lead_agency(case)
        rows.append(Surrounding(f"agency:{lead.pk}", TEAM, lead.name, str(_("Lead agency"))))
    team = (
        CaseTeam.objects.filter(case__in=cases, left_on__isnull=True)
        .select_related("agency")
        .order_by("joined_on", "pk")
    )
    rows += [Surrounding(f"agency:{t.agency_id}", TEAM, t.agency.name, t.role) for t in team]
    return rows


def ecomap_for(
    user: User, household: Household, decision: access.Decision, *, members: Sequence[str]
) -> EcoMap:
    """The household's eco-map as the reader may read it. `members` are the centre's
    lines (the genogram's labels: names the reader may read, otherwise the relation)."""
    cases = open_cases(user, household)
    surroundings = team_surroundings(cases)
    for provider in _providers:
        surroundings += list(provider(user, household, cases))
    links = list(
        household.eco_links.filter(ended_on__isnull=True).order_by("strength", "created_at", "pk")
    )
    names = resolve(link.source for link in links)
    title = _("Eco-map of %(household)s") % {"household": household.name}
    return build(household.name, members, surroundings, links, names=names, title=title)


def source_choices(user: User, household: Household) -> list[tuple[str, str]]:
    """What a new link may mark, for the eco-map's form: the surroundings not marked yet
    (informal supports are always a new link)."""
    em_sources = {link.source for link in household.eco_links.filter(ended_on__isnull=True)}
    cases = open_cases(user, household)
    rows = team_surroundings(cases)
    for provider in _providers:
        rows += list(provider(user, household, cases))
    for catalogue in _catalogues:
        rows += list(catalogue(user, household))
    seen: dict[str, str] = {}
    for s in rows:
        if s.source not in em_sources:
            seen.setdefault(s.source, f"{KINDS[s.kind]}：{s.label}")
    return [(EcoLink.INFORMAL, str(_("Informal support (name it below)"))), *seen.items()]
