"""Cases, households and persons. Reads ask cases/access.py (and are logged on the API
channel); writes call cases/services. Consultations, referrals and consents are in
cases/api/record_views.py."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from agencies.models import User
from cases import access, services
from cases.access import Decision
from cases.api import selectors
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, LoggedListApi, referenced, responses
from cases.api.filters import CaseFilter, HouseholdFilter, PersonFilter
from cases.api.inputs import (
    CaseCreateInputSerializer,
    CaseUpdateInputSerializer,
    HouseholdCreateInputSerializer,
    HouseholdUpdateInputSerializer,
    PersonUpdateInputSerializer,
)
from cases.api.serializers import (
    CaseDetailOutputSerializer,
    CaseOutputSerializer,
    HouseholdOutputSerializer,
    PersonOutputSerializer,
)
from cases.models import Case, Household, Person
from cases.selectors import API_CASE_FILTERS, case_list
from cases.services.consultations import ConsultationData
from cases.services.households import PersonData
from core.api.preconditions import expected_version
from core.api.schema import validated

# --- cases ------------------------------------------------------------------------------


def case_body(case: Case, decision: Decision) -> dict:
    selectors.with_case_details(case)
    return CaseDetailOutputSerializer(case, context={"decision": decision}).data


class CaseListApi(LoggedListApi):
    """Cases whose details the caller may read. A case only known from its card (team
    agency without consent, lapsed meeting grant, referral) is not listed."""

    serializer_class = CaseOutputSerializer
    filterset_class = CaseFilter
    ordering_fields = {"id": "id", "opened_on": "opened_on", "last_contact_at": "last_contact_at"}
    updated_field = "updated_at"

    def get_queryset(self):
        return case_list(self.request.user, filters=API_CASE_FILTERS, with_projects=True)

    @extend_schema(
        request=CaseCreateInputSerializer,
        responses=responses({201: CaseDetailOutputSerializer}, WRITE_ERRORS),
        description="Open a case: for an existing household (`household`), or take in a new "
        "household with its members and the first consultation (`new_household`).",
    )
    def post(self, request: MemberRequest) -> Response:
        user = request.user
        data = validated(CaseCreateInputSerializer, request)
        first = data.get("first_consultation")
        consultation = ConsultationData(**first) if first else None
        common = {
            "actor": user,
            "agency": data.get("agency"),
            "title": data["title"],
            "referral_source": data["referral_source"],
            "projects": data["projects"],
        }
        if "household" in data:
            household = referenced(
                "household",
                lambda: access.household_for(user, data["household"], channel=API, request=request)[
                    0
                ],
            )
            case = services.case_open(
                household=household, first_consultation=consultation, **common
            )
        else:
            new = data["new_household"]
            case = services.intake(
                household_name=new["name"],
                members=[PersonData(**m) for m in new["members"]],
                address=new.get("address", ""),
                postal_code=new.get("postal_code", ""),
                phone=new.get("phone", ""),
                area=new.get("area"),
                # The input serializer requires `first_consultation` with `new_household`.
                consultation=ConsultationData(**data["first_consultation"]),
                **common,
            )
        decision = access.case_decision(user, case)
        return Response(case_body(case, decision), status=status.HTTP_201_CREATED)


class CaseDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: CaseDetailOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        case, decision = access.case_for(
            request.user, pk, summary=True, channel=API, request=request
        )
        return Response(case_body(case, decision))

    @extend_schema(
        request=CaseUpdateInputSerializer,
        responses=responses({200: CaseDetailOutputSerializer}, WRITE_ERRORS),
        description="Change the main concern, status, referral route or projects. Closing "
        "goes through a closure proposal, not through `status`.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        case, decision = access.case_for(
            request.user, pk, change=True, channel=API, request=request
        )
        data = validated(CaseUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        case = services.case_update(
            actor=request.user, case=case, expected_version=version, data=data
        )
        return Response(case_body(case, decision))


# --- households -------------------------------------------------------------------------


def household_body(
    user: User, household: Household, decision: access.Decision | None = None
) -> dict:
    """The household as the caller may read it; `decision`: the caller's on it, if the
    view has it (access.household_for)."""
    selectors.with_household_details(household)
    visible = {household.pk} if access.can_see_address(user, household) else set()
    decision = decision or access.household_decision(user, household)
    context = {"address_visible": visible, "decisions": {household.pk: decision}}
    return HouseholdOutputSerializer(household, context=context).data


class HouseholdListApi(LoggedListApi):
    """Households the caller's agencies registered or whose cases they may read. 住所秘匿:
    the address is blank where access.can_see_address says so."""

    serializer_class = HouseholdOutputSerializer
    filterset_class = HouseholdFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        return selectors.household_list(self.request.user)

    def row_context(self, rows: list[Household]) -> dict:
        return {
            "address_visible": access.visible_addresses(self.request.user, rows),
            "decisions": access.household_decisions(self.request.user, rows),
        }

    @extend_schema(
        request=HouseholdCreateInputSerializer,
        responses=responses({201: HouseholdOutputSerializer}, WRITE_ERRORS),
        description="Register a household with its members (at most one with relation `head`).",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(HouseholdCreateInputSerializer, request)
        members = [PersonData(**m) for m in data.pop("members")]
        household = services.household_create(actor=request.user, members=members, **data)
        return Response(household_body(request.user, household), status=status.HTTP_201_CREATED)


class HouseholdDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: HouseholdOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        household, decision = access.household_for(request.user, pk, channel=API, request=request)
        return Response(household_body(request.user, household, decision))

    @extend_schema(
        request=HouseholdUpdateInputSerializer,
        responses=responses({200: HouseholdOutputSerializer}, WRITE_ERRORS),
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        household, decision = access.household_for(
            request.user, pk, change=True, channel=API, request=request
        )
        data = validated(HouseholdUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        household = services.household_update(
            actor=request.user, household=household, expected_version=version, data=data
        )
        return Response(household_body(request.user, household, decision))


# --- persons ----------------------------------------------------------------------------


def person_body(user: User, person: Person) -> dict:
    selectors.with_person_details(user, person)
    context = selectors.person_context(user, [person])
    return PersonOutputSerializer(person, context=context).data


class PersonListApi(LoggedListApi):
    """Persons the caller's agencies registered or who live in a household it may read."""

    serializer_class = PersonOutputSerializer
    filterset_class = PersonFilter
    ordering_fields = {
        "id": "id",
        "kana": ("family_name_kana", "given_name_kana"),
        "birth_date": "birth_date",
    }
    updated_field = "updated_at"

    def get_queryset(self):
        matching = PersonFilter.matching(self.request.query_params)
        return selectors.person_list(self.request.user, matching=matching)

    def row_context(self, rows: list[Person]) -> dict:
        return selectors.person_context(self.request.user, rows)


class PersonDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: PersonOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        person, _ = access.person_for(request.user, pk, channel=API, request=request)
        return Response(person_body(request.user, person))

    @extend_schema(
        request=PersonUpdateInputSerializer,
        responses=responses({200: PersonOutputSerializer}, WRITE_ERRORS),
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        person, _ = access.person_for(request.user, pk, change=True, channel=API, request=request)
        data = validated(PersonUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        person = services.person_update(
            actor=request.user, person=person, expected_version=version, data=data
        )
        return Response(person_body(request.user, person))
