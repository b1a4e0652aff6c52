"""What is recorded about a case: consultations, referrals and consents."""

from __future__ import annotations

from functools import cached_property

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberApiView, MemberRequest
from agencies.models import User
from cases import access, services
from cases.api import selectors
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, LoggedListApi, referenced, responses
from cases.api.filters import ReferralFilter
from cases.api.inputs import (
    ConsentCreateInputSerializer,
    ConsentWithdrawInputSerializer,
    ConsultationCreateInputSerializer,
    ConsultationUpdateInputSerializer,
    JoinRequestInputSerializer,
    ReferralAcceptInputSerializer,
    ReferralCreateInputSerializer,
    ReferralReturnInputSerializer,
)
from cases.api.serializers import (
    ConsentOutputSerializer,
    ConsultationOutputSerializer,
    ReferralOutputSerializer,
)
from cases.models import Case, Consent, Consultation, Referral
from cases.models.access import Basis
from cases.services.consultations import ConsultationData
from core.api.parsers import JSONParser
from core.api.preconditions import expected_version
from core.api.schema import validated


class CaseRecordsMixin(MemberApiView):
    """Lists nested under cases/<pk>/: the case is read (and logged) once, through access."""

    @cached_property
    def _case_and_decision(self) -> tuple[Case, access.Decision]:
        return access.case_for(
            self.request.user, self.kwargs["pk"], channel=API, request=self.request
        )

    @property
    def case(self) -> Case:
        return self._case_and_decision[0]

    @property
    def decision(self) -> access.Decision:
        return self._case_and_decision[1]

    def log_rows(self, rows: list) -> None:
        """The rows are records of the case, whose read case_for has logged."""


# --- consultations ----------------------------------------------------------------------


