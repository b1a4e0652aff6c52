"""Outreach over REST: record a visit with its outcome, and the moment consent is
obtained (the case moves into 多機関協働). Only the intake or lead agency may do either."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases import access, services
from cases.api.common import WRITE_ERRORS, CasesApiMixin, responses
from cases.api.inputs import ConsentCreateInputSerializer
from cases.api.serializers import ConsentOutputSerializer, ConsultationOutputSerializer
from cases.models import AccessLog, Case, Consultation
from core.api.schema import validated

API = AccessLog.Channel.API


class OutreachContactInputSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=Consultation.Mode.choices)
    outcome = serializers.ChoiceField(choices=Consultation.Outcome.choices)
    narrative = serializers.CharField(max_length=10_000)
    minutes = serializers.IntegerField(min_value=0, max_value=24 * 60, default=0)
    stage = serializers.ChoiceField(
        choices=Case.OutreachStage.choices[:3], required=False, allow_null=True
    )


class OutreachContactApi(CasesApiMixin, APIView):
    @extend_schema(
        request=OutreachContactInputSerializer,
        responses=responses({201: ConsultationOutputSerializer}, WRITE_ERRORS),
        description="A visit attempt or contact of an outreach case, with its outcome "
        "(absent / refused / met). Moves the outreach stage on.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case, _ = access.case_for(request.user, pk, change=True, channel=API, request=request)
        data = validated(OutreachContactInputSerializer, request)
        consultation = services.outreach_contact(actor=request.user, case=case, **data)
        return Response(
            ConsultationOutputSerializer(consultation).data, status=status.HTTP_201_CREATED
        )


class OutreachConsentApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ConsentCreateInputSerializer,
        responses=responses({201: ConsentOutputSerializer}, WRITE_ERRORS),
        description="Consent obtained for an outreach case: it is recorded, the case leaves "
        "outreach for multi-agency collaboration and sharing with the team starts at once.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case, _ = access.case_for(request.user, pk, change=True, channel=API, request=request)
        data = validated(ConsentCreateInputSerializer, request, household=case.household)
        consent = services.outreach_consent_obtained(actor=request.user, case=case, **data)
        return Response(ConsentOutputSerializer(consent).data, status=status.HTTP_201_CREATED)
