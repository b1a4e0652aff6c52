"""A household's family over REST: the relations between the persons of its circle (its
members, now or before, and the relatives recorded with it), relatives outside any
household, and the key person. Reads go through cases/access (the household, or both
persons of a relation) and are logged; writes call cases/services/family.py, which
decides who may (both persons changeable, of the household's circle)."""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberApiView, MemberRequest
from cases import access, services
from cases.api.common import (
    API,
    DELETE_ERRORS,
    DELETE_IF_MATCH,
    WRITE_ERRORS,
    CasesApiMixin,
    LoggedListApi,
    referenced,
    responses,
)
from cases.api.inputs import not_in_future, version_field
from cases.api.serializers import (
    AgencyRefSerializer,
    HouseholdOutputSerializer,
    PersonOutputSerializer,
)
from cases.api.views import household_body, person_body
from cases.family_reads import circle_relations
from cases.models import Household, Person, PersonRelation
from cases.services.family import RelativeData, Said, circle_of
from core.api.fields import InputModelSerializer, OutputModelSerializer, StrictCharField
from core.api.preconditions import body_version_field, delete_version, expected_version
from core.api.schema import NamedChoiceField, validated

KIND_HELP = _(
    "As said from `person`: `person` is the `kind` of `relative`. `child` and `grandchild` "
    "are stored as the parent or grandparent relation read the other way round."
)

# --- output -----------------------------------------------------------------------------


class RelatedPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(
        read_only=True, allow_blank=True, help_text="Blank when `withheld`."
    )
    withheld = serializers.BooleanField(
        read_only=True,
        help_text="The caller reads the household by a consent that does not cover this "
        "person: their name is not shown.",
    )
    deceased = serializers.BooleanField(read_only=True, allow_null=True)


class RelationOutputSerializer(OutputModelSerializer):
    """Reads context["decision"] (the caller's decision on the household, or on the
    relation's persons) to withhold the names a consent does not cover."""

    person = serializers.SerializerMethodField()
    relative = serializers.SerializerMethodField()
    kind = NamedChoiceField(
        enum_name="RelationKindEnum", choices=PersonRelation.Kind.choices, read_only=True
    )
    owner_agency = AgencyRefSerializer(read_only=True)

    class Meta:
        model = PersonRelation
        fields = [
            "id",
            "person",
            "relative",
            "kind",
            "label",
            "married_on",
            "divorced_on",
            "owner_agency",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def _named(self, person: Person) -> dict[str, Any]:
        decision: access.Decision = self.context["decision"]
        if decision.covers(person.pk):
            return {
                "id": person.pk,
                "full_name": person.full_name,
                "withheld": False,
                "deceased": person.deceased,
            }
        return {"id": person.pk, "full_name": "", "withheld": True, "deceased": None}

    @extend_schema_field(RelatedPersonSerializer)
    def get_person(self, relation: PersonRelation) -> dict[str, Any]:
        return self._named(relation.person)

    @extend_schema_field(RelatedPersonSerializer)
    def get_relative(self, relation: PersonRelation) -> dict[str, Any]:
        return self._named(relation.relative)

    def to_representation(self, relation: PersonRelation) -> dict[str, Any]:
        data = super().to_representation(relation)
        if data["person"]["withheld"] or data["relative"]["withheld"]:
            # A withheld person's marriage and divorce are theirs too.
            data.update(married_on=None, divorced_on=None)
        return data


# --- input ------------------------------------------------------------------------------


def said_kind(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="RelationSaidEnum", choices=Said.choices, help_text=KIND_HELP, **kwargs
    )


class RelationDatesInput(serializers.Serializer):
    label = StrictCharField(max_length=50, required=False, allow_blank=True)  # type: ignore[assignment]
    married_on = serializers.DateField(required=False, allow_null=True, validators=[not_in_future])
    divorced_on = serializers.DateField(required=False, allow_null=True, validators=[not_in_future])


class RelationCreateInputSerializer(RelationDatesInput):
    person = serializers.IntegerField(min_value=1, help_text=_("A person of the household."))
    relative = serializers.IntegerField(min_value=1, help_text=_("A person of the household."))
    kind = said_kind()


class RelationUpdateInputSerializer(RelationDatesInput):
    kind = said_kind(required=False)
    version = body_version_field()


class RelativeInputSerializer(InputModelSerializer):
    related_to = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("A person of the household the relative is related to (with `kind`)."),
    )
    kind = said_kind(required=False)
    label = StrictCharField(max_length=50, required=False, allow_blank=True)  # type: ignore[assignment]
    married_on = serializers.DateField(required=False, allow_null=True, validators=[not_in_future])
    divorced_on = serializers.DateField(required=False, allow_null=True, validators=[not_in_future])

    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "birth_date",
            "sex",
            "phone",
            "deceased",
            "died_on",
            "related_to",
            "kind",
            "label",
            "married_on",
            "divorced_on",
        ]
        extra_kwargs = {
            "birth_date": {"validators": [not_in_future]},
            "died_on": {"validators": [not_in_future]},
        }


class KeyPersonInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        help_text=_("A member of the household or a relative recorded with it; null clears it."),
    )
    version = version_field()


# --- views ------------------------------------------------------------------------------


def of_circle(household: Household, field: str, pk: int) -> Person:
    """A person of the household's circle named in the body: any other id is a 400 on the
    field, worded as for an id that does not exist."""

    def lookup() -> Person:
        person = circle_of(household).filter(pk=pk).first()
        if person is None:
            raise Http404(access.NOT_FOUND)
        return person

    return referenced(field, lookup)


