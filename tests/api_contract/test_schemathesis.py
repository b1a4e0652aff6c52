"""The API answers as its OpenAPI schema says: schemathesis generates requests for every
operation from the schema (valid and invalid ones) and checks every answer: no 5xx, a
documented status code, content type and headers, a body matching the documented schema;
every schema-violating request refused (negative data rejection), and every schema-valid
one accepted unless a rule OpenAPI cannot state refuses it (below).

The requests go to the WSGI application in-process, twice over: as a partner system with a
read-and-write token of the hub agency, and as the hub's caseworker signed in in a browser
(session cookie and CSRF token), over the people of tests/conftest.py, the story of
tests/cases/conftest.py and a few participation and community records. Budget:
API_CONTRACT_EXAMPLES (default 4) examples per operation, derandomised; the issue's run used
25 (`API_CONTRACT_EXAMPLES=25`).

What a schema cannot say, and how the test says it instead:
- Which ids exist. A valid request names records that exist, so in a schema-valid request
  every field or filter that names a record gets the id of one the caller may use
  (`known_ids`); a generated opaque `cursor` is dropped (valid cursors come only from a
  previous page).
- Rules about the state of the records: a valid request refused with a 400 passes only if
  every message of its field errors is one of BUSINESS_RULES, each a service's own refusal
  of a request that was well formed but comes at the wrong moment."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import uuid
from collections.abc import Iterator
from types import ModuleType

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from agencies.models import Area, Membership, ServiceField
from cases.api.inputs import FIRST_CONSULTATION_REQUIRED, ONE_HOUSEHOLD
from community import services as community
from community.models import Group
from participation import services as participation
from participation.models import SupportMenu, Target
from tests.factories import ServiceAccountFactory, StaffFactory, record_consent

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("API_CONTRACT_EXAMPLES", 4))

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """Django's WSGI handler closes the database connection after each request; inside a
    test's transaction that would end it. Django's own test client keeps it open the same
    way: by not closing old connections while the test runs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# --- who calls ----------------------------------------------------------------------------


def partner(story) -> dict:
    _, clear = ServiceAccountFactory(agency=story.people.hub)
    return {"headers": {"Authorization": f"Bearer {clear}"}, "cookies": {}, "excluded": []}


def caseworker(story) -> dict:
    """The hub's caseworker in a browser: the session cookie, and the CSRF token that
    SessionAuthentication asks of every write. (schemathesis' ignored-auth check, which
    sends a request with a bad token, is the partner's: the cookie would still sign the
    caseworker in, as it rightly does.)"""
    browser = Client()
    browser.force_login(story.people.hub_worker)
    browser.get("/")  # sets the csrftoken cookie
    # Django's test client reconnects close_old_connections after its request: undo it,
    # or the next in-process request would close the test's connection (on PostgreSQL,
    # its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    csrf = browser.cookies[django_settings.CSRF_COOKIE_NAME].value
    return {
        "headers": {"X-CSRFToken": csrf},
        "cookies": {
            name: browser.cookies[name].value
            for name in (django_settings.SESSION_COOKIE_NAME, django_settings.CSRF_COOKIE_NAME)
        },
        "excluded": [ignored_auth],
    }


@pytest.fixture(params=["partner", "caseworker"])
def caller(request, story) -> dict:
    """How the request is authenticated: headers and cookies."""
    return {"partner": partner, "caseworker": caseworker}[request.param](story)


# --- records a valid request can name ------------------------------------------------------


@pytest.fixture
def known_ids(story) -> dict[str, int]:
    """Field or filter name → the id of a record the hub may name there."""
    hub, worker = story.people.hub, story.people.hub_worker
    east = Area.objects.create(name="東中学校区", level=Area.Level.JUNIOR_HIGH)
    field = ServiceField.objects.first() or ServiceField.objects.create(name="高齢")
    son = story.case.household.memberships.get(person__given_name="一郎").person
    record_consent(case=story.case, by=worker, person=son, all_team_agencies=True)
    host = participation.host_create(actor=worker, name="カフェ こもれび")
    menu = participation.menu_create(
        actor=worker,
        title="パン作り",
        what="生地の成形と袋詰め",
        host=host,
        capacity=2,
        kind=SupportMenu.Kind.WORK_EXPERIENCE,
        target=Target.WORKING_AGE,
    )
    matching = participation.matching_propose(actor=worker, case=story.case, person=son, menu=menu)
    salon = community.group_create(
        actor=worker, owner=hub, name="本町いきいきサロン", kind=Group.Kind.SALON, area=east
    )
    place = community.place_create(actor=worker, owner=hub, name="ふれあいの家", area=east)
    platform = community.platform_create(actor=worker, owner=hub, name="東つながり", area=east)
    organiser = StaffFactory(agency=hub, role=Membership.Role.COORDINATOR)
    agency_fields = ("agency", "owner", "owner_agency", "lead_agency", "developed_by")
    return {
        **dict.fromkeys(agency_fields, hub.pk),
        "registered_by": hub.pk,
        "organiser": hub.pk,
        "from_agency": hub.pk,
        "to_agency": story.team_agency.pk,
        "new_lead": story.team_agency.pk,
        "area": east.pk,
        "field": field.pk,
        "case": story.case.pk,
        "household": story.case.household_id,
        "person": son.pk,
        # a relation between the son and his mother (households/{id}/relations/)
        "relative": story.consent.person_id,
        "related_to": story.consent.person_id,
        "host": host.pk,
        "menu": menu.pk,
        "matching": matching.pk,
        "group": salon.pk,
        "run_by": salon.pk,
        "place": place.pk,
        "platform": platform.pk,
        "chair": organiser.pk,
        "responsible_agency": hub.pk,
    }


