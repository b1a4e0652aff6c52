"""Output serializers: what the API shows. They hold no rules and run no queries of their
own (the selectors prefetch what they read); inputs are in cases/api/inputs.py."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import family_reads
from cases.api.common import AgencyContactSerializer
from cases.models import (
    Case,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
    Project,
    Referral,
)
from cases.models.access import Basis
from cases.selectors import Whereabouts, whereabouts
from core.api.fields import OutputModelSerializer
from core.api.schema import NamedChoiceField


def project_list() -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=Project.choices))


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    full_name_kana = serializers.CharField(read_only=True)


class RefSerializer(serializers.Serializer):
    """A household or an area: id and name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)


# --- cases ------------------------------------------------------------------------------


class CaseOutputSerializer(OutputModelSerializer):
    """Reads `lead_agency` and `current_projects` (see cases/api/selectors.py)."""

    reference = serializers.CharField(read_only=True)
    status = NamedChoiceField(
        enum_name="CaseStatusEnum", choices=Case.Status.choices, read_only=True
    )
    household = RefSerializer(read_only=True)
    owner_agency = AgencyRefSerializer(read_only=True)
    lead_agency = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "referral_source",
            "household",
            "owner_agency",
            "lead_agency",
            "projects",
            "opened_on",
            "closed_on",
            "informant",
            "outreach_stage",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AgencyContactSerializer(allow_null=True))
    def get_lead_agency(self, case: Case) -> dict | None:
        agency = case.lead_agency  # the current lead, kept on the case (select_related)
        if agency is None:
            return None
        return {"id": agency.pk, "name": agency.name, "phone": agency.phone}

    @extend_schema_field(project_list())
    def get_projects(self, case: Case) -> list[str]:
        # current_projects: the to_attr of cases.selectors.current_projects (not on Case)
        return [p.project for p in case.current_projects]  # type: ignore[attr-defined]


class AccessOutputSerializer(serializers.Serializer):
    basis = serializers.ChoiceField(choices=Basis.choices, read_only=True)
    can_change = serializers.BooleanField(read_only=True)
    summary_only = serializers.BooleanField(
        read_only=True,
        help_text="Read under a 支援会議 grant (art. 106-6): the meeting summary only; the "
        "case's records answer 403.",
    )
    covered_persons = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        read_only=True,
        help_text="Read by consent: the members whose consent covers the caller (records "
        "about other members are withheld); null: every member.",
    )


class CaseDetailOutputSerializer(CaseOutputSerializer):
    """A case with the caller's access to it (context["decision"])."""

    access = serializers.SerializerMethodField()

    class Meta(CaseOutputSerializer.Meta):
        fields = [*CaseOutputSerializer.Meta.fields, "access"]
        read_only_fields = fields

    @extend_schema_field(AccessOutputSerializer)
    def get_access(self, case: Case) -> dict:
        decision = self.context["decision"]
        return {
            "basis": decision.basis,
            "can_change": decision.can_change,
            "summary_only": decision.summary_only,
            "covered_persons": sorted(decision.persons) if decision.persons is not None else None,
        }


# --- households and persons -------------------------------------------------------------


class MemberRefSerializer(PersonRefSerializer):
    withheld = serializers.BooleanField(
        read_only=True,
        help_text="The caller reads the household by a consent that does not cover this "
        "member: `full_name` and `full_name_kana` are blank (only `relation` is shown).",
    )


class MemberOutputSerializer(OutputModelSerializer):
    """Reads context["decisions"] ({household id: the caller's decision on it}): a consent
    reader sees by name only the members the consent covers (rule 2, as the genogram)."""

    person = serializers.SerializerMethodField()

    class Meta:
        model = HouseholdMembership
        fields = ["person", "relation", "started_on"]
        read_only_fields = fields

    @extend_schema_field(MemberRefSerializer)
    def get_person(self, membership: HouseholdMembership) -> dict:
        decision = self.context["decisions"][membership.household_id]
        person = membership.person
        shown = family_reads.named(person, decision)
        if shown.withheld:
            return {"id": person.pk, "full_name": "", "full_name_kana": "", "withheld": True}
        return {
            "id": person.pk,
            "full_name": person.full_name,
            "full_name_kana": person.full_name_kana,
            "withheld": False,
        }


class HouseholdOutputSerializer(OutputModelSerializer):
    """住所秘匿: postal code, address, phone and area are blank unless the household's id
    is in context["address_visible"] (access.can_see_address): each of them says where the
    person can be found. Members as context["decisions"] lets the caller see them
    (MemberOutputSerializer)."""

    area = RefSerializer(read_only=True, allow_null=True)
    owner_agency = AgencyRefSerializer(read_only=True)
    members = MemberOutputSerializer(source="current_memberships", many=True, read_only=True)
    key_person = serializers.IntegerField(
        source="key_person_id",
        read_only=True,
        allow_null=True,
        help_text="The id of the key person (キーパーソン): a member or a relative recorded "
        "with the household (households/{id}/relations/ names them).",
    )
    address_hidden = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "id",
            "name",
            "postal_code",
            "address",
            "area",
            "address_hidden",
            "phone",
            "owner_agency",
            "members",
            "key_person",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_address_hidden(self, household: Household) -> bool:
        return household.pk not in self.context["address_visible"]

    def to_representation(self, household: Household) -> dict:
        data = super().to_representation(household)
        if data["address_hidden"]:
            data.update(postal_code="", address="", phone="", area=None)
        return data


class CurrentHouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="household.pk", read_only=True)
    name = serializers.CharField(source="household.name", read_only=True)
    relation = serializers.ChoiceField(choices=HouseholdMembership.Relation.choices, read_only=True)


class PersonOutputSerializer(OutputModelSerializer):
    """Reads `seen_memberships` (the person's memberships of households the caller may
    read, cases.selectors.seen_memberships) and context["address_hidden"] (households whose
    address the caller may not see: cases/api/selectors.person_context).

    `household` is where the person lives now, if the caller may read that household; a
    person who moved to one the caller may not read shows `household: null` and when they
    moved out (`moved_out_on`), never where to. Their phone is blank (`phone_hidden`) while
    they live in a household under 住所秘匿 for the caller, or in one the caller may not read."""

    full_name = serializers.CharField(read_only=True)
    full_name_kana = serializers.CharField(read_only=True)
    owner_agency = AgencyRefSerializer(read_only=True)
    household = serializers.SerializerMethodField()
    moved_out_on = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    phone_hidden = serializers.SerializerMethodField()
    recorded_with = serializers.IntegerField(
        source="recorded_with_id",
        read_only=True,
        allow_null=True,
        help_text="A relative living in no household on record: the id of the household "
        "they were recorded with, through which they are read.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "full_name",
            "full_name_kana",
            "birth_date",
            "sex",
            "phone",
            "phone_hidden",
            "preferred_language",
            "address_confidential",
            "deceased",
            "died_on",
            "recorded_with",
            "household",
            "moved_out_on",
            "owner_agency",
            "merged_into",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def _whereabouts(self, person: Person) -> Whereabouts:
        # Cached on the row for this serializer's other fields; not declared on Person.
        cached: Whereabouts | None = getattr(person, "_whereabouts", None)
        if cached is None:
            cached = person._whereabouts = whereabouts(person)  # type: ignore[attr-defined]
        return cached

    @extend_schema_field(CurrentHouseholdSerializer(allow_null=True))
    def get_household(self, person: Person) -> dict | None:
        current = self._whereabouts(person).current
        return CurrentHouseholdSerializer(current[0]).data if current else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_moved_out_on(self, person: Person) -> str | None:
        moved = self._whereabouts(person).moved_out_on
        return moved.isoformat() if moved else None

    def get_phone_hidden(self, person: Person) -> bool:
        where = self._whereabouts(person)
        hidden = self.context["address_hidden"]
        return where.elsewhere or any(m.household_id in hidden for m in where.current)

    def get_phone(self, person: Person) -> str:
        return "" if self.get_phone_hidden(person) else person.phone


# --- what is recorded about a case ------------------------------------------------------


class ConsultationOutputSerializer(OutputModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    agency = AgencyRefSerializer(read_only=True)
    projects = serializers.ListField(
        child=serializers.ChoiceField(choices=Project.choices), read_only=True
    )
    staff_name = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "case",
            "occurred_at",
            "mode",
            "minutes",
            "narrative",
            "projects",
            "person",
            "agency",
            "staff_name",
            "outcome",
            "is_internal",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_staff_name(self, consultation: Consultation) -> str:
        return consultation.staff.display_name if consultation.staff else ""


class ReferralOutputSerializer(OutputModelSerializer):
    """`direction` is from the caller's side: context["agency_ids"] are its agencies."""

    case = CaseRefSerializer(read_only=True)
    from_agency = AgencyRefSerializer(read_only=True)
    to_agency = AgencyRefSerializer(read_only=True)
    status = NamedChoiceField(
        enum_name="ReferralStatusEnum", choices=Referral.Status.choices, read_only=True
    )
    kind = NamedChoiceField(
        enum_name="ReferralKindEnum", choices=Referral.Kind.choices, read_only=True
    )
    direction = serializers.SerializerMethodField()
    sent_by_name = serializers.SerializerMethodField()
    responded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "case",
            "direction",
            "from_agency",
            "to_agency",
            "reason",
            "summary",
            "status",
            "sent_at",
            "sent_by_name",
            "responded_at",
            "responded_by_name",
            "response_note",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["sent", "received"]))
    def get_direction(self, referral: Referral) -> str:
        return "sent" if referral.from_agency_id in self.context["agency_ids"] else "received"

    def get_sent_by_name(self, referral: Referral) -> str:
        return referral.sent_by.display_name if referral.sent_by else ""

    def get_responded_by_name(self, referral: Referral) -> str:
        return referral.responded_by.display_name if referral.responded_by else ""


class ConsentOutputSerializer(OutputModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    person = PersonRefSerializer(read_only=True)
    agencies = AgencyRefSerializer(many=True, read_only=True)
    purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=Consent.Purpose.choices), read_only=True
    )
    state = serializers.ChoiceField(
        choices=["active", "future", "expired", "withdrawn"], read_only=True
    )
    obtained_by_name = serializers.SerializerMethodField()
    has_scanned_form = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "case",
            "person",
            "purposes",
            "method",
            "all_team_agencies",
            "agencies",
            "valid_from",
            "valid_until",
            "state",
            "withdrawn_at",
            "withdrawal_reason",
            "obtained_by_name",
            "has_scanned_form",
            "created_at",
        ]
        read_only_fields = fields

    def get_obtained_by_name(self, consent: Consent) -> str:
        return consent.obtained_by.display_name if consent.obtained_by else ""

    def get_has_scanned_form(self, consent: Consent) -> bool:
        return bool(consent.scanned_form)
