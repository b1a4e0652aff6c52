"""Households' members over REST: adding a person to a household, and recording a move to
another household. Both change who can see the person: cases/services/households.py
decides who may (the registering agency, or the intake or lead agency of one of the
household's cases); the views fetch through access and call it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases import access, services
from cases.api.common import API, WRITE_ERRORS, CasesApiMixin, referenced, responses
from cases.api.inputs import MemberInputSerializer
from cases.api.serializers import PersonOutputSerializer
from cases.api.views import person_body
from cases.models import HouseholdMembership
from cases.services.households import PersonData
from core.api.schema import validated


class PersonMoveInputSerializer(serializers.Serializer):
    household = serializers.IntegerField(
        min_value=1, help_text=_("The household the person moves to (its id).")
    )
    relation = serializers.ChoiceField(choices=HouseholdMembership.Relation.choices)
    on = serializers.DateField(help_text=_("The day of the move (default: today)."), required=False)


class HouseholdMemberAddApi(CasesApiMixin, APIView):
    @extend_schema(
        request=MemberInputSerializer,
        responses=responses({201: PersonOutputSerializer}, WRITE_ERRORS),
        description="Add a new member to a household: its registering agency, or the "
        "intake or lead agency of one of its cases. The person is registered for the "
        "caller's agency.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        household, _ = access.household_for(request.user, pk, channel=API, request=request)
        data = validated(MemberInputSerializer, request)
        person = services.person_add(
            actor=request.user, household=household, data=PersonData(**data)
        )
        return Response(person_body(request.user, person), status=status.HTTP_201_CREATED)


class PersonMoveApi(CasesApiMixin, APIView):
    @extend_schema(
        request=PersonMoveInputSerializer,
        responses=responses({200: PersonOutputSerializer}, WRITE_ERRORS),
        description="Record a move: the person's current membership ends the day before "
        "`on`, one in the other household starts on `on`. Only an agency that holds the "
        "person's record and may change the household moved to.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        user = request.user
        person, _ = access.person_for(user, pk, channel=API, request=request)
        data = validated(PersonMoveInputSerializer, request)
        household = referenced(
            "household",
            lambda: access.household_for(user, data["household"], channel=API, request=request)[0],
        )
        services.person_move(
            actor=user,
            person=person,
            to_household=household,
            relation=data["relation"],
            on=data.get("on") or timezone.localdate(),
        )
        return Response(person_body(user, person))