def _is_id(item: object) -> bool:
    return isinstance(item, int) and not isinstance(item, bool)


# Fields that name a list of records, by the field naming one of them.
LISTS = {"agencies": "agency", "groups": "group"}


def _named_records(value: object, ids: dict[str, int]) -> object:
    """`value` (a body) with every integer field that names a record set to a known id."""
    if isinstance(value, dict):
        named: dict = {}
        for key, item in value.items():
            if key in ids and _is_id(item):
                named[key] = ids[key]
            elif key in LISTS and isinstance(item, list) and all(map(_is_id, item)):
                named[key] = sorted({ids[LISTS[key]] for _ in item})
            else:
                named[key] = _named_records(item, ids)
        return named
    if isinstance(value, list):
        return [_named_records(item, ids) for item in value]
    return value


def name_known_records(case, ids: dict[str, int]) -> None:
    """A schema-valid request, made to name records that exist (see the module's doc)."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if case.query:
        query = {key: value for key, value in case.query.items() if key != "cursor"}
        for key, value in query.items():
            if key in ids and value not in ("", None):
                query[key] = ids[key]
        case.query = query
    if isinstance(case.body, dict | list):
        case.body = _named_records(case.body, ids)


# --- rules about state that a valid request can meet ---------------------------------------


SERVICES = ("cases.services", "cases.access", "meetings.services", "participation.services")
SERVICES += ("community.services", "agencies.services")


def _modules(name: str) -> Iterator[ModuleType]:
    module = importlib.import_module(name)
    yield module
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        yield importlib.import_module(f"{name}.{info.name}")


def _business_rules() -> set[str]:
    """The services' and the policy's refusals (their message constants), in Japanese as
    the API answers; never DRF's or Django's own messages about the shape of the input."""
    messages = [
        value
        for name in SERVICES
        for module in _modules(name)
        for constant, value in vars(module).items()
        if constant.isupper() and _is_text(value)
    ]
    with translation.override("ja"):
        return {_template(str(m)) for m in [*messages, *BUSINESS_RULES]}


def _template(message: str) -> str:
    """A message as a pattern: its %(name)s and %s placeholders match any words."""
    escaped = re.escape(message)
    return re.sub(r"%(\\\(\w+\\\))?[sd]", ".+", escaped)


def _is_text(value: object) -> bool:
    return isinstance(value, str) or type(value).__name__ == "__proxy__"


# Refusals of a well-formed request that came at the wrong moment or for a record in the
# wrong state, beyond the services' own message constants that _business_rules reads.
BUSINESS_RULES: list = [
    # Either of two optional fields, never both nor neither: an input rule OpenAPI could
    # say only with a oneOf the serializer cannot generate.
    ONE_HOUSEHOLD,
    # A new household comes with its first consultation (an existing one need not).
    FIRST_CONSULTATION_REQUIRED,
]


def _messages(body: object) -> Iterator[str]:
    if isinstance(body, str):
        yield body
    elif isinstance(body, list):
        for item in body:
            yield from _messages(item)
    elif isinstance(body, dict):
        for item in body.values():
            yield from _messages(item)


def refused_only_by_business_rules(ctx, response, case):
    """schemathesis' positive-data check, with 400s allowed for the rules in
    _business_rules (and nothing else)."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code != 400:
        return positive_data_acceptance(ctx, response, case)
    try:
        body = json.loads(response.content)
    except ValueError:
        body = response.text
    unexplained = [m for m in _messages(body) if not any(re.fullmatch(rule, m) for rule in RULES)]
    assert not unexplained, f"a schema-valid request refused: {body}"
    return None


RULES: set[str] = set()


@pytest.fixture(autouse=True, scope="module")
def _rules():
    RULES.update(_business_rules())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_schema_says(case, caller, known_ids):
    name_known_records(case, known_ids)
    # A fresh Idempotency-Key for each request: schemathesis would reuse one generated key
    # for different bodies, which the API rightly refuses (422, tested in tests/core).
    headers = {**caller["headers"], "Idempotency-Key": uuid.uuid4().hex}
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        # The generated headers are the invalid part: ours must not mend them.
        headers = {k: v for k, v in headers.items() if k not in (case.headers or {})}
    case.call_and_validate(
        headers=headers,
        cookies=caller["cookies"],
        excluded_checks=[positive_data_acceptance, *caller["excluded"]],
        additional_checks=[refused_only_by_business_rules],
    )


def test_a_valid_request_refused_for_a_reason_no_rule_gives_fails_the_check():
    """The check is not vacuous: a message outside the rules is a failure."""

    class Positive:
        class meta:
            class generation:
                class mode:
                    is_positive = True

    class Answer:
        status_code = 400
        content = json.dumps({"title": ["この項目は必須です。"]}).encode()
        text = content.decode()

    with pytest.raises(AssertionError, match="schema-valid request refused"):
        refused_only_by_business_rules(None, Answer, Positive)


@pytest.mark.parametrize("who", ["partner", "caseworker"])
def test_each_caller_is_let_in(who, story):
    """Both callers reach the API as themselves (a 401 for every request would pass the
    contract run while testing nothing past the authentication)."""
    caller = {"partner": partner, "caseworker": caseworker}[who](story)
    operation = schema["/api/v1/cases/"]["GET"]

    response = operation.Case().call(headers=caller["headers"], cookies=caller["cookies"])

    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_a_message_with_placeholders_matches_its_filled_in_words():
    rule = _template("この日付は、ケースの開始日（%(date)s）より前です。")

    assert re.fullmatch(rule, "この日付は、ケースの開始日（2026-12-03）より前です。")
    assert not re.fullmatch(rule, "この項目は必須です。")
