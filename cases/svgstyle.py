"""Styling the server-drawn SVGs (genogram, eco-map) with presentation attributes.

The Content Security Policy allows no inline `<style>` (style-src 'self'), and an SVG
shown inline in a page, opened on its own or pasted into an assessment sheet should look
the same. So each drawing is written with classes, and `apply` copies the rules onto the
elements as SVG presentation attributes (fill="…", stroke-width="…"), which no CSP
governs. A selector is a list of steps separated by spaces, each a tag, a `.class`
(several: `.a.b`) or `*`, matched as descendants (".withheld .symbol *"); later rules win.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

Rules = list[tuple[str, dict[str, str]]]


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _matches_step(element: ET.Element, step: str) -> bool:
    if step == "*":
        return True
    tag, rest = step.partition(".")[::2]
    if tag and _tag(element) != tag:
        return False
    wanted = [c for c in rest.split(".") if c] if rest else []
    classes = set(element.get("class", "").split())
    return all(c in classes for c in wanted)


def _matches(chain: list[ET.Element], steps: list[str]) -> bool:
    """`chain` is the element's ancestors, root first, ending with the element."""
    if not _matches_step(chain[-1], steps[-1]):
        return False
    remaining = steps[:-1]
    for ancestor in reversed(chain[:-1]):
        if not remaining:
            break
        if _matches_step(ancestor, remaining[-1]):
            remaining = remaining[:-1]
    return not remaining


def apply(svg: str, rules: Rules) -> str:
    """`svg` with the rules' attributes set on every element they match."""
    root = ET.fromstring(svg)  # noqa: S314 - our own drawing, every text escaped
    parsed = [(selector.split(), attrs) for selector, attrs in rules]

    def walk(chain: list[ET.Element]) -> None:
        element = chain[-1]
        for steps, attrs in parsed:
            if _matches(chain, steps):
                for name, value in attrs.items():
                    element.set(name, value)
        for child in element:
            walk([*chain, child])

    walk([root])
    return ET.tostring(root, encoding="unicode")