class CaseConsultationListApi(CaseRecordsMixin, LoggedListApi):
    """The case's consultations; agency-internal ones only for the agency that wrote them."""

    serializer_class = ConsultationOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consultation.objects.none()
        return selectors.consultation_list(self.request.user, self.case, self.decision)

    @extend_schema(
        request=ConsultationCreateInputSerializer,
        responses=responses({201: ConsultationOutputSerializer}, WRITE_ERRORS),
        description="Record a contact. Any agency that may read the case records its own.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case = self.case
        data = validated(ConsultationCreateInputSerializer, request, household=case.household)
        agency = data.pop("agency", None)
        consultation = services.consultation_log(
            actor=request.user, case=case, data=ConsultationData(**data), agency=agency
        )
        return Response(
            ConsultationOutputSerializer(consultation).data, status=status.HTTP_201_CREATED
        )


def visible_consultation(request: MemberRequest, pk: int) -> Consultation:
    case_id = Consultation.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404(access.NOT_FOUND)
    case, decision = access.case_for(request.user, case_id, channel=API, request=request)
    consultation = selectors.consultation_list(request.user, case, decision).filter(pk=pk).first()
    if consultation is None:  # another agency's internal record
        raise Http404(access.NOT_FOUND)
    return consultation


class ConsultationDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: ConsultationOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(ConsultationOutputSerializer(visible_consultation(request, pk)).data)

    @extend_schema(
        request=ConsultationUpdateInputSerializer,
        responses=responses({200: ConsultationOutputSerializer}, WRITE_ERRORS),
        description="Correct a record. Only the recording agency may; history keeps the "
        "earlier text.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        consultation = visible_consultation(request, pk)
        data = validated(ConsultationUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        consultation = services.consultation_update(
            actor=request.user, consultation=consultation, expected_version=version, data=data
        )
        return Response(ConsultationOutputSerializer(consultation).data)


# --- referrals --------------------------------------------------------------------------


def _agency_ids(user: User) -> set[int]:
    return {a.pk for a in access.case_agencies(user)}


def referral_body(user: User, referral: Referral) -> dict:
    return ReferralOutputSerializer(referral, context={"agency_ids": _agency_ids(user)}).data


class JoinRequestApi(CasesApiMixin, APIView):
    @extend_schema(
        request=JoinRequestInputSerializer,
        responses=responses({201: ReferralOutputSerializer}, WRITE_ERRORS),
        description="An agency that reads the case (by consent or a 支援会議 grant) but does "
        "not hold it asks the lead agency to put it on the team. The lead accepts or "
        "returns it like a referral (kind `join`).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case, _ = access.case_for(request.user, pk, summary=True, channel=API, request=request)
        data = validated(JoinRequestInputSerializer, request)
        referral = services.join_request(actor=request.user, case=case, **data)
        return Response(referral_body(request.user, referral), status=status.HTTP_201_CREATED)


def log_referral_reads(request: MemberRequest, referrals: list[Referral]) -> None:
    """A referral shows its case's reference and summary: a read of the case, on the
    referral's basis."""
    access.log_reads(
        request.user,
        [r.case for r in referrals],
        channel=API,
        request=request,
        basis=Basis.REFERRAL,
    )


def visible_referral(request: MemberRequest, pk: int) -> Referral:
    referral = selectors.referral_list(request.user).filter(pk=pk).first()
    if referral is None or not access.referral_visible_to(request.user, referral):
        raise Http404(access.NOT_FOUND)
    log_referral_reads(request, [referral])
    return referral


class ReferralListApi(LoggedListApi):
    """Referrals the caller's agencies sent or received."""

    serializer_class = ReferralOutputSerializer
    filterset_class = ReferralFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        return selectors.referral_list(self.request.user)

    def log_rows(self, rows: list[Referral]) -> None:
        log_referral_reads(self.request, rows)

    def row_context(self, rows: list[Referral]) -> dict:
        return {"agency_ids": _agency_ids(self.request.user)}

    @extend_schema(
        request=ReferralCreateInputSerializer,
        responses=responses({201: ReferralOutputSerializer}, WRITE_ERRORS),
        description="Refer a case the caller may read to another agency, with the "
        "minimum-necessary summary.",
    )
    def post(self, request: MemberRequest) -> Response:
        user = request.user
        data = validated(ReferralCreateInputSerializer, request)
        case = referenced(
            "case", lambda: access.case_for(user, data.pop("case"), channel=API, request=request)[0]
        )
        referral = services.referral_send(actor=user, case=case, **data)
        return Response(referral_body(user, referral), status=status.HTTP_201_CREATED)


class ReferralDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: ReferralOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(referral_body(request.user, visible_referral(request, pk)))


class ReferralAcceptApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ReferralAcceptInputSerializer,
        responses=responses({200: ReferralOutputSerializer}, WRITE_ERRORS),
        description="The receiving agency accepts and joins the case's team (the details "
        "still need the person's consent).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        referral = visible_referral(request, pk)
        data = validated(ReferralAcceptInputSerializer, request)
        referral = services.referral_accept(
            actor=request.user, referral=referral, note=data.get("response_note", "")
        )
        return Response(referral_body(request.user, referral))


class ReferralReturnApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ReferralReturnInputSerializer,
        responses=responses({200: ReferralOutputSerializer}, WRITE_ERRORS),
        description="The receiving agency returns the referral, saying why.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        referral = visible_referral(request, pk)
        data = validated(ReferralReturnInputSerializer, request)
        referral = services.referral_return(
            actor=request.user, referral=referral, reason=data["response_note"]
        )
        return Response(referral_body(request.user, referral))


class ReferralWithdrawApi(CasesApiMixin, APIView):
    @extend_schema(
        request=None,
        responses=responses({200: ReferralOutputSerializer}, WRITE_ERRORS),
        description="The referring agency withdraws a referral still waiting for an answer.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        referral = services.referral_withdraw(
            actor=request.user, referral=visible_referral(request, pk)
        )
        return Response(referral_body(request.user, referral))


# --- consents ---------------------------------------------------------------------------


class CaseConsentListApi(CaseRecordsMixin, LoggedListApi):
    """The case's consents: active, future, expired and withdrawn."""

    serializer_class = ConsentOutputSerializer
    # The one upload of the API: the scanned consent form travels as multipart.
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consent.objects.none()
        return selectors.consent_list(self.case)

    @extend_schema(
        request=ConsentCreateInputSerializer,
        responses=responses({201: ConsentOutputSerializer}, WRITE_ERRORS),
        description="Record the person's consent (intake or lead agency). Sharing with the "
        "covered team agencies starts at once.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        case, _ = access.case_for(request.user, pk, change=True, channel=API, request=request)
        data = validated(ConsentCreateInputSerializer, request, household=case.household)
        consent = services.consent_record(actor=request.user, case=case, **data)
        return Response(ConsentOutputSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(CasesApiMixin, APIView):
    @extend_schema(
        request=ConsentWithdrawInputSerializer,
        responses=responses({200: ConsentOutputSerializer}, WRITE_ERRORS),
        description="Withdraw a consent: consent-based sharing ends on the very next request.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        consent = Consent.objects.filter(pk=pk).first()
        if consent is None:
            raise Http404(access.NOT_FOUND)
        access.case_for(request.user, consent.case_id, change=True, channel=API, request=request)
        data = validated(ConsentWithdrawInputSerializer, request)
        consent = services.consent_withdraw(
            actor=request.user, consent=consent, reason=data["withdrawal_reason"]
        )
        return Response(ConsentOutputSerializer(consent).data)