def relation_body(relation: PersonRelation, decision: access.Decision) -> dict:
    """`decision`: the caller's on the household listed, or, for one relation read through
    access.relation_for (both persons read in full), None: nothing withheld."""
    relation = PersonRelation.objects.select_related("person", "relative", "owner_agency").get(
        pk=relation.pk
    )
    return RelationOutputSerializer(relation, context={"decision": decision}).data


class HouseholdRecordsMixin(MemberApiView):
    """Lists nested under households/<pk>/: the household is read (and logged) once."""

    @cached_property
    def _household_and_decision(self) -> tuple[Household, access.Decision]:
        return access.household_for(
            self.request.user, self.kwargs["pk"], channel=API, request=self.request
        )

    @property
    def household(self) -> Household:
        return self._household_and_decision[0]

    @property
    def decision(self) -> access.Decision:
        return self._household_and_decision[1]


class HouseholdRelationListApi(HouseholdRecordsMixin, LoggedListApi):
    """The relations between the persons of the household's circle, each stored once
    (`person` is the `kind` of `relative`; "child" is a parent relation read from the
    relative). A consent reader sees the names of the persons its consent covers only."""

    serializer_class = RelationOutputSerializer

    def get_queryset(self) -> QuerySet[PersonRelation]:
        if getattr(self, "swagger_fake_view", False):
            return PersonRelation.objects.none()
        return circle_relations(self.household).select_related("owner_agency")

    def row_context(self, rows: list) -> dict:
        return {"decision": self.decision}

    def log_rows(self, rows: list) -> None:
        """The persons named (household_for logged the household)."""
        named = {
            p.pk: p for r in rows for p in (r.person, r.relative) if self.decision.covers(p.pk)
        }
        access.log_reads(
            self.request.user,
            list(named.values()),
            self.decision,
            channel=API,
            request=self.request,
            action="list",
        )

    @extend_schema(
        request=RelationCreateInputSerializer,
        responses=responses({201: RelationOutputSerializer}, WRITE_ERRORS),
        description="Record a relation between two persons of the household (members or "
        "relatives recorded with it), both persons the caller may change. Its inverse is "
        "implied, never stored: a second relation between the same two persons is refused.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(RelationCreateInputSerializer, request)
        household = self.household
        relation = services.relation_add(
            actor=request.user,
            household=household,
            person=of_circle(household, "person", data.pop("person")),
            relative=of_circle(household, "relative", data.pop("relative")),
            **data,
        )
        return Response(relation_body(relation, self.decision), status=status.HTTP_201_CREATED)


def both_read(decision: access.Decision) -> access.Decision:
    """access.relation_for read both persons in full: no name is withheld."""
    return dataclasses.replace(decision, persons=None)


class RelationDetailApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: RelationOutputSerializer}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        relation, decision = access.relation_for(request.user, pk, channel=API, request=request)
        return Response(relation_body(relation, both_read(decision)))

    @extend_schema(
        request=RelationUpdateInputSerializer,
        responses=responses({200: RelationOutputSerializer}, WRITE_ERRORS),
        description="Change the kind (said from `person`), the description or the dates. "
        "Send the ETag you read in If-Match (or `version`).",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        relation, decision = access.relation_for(
            request.user, pk, change=True, channel=API, request=request
        )
        data = validated(RelationUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        relation = services.relation_update(
            actor=request.user, relation=relation, expected_version=version, data=data
        )
        return Response(relation_body(relation, both_read(decision)))

    @extend_schema(
        request=None,
        responses=responses({204: None}, DELETE_ERRORS),
        parameters=[DELETE_IF_MATCH],
        description="Remove a relation recorded by mistake; its history keeps it. With "
        "If-Match it is removed only if still the version you read (412 otherwise).",
    )
    def delete(self, request: MemberRequest, pk: int) -> Response:
        relation, _ = access.relation_for(
            request.user, pk, change=True, channel=API, request=request
        )
        services.relation_remove(
            actor=request.user, relation=relation, expected_version=delete_version(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class HouseholdRelativeAddApi(HouseholdRecordsMixin, CasesApiMixin, APIView):
    @extend_schema(
        request=RelativeInputSerializer,
        responses=responses({201: PersonOutputSerializer}, WRITE_ERRORS),
        description="Record a relative who lives in no household on record (elsewhere, or "
        "deceased): a person with no membership, recorded with this household and read "
        "through it. With `related_to` and `kind` the relation is recorded too (the "
        "relative is the `kind` of `related_to`).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(RelativeInputSerializer, request)
        household = self.household
        related = data.pop("related_to", None)
        relation = {
            "related_to": of_circle(household, "related_to", related) if related else None,
            "kind": data.pop("kind", ""),
            "label": data.pop("label", ""),
            "married_on": data.pop("married_on", None),
            "divorced_on": data.pop("divorced_on", None),
        }
        person = services.relative_add(
            actor=request.user, household=household, data=RelativeData(**data), **relation
        )
        return Response(person_body(request.user, person), status=status.HTTP_201_CREATED)


class HouseholdKeyPersonApi(HouseholdRecordsMixin, CasesApiMixin, APIView):
    @extend_schema(
        request=KeyPersonInputSerializer,
        responses=responses({200: HouseholdOutputSerializer}, WRITE_ERRORS),
        description="Set the household's key person (キーパーソン): a member or a relative "
        "recorded with it, or null. Send the household's `version`.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        data = validated(KeyPersonInputSerializer, request)
        household = self.household
        person = of_circle(household, "person", data["person"]) if data["person"] else None
        household = services.key_person_set(
            actor=request.user,
            household=household,
            person=person,
            expected_version=data["version"],
        )
        return Response(household_body(request.user, household, self.decision))
