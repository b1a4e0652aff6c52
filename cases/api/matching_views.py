"""名寄せ over REST: the possible-match check of a person being registered, and the requests
to the hub (多機関協働) to connect. The same rules as the intake page
(cases/access/matching.py): a match the caller may not read is `elsewhere: true` and the
hub's message, never a name, a household, an id or an agency."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from agencies.models import User
from cases import access, selectors
from cases.access.matching import MatchResult
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, responses
from cases.api.inputs import active_agency
from cases.models import MatchRequest
from cases.models.household import NAME_MAX
from cases.services import matching
from core.api.fields import StrictCharField
from core.api.schema import NamedChoiceField, validated


class MatchCheckInputSerializer(serializers.Serializer):
    family_name = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    given_name = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    family_name_kana = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    given_name_kana = StrictCharField(max_length=NAME_MAX, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    phone = StrictCharField(max_length=20, required=False, allow_blank=True)


class MatchRequestInputSerializer(MatchCheckInputSerializer):
    family_name = StrictCharField(max_length=NAME_MAX)
    note = StrictCharField(
        max_length=2000, required=False, allow_blank=True, help_text=_("A note to the hub.")
    )
    agency = active_agency(
        required=False, help_text=_("The agency you act for: required when you belong to several.")
    )


class MatchAnswerInputSerializer(serializers.Serializer):
    answer = StrictCharField(max_length=2000, help_text=_("What the hub found or did."))


class MatchedHouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatchedPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    family_name = serializers.CharField()
    given_name = serializers.CharField()
    family_name_kana = serializers.CharField()
    given_name_kana = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)


class MatchSerializer(serializers.Serializer):
    person = MatchedPersonSerializer()
    households = MatchedHouseholdSerializer(many=True)
    matched_on = serializers.ListField(child=serializers.ChoiceField(["kana", "name", "phone"]))


class MatchCheckOutputSerializer(serializers.Serializer):
    matches = MatchSerializer(many=True, help_text=_("Possible matches you may read."))
    elsewhere = serializers.BooleanField(
        help_text=_("The city has a possible match you may not read: ask the hub to connect.")
    )
    message = serializers.CharField(allow_null=True)


class AgencyNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatchRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = NamedChoiceField(
        enum_name="MatchRequestStatusEnum", choices=MatchRequest.Status.choices
    )
    agency = AgencyNameSerializer()
    hub = AgencyNameSerializer()
    family_name = serializers.CharField()
    given_name = serializers.CharField()
    family_name_kana = serializers.CharField()
    given_name_kana = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    answer = serializers.CharField()
    created_at = serializers.DateTimeField()
    handled_at = serializers.DateTimeField(allow_null=True)
    holding_agencies = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text=_(
            "For the hub's coordinators only: the names of the agencies holding a possible "
            "match (null for the requester)."
        ),
    )


def check_body(result: MatchResult) -> dict:
    return {
        "matches": [
            {
                "person": {
                    "id": m.person.pk,
                    "family_name": m.person.family_name,
                    "given_name": m.person.given_name,
                    "family_name_kana": m.person.family_name_kana,
                    "given_name_kana": m.person.given_name_kana,
                    "birth_date": m.person.birth_date,
                },
                "households": [{"id": h.pk, "name": h.name} for h in m.households],
                "matched_on": list(m.matched_on),
            }
            for m in result.readable
        ],
        "elsewhere": result.elsewhere,
        "message": str(access.RECORD_ELSEWHERE) if result.elsewhere else None,
    }


def request_rows(user: User, requests: list[MatchRequest]) -> list[dict]:
    hubs = {a.pk for a in access.hub_agencies(user)}
    holders = selectors.holding_agencies([r.pk for r in requests if r.hub_id in hubs])
    return [
        {
            "id": r.pk,
            "status": r.status,
            "agency": {"id": r.agency_id, "name": r.agency.name},
            "hub": {"id": r.hub_id, "name": r.hub.name},
            "family_name": r.family_name,
            "given_name": r.given_name,
            "family_name_kana": r.family_name_kana,
            "given_name_kana": r.given_name_kana,
            "birth_date": r.birth_date,
            "note": r.note,
            "answer": r.answer,
            "created_at": r.created_at,
            "handled_at": r.handled_at,
            "holding_agencies": holders.get(r.pk, []) if r.hub_id in hubs else None,
        }
        for r in requests
    ]


def _body(user: User, request: MatchRequest) -> dict:
    return MatchRequestOutputSerializer(request_rows(user, [request])[0]).data


def _known(request: MemberRequest, pk: int) -> MatchRequest:
    match_request = MatchRequest.objects.select_related("agency", "hub").filter(pk=pk).first()
    if match_request is None or not access.may_know_request(request.user, match_request):
        raise Http404(access.NOT_FOUND)
    return match_request


class MatchCheckApi(CasesApiMixin, APIView):
    @extend_schema(
        request=MatchCheckInputSerializer,
        responses=responses({200: MatchCheckOutputSerializer}, WRITE_ERRORS),
        description="Possible existing records of a person being registered (kana or name "
        "with the birth date, or the phone; any spelling of kana and width). Matches the "
        "caller may read are listed and logged as read; of any other only `elsewhere`. A "
        "住所秘匿 record of another agency is not mentioned at all.",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(MatchCheckInputSerializer, request)
        result = matching.possible_matches(user=request.user, data=matching.MatchData(**data))
        access.log_match_reads(request.user, result, channel=API)
        return Response(MatchCheckOutputSerializer(check_body(result)).data)


class MatchRequestListApi(CasesApiMixin, generics.ListAPIView):
    """Requests the caller's agencies sent (status and the hub's answer), and, for the
    hub's coordinators, those sent to their hub with the agencies holding a match."""

    serializer_class = MatchRequestOutputSerializer

    def get_queryset(self):
        user = self.request.user
        mine = [a.pk for a in access.case_agencies(user)]
        hubs = [a.pk for a in access.hub_agencies(user)]
        return (
            MatchRequest.objects.filter(Q(agency_id__in=mine) | Q(hub_id__in=hubs))
            .select_related("agency", "hub")
            .order_by("-created_at", "-pk")
        )

    def list(self, request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = request_rows(request.user, list(page or []))
        return self.get_paginated_response(MatchRequestOutputSerializer(rows, many=True).data)

    @extend_schema(
        request=MatchRequestInputSerializer,
        responses=responses({201: MatchRequestOutputSerializer}, WRITE_ERRORS),
        description="Ask the hub to connect your agency with whoever holds a possible match "
        "you may not read. The candidates are found again on the server and never shown.",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(MatchRequestInputSerializer, request)
        note, agency = data.pop("note", ""), data.pop("agency", None)
        created = matching.match_request_create(
            actor=request.user, data=matching.MatchData(**data), note=note, agency=agency
        )
        return Response(_body(request.user, created), status=status.HTTP_201_CREATED)


class MatchRequestWithdrawApi(CasesApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: MatchRequestOutputSerializer}, WRITE_ERRORS),
        description="The requesting agency withdraws a request still waiting for the hub.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        done = matching.match_request_withdraw(actor=request.user, request=_known(request, pk))
        return Response(_body(request.user, done))


class MatchRequestAnswerApi(CasesApiMixin, APIView):
    action = "connect"

    @extend_schema(
        request=MatchAnswerInputSerializer,
        responses=responses({200: MatchRequestOutputSerializer}, WRITE_ERRORS),
        description="The hub's coordinator answers: connected (the agencies are in touch; no "
        "access is granted, sharing still needs consent or a 支援会議) or not the same person.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        match_request = _known(request, pk)
        data = validated(MatchAnswerInputSerializer, request)
        service = (
            matching.match_request_connect
            if self.action == "connect"
            else matching.match_request_no_match
        )
        done = service(actor=request.user, request=match_request, answer=data["answer"])
        return Response(_body(request.user, done))


class MatchRequestConnectApi(MatchRequestAnswerApi):
    action = "connect"


class MatchRequestNoMatchApi(MatchRequestAnswerApi):
    action = "no_match"
