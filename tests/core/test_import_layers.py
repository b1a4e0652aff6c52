"""The apps are layers, and imports only point down (docs/architecture.md, "Apps and the way
imports point"):

    core  ←  agencies  ←  cases  ←  reminders  ←  meetings
                 ↑           ↑          ↑
                 │           └──────────┴──── participation ──→ community
                 └──────────────────────────────────────────────────┘
    config (settings, URLs) above all of them

`core` imports no other app: what an app adds to a shared page, to the navigation, to the
page header or to `load_demo` it registers from its `AppConfig.ready()`.

Every .py file of the apps and of `config` is parsed with `ast`, migrations excepted (they
name other apps' migrations as Django requires) and tests excepted (a test may import what it
tests). `manage.py` and `scripts/` are tools outside the layers: they may import anything,
and nothing may import them (nor `tests`).

What counts as an import:
- `import x` and `from x import y` anywhere in a module, **including inside functions**.
  An import in `AppConfig.ready()` or one deferred to dodge an import cycle is still a
  dependency: the app cannot work without the other one. Only relative imports are skipped,
  since they cannot leave the app.
- a dotted path given as a string literal to `import_string()` or `import_module()`: a
  dependency just as real, only hidden (load_demo used to name the upper apps' loaders so).
Model references by string ("agencies.Agency") are not read; they follow the imports.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

APPS = (
    "core",
    "agencies",
    "cases",
    "meetings",
    "participation",
    "community",
    "reminders",
    "reports",
)
LAYERED = (*APPS, "config")
OUTSIDE = ("scripts", "tests", "manage")  # tools: may import anything; never imported

# Which other apps each may import. This is exactly what the code needs today; widening
# it is a design decision for docs/architecture.md, not a way to make this test pass.
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "agencies": {"core"},
    "cases": {"core", "agencies"},
    # Groups, places and networks hold no client data, so community knows nothing of cases.
    "community": {"core", "agencies"},
    "reminders": {"core", "agencies", "cases"},
    # Meetings register their reminder rules (meetings/reminders.py).
    "meetings": {"core", "agencies", "cases", "reminders"},
    # A host can be a community group; follow-ups register reminder rules.
    "participation": {"core", "agencies", "cases", "community", "reminders"},
    # Figures and the audit trail read every other app; nothing imports reports.
    # (each part adds the apps it reads as it lands)
    "reports": {"core", "agencies", "cases", "meetings", "participation", "community", "reminders"},
    "config": set(APPS),
}

# (file, imported module) pairs that break the layers on purpose, each with the reason.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

DYNAMIC_IMPORTERS = {"import_string", "import_module"}


def project_files() -> Iterator[tuple[str, Path]]:
    for owner in LAYERED:
        for path in sorted((ROOT / owner).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield owner, path


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in DYNAMIC_IMPORTERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node.lineno, first.value


def app_imports() -> list[tuple[str, str, str, str]]:
    """(importing app, imported app, "file:line", imported module), across apps only."""
    found = []
    for owner, path in project_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, module in imported_modules(tree):
            top = module.split(".")[0]
            if top != owner and top in (*LAYERED, *OUTSIDE):
                where = f"{path.relative_to(ROOT)}:{lineno}"
                found.append((owner, top, where, module))
    return found


def test_no_app_imports_an_app_above_it():
    upward = [
        f"{where}: {owner} imports {module}"
        for owner, top, where, module in app_imports()
        if top not in MAY_IMPORT[owner]
        and (where.rsplit(":", 1)[0], module) not in KNOWN_EXCEPTIONS
    ]
    assert upward == [], "imports against the layers:\n" + "\n".join(upward)


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = {owner: set() for owner in LAYERED}
    for owner, top, *_ in app_imports():
        if top in graph:
            graph[owner].add(top)

    cycles = []
    state: dict[str, str] = {}  # "open" while on the DFS path, "done" afterwards

    def visit(app: str, path: list[str]) -> None:
        state[app] = "open"
        for dep in sorted(graph[app]):
            if state.get(dep) == "open":
                cycles.append(" → ".join([*path[path.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[app] = "done"

    for app in LAYERED:
        if app not in state:
            visit(app, [app])
    assert cycles == [], "import cycles between apps:\n" + "\n".join(cycles)


def test_every_allowed_dependency_is_used():
    """MAY_IMPORT (and the map in docs/architecture.md) says what the code does, no more."""
    used = {(owner, top) for owner, top, _where, _module in app_imports()}
    unused = [
        f"{owner} → {dep}"
        for owner, deps in MAY_IMPORT.items()
        if owner != "config"  # may import any app; includes most URLconfs by dotted path
        for dep in sorted(deps)
        if (owner, dep) not in used
    ]
    assert unused == [], "allowed but unused (tighten MAY_IMPORT and the docs):\n" + "\n".join(
        unused
    )


def test_the_scan_sees_imports_inside_functions_and_dotted_paths():
    tree = ast.parse(
        "def ready():\n"
        "    from cases import access\n"
        "    import_string('meetings.demo.load_meetings')\n"
    )
    assert [m for _line, m in imported_modules(tree)] == [
        "cases",
        "meetings.demo.load_meetings",
    ]
