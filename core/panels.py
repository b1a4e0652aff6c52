"""Panels other apps add to shared pages (registered in AppConfig.ready()), so a page's
view needs no import of the apps that add to it. Pages: "home", "case"."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict | None]  # (request, **page_objects) -> None: nothing to show
    order: int = 50
    tab: str = "overview"  # on the case page: which tab the panel sits in


HomePanel = Panel  # the name the home page's panels were first registered under

_PANELS: dict[str, list[Panel]] = {}


def register_panel(page: str, panel: Panel) -> None:
    panels = _PANELS.setdefault(page, [])
    if panel not in panels:
        panels.append(panel)
        panels.sort(key=lambda p: p.order)


def register_home_panel(panel: Panel) -> None:
    register_panel("home", panel)


def panels_for(page: str, request: HttpRequest, **objects: Any) -> list[dict]:
    shown = []
    for panel in _PANELS.get(page, []):
        context = panel.context(request, **objects)
        if context is not None:
            shown.append({"template": panel.template, "tab": panel.tab, **context})
    return shown


def home_panels(request: HttpRequest) -> list[dict]:
    return panels_for("home", request)
