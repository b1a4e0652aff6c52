"""名寄せ as a permission story (tests/cases/conftest.py): the hub registered the mother
トメ twice; the second record (とめ, the duplicate) has a past household of her own, and
consultations, a concern, a consent, relations, a participation match, a planned visit, a
hub match request and the key-person mark were all recorded on it. Merging it into the
first moves every one of those references, whatever model holds it, and undoing puts each
back."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalChanges

from agencies.models import User
from cases import access, services
from cases.models import (
    CaseGroupObjectPermission,
    Concern,
    Consent,
    Household,
    HouseholdMembership,
    MatchRequest,
    Person,
    PersonMerge,
    PersonRelation,
)
from cases.services import merge as merging
from cases.services.households import PersonData
from core.history import save_with_history
from participation import services as participation
from participation.models import SupportMenu, Target
from planning import services as planning
from tests.factories import consultation_data, record_consent

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

# Relations to Person that a merge leaves as they are, and why (the rest must all move).
NOT_MOVED = {
    (PersonMerge, "kept"): "the merges' own record",
    (PersonMerge, "merged"): "the merges' own record",
    (CaseGroupObjectPermission, "person"): "rebuilt from the consents",
    (Person, "merged_into"): "an earlier merge stays as it was",
}


def relations_to_person() -> list[tuple[type[Model], str, bool]]:
    """Every foreign key and many-to-many field pointing at Person, found here on its own
    (not through the service), history tables and many-to-many tables aside."""
    found = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        if issubclass(model, HistoricalChanges) or model._meta.auto_created:
            continue
        if (model, relation.field.name) in NOT_MOVED:
            continue
        found.append((model, relation.field.name, relation.many_to_many))
    return found


def pointing_at(person: Person) -> dict[tuple[str, str], set[int]]:
    """(model, field) → the ids of the rows pointing at `person` through that field."""
    return {
        (model._meta.label_lower, field): set(
            model._base_manager.filter(**{field: person}).values_list("pk", flat=True)
        )
        for model, field, _ in relations_to_person()
    }


def _menu(worker) -> SupportMenu:
    host = participation.host_create(actor=worker, name="カフェ こもれび")
    return participation.menu_create(
        actor=worker,
        title="パン作り",
        what="生地の成形と袋詰め",
        host=host,
        capacity=2,
        kind=SupportMenu.Kind.WORK_EXPERIENCE,
        target=Target.WORKING_AGE,
    )


def duplicate_of_mother(story) -> Person:
    """The hub's second record of トメ, with something recorded through every relation."""
    worker, case = story.owner_worker, story.case
    mother, son = story.consent.person, _son(story)
    own = services.household_create(
        actor=worker,
        name="山田とめ",
        members=[
            PersonData(
                family_name="山田",
                given_name="とめ",
                family_name_kana="やまだ",
                given_name_kana="とめ",
                birth_date=dt.date(1944, 4, 2),
                relation="head",
            )
        ],
        started_on=timezone.localdate() - dt.timedelta(days=30),
    )
    dup = own.memberships.get().person
    services.person_move(
        actor=worker,
        person=dup,
        to_household=case.household,
        relation="other_relative",
        on=timezone.localdate(),
    )
    services.consultation_log(actor=worker, case=case, data=consultation_data(person=dup))
    services.concern_add(actor=worker, case=case, category=Concern.Category.CARE, person=dup)
    record_consent(
        case=case, by=worker, person=dup, all_team_agencies=False, agencies=[story.team_agency]
    )
    for person, relative, kind in (
        (mother, son, PersonRelation.Kind.PARENT),  # kept's own
        (dup, son, PersonRelation.Kind.PARENT),  # the same fact twice: stays, dropped
        (son, dup, PersonRelation.Kind.OTHER),  # moves
        (mother, dup, PersonRelation.Kind.SIBLING),  # would relate her to herself: stays
    ):
        relation = PersonRelation(
            person=person, relative=relative, kind=kind, owner_agency=story.hub, created_by=worker
        )
        save_with_history(relation, worker, gettext_noop("relation recorded"))
    participation.matching_propose(actor=worker, case=case, person=dup, menu=_menu(worker))
    planning.planned_contact_create(
        actor=worker,
        case=case,
        data=planning.PlanData(
            starts_at=timezone.now() + dt.timedelta(days=7), mode="home_visit", person=dup
        ),
    )
    request = MatchRequest(agency=story.hub, requested_by=worker, hub=story.hub, family_name="山田")
    save_with_history(request, worker, gettext_noop("match requested"))
    request.candidates.add(dup)
    household = Household.objects.get(pk=case.household_id)
    household.key_person = dup
    save_with_history(household, worker, gettext_noop("household details updated"))
    return Person.objects.get(pk=dup.pk)


def _son(story) -> Person:
    return story.case.household.memberships.get(person__given_name="一郎").person


def merge(story, kept, merged, *, by=None, reason="同一人物（生年月日・旧住所が一致）"):
    return services.person_merge(
        actor=by or story.owner_worker, kept=kept, merged=merged, reason=reason
    )


def undo(story, the_merge, *, by=None, reason="別人と判明"):
    return services.person_merge_undo(
        actor=by or story.owner_supervisor, merge=the_merge, reason=reason
    )


# --- what moves ---------------------------------------------------------------------------


def test_the_duplicate_is_referenced_through_every_relation_a_person_has(story):
    """Holds the other tests to every relation: a model added later that points at Person
    fails here until the duplicate above records something through it."""
    dup = duplicate_of_mother(story)
    missing = [key for key, ids in pointing_at(dup).items() if not ids]
    assert not missing, f"add a record through {missing} to duplicate_of_mother"


def test_the_service_moves_every_relation_the_test_finds(story):
    found = {(model, field) for model, field, _ in relations_to_person()}
    assert {(r.model, r.field) for r in merging.person_references()} == found


def test_a_merge_moves_every_reference_to_the_kept_record(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    before = pointing_at(dup)

    the_merge = merge(story, mother, dup)

    dropped = {(label, pk) for label, pk, _, *action in the_merge.moved if action == ["dropped"]}
    for (label, field), ids in before.items():
        model = next(m for m, f, _ in relations_to_person() if m._meta.label_lower == label)
        for pk in ids:
            still_merged = model._base_manager.filter(pk=pk, **{field: dup}).exists()
            now_kept = model._base_manager.filter(pk=pk, **{field: mother}).exists()
            if (label, pk) in dropped:
                assert still_merged, (label, field, pk)
            else:
                assert now_kept and not still_merged, (label, field, pk)


def test_each_moved_reference_is_recorded_with_its_model_row_and_field(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    consent = Consent.objects.get(person=dup)

    the_merge = merge(story, mother, dup)

    assert ["cases.consent", consent.pk, "person"] in the_merge.moved
    request = MatchRequest.objects.get(family_name="山田")
    assert ["cases.matchrequest", request.pk, "candidates"] in the_merge.moved
    assert ["cases.household", story.case.household_id, "key_person"] in the_merge.moved


def test_a_membership_of_both_in_one_household_keeps_the_kept_ones_and_records_the_other(
    story,
):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    theirs = dup.memberships.get(ended_on__isnull=True)

    the_merge = merge(story, mother, dup)

    current = HouseholdMembership.objects.filter(
        household=story.case.household, ended_on__isnull=True
    )
    assert current.filter(person=mother).count() == 1
    assert ["cases.householdmembership", theirs.pk, "person", "dropped"] in the_merge.moved
    assert HouseholdMembership.objects.get(pk=theirs.pk).person_id == dup.pk


def test_a_relation_between_the_two_records_stays_on_the_merged_one(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    between = PersonRelation.objects.get(person=mother, relative=dup)

    the_merge = merge(story, mother, dup)

    assert ["cases.personrelation", between.pk, "relative", "dropped"] in the_merge.moved
    assert PersonRelation.objects.get(pk=between.pk).relative_id == dup.pk


def test_the_merged_record_points_at_the_kept_one_and_both_stay(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)

    merge(story, mother, dup)

    assert Person.objects.get(pk=dup.pk).merged_into_id == mother.pk
    assert Person.objects.get(pk=mother.pk).merged_into_id is None


def test_both_records_keep_their_history_with_who_and_why(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)

    merge(story, mother, dup, reason="生年月日と旧住所が一致")

    merged_entry = Person.history.filter(id=dup.pk).latest("history_id")
    kept_entry = Person.history.filter(id=mother.pk).latest("history_id")
    assert merged_entry.history_user == story.owner_worker
    assert (
        merged_entry.history_change_reason == "merged into another record: 生年月日と旧住所が一致"
    )
    assert kept_entry.history_change_reason.startswith("another record merged into this one")
    assert Person.history.filter(id=dup.pk).count() > 1  # the earlier versions are kept
    consent = Consent.objects.get(pk=story.consent.pk)
    assert consent.history.latest("history_id").history_change_reason != ""


def test_a_moved_record_has_a_history_row_naming_the_merge(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    consent = Consent.objects.get(person=dup)

    merge(story, mother, dup)

    entry = Consent.history.filter(id=consent.pk).latest("history_id")
    assert (entry.person_id, entry.history_user) == (mother.pk, story.owner_worker)
    assert entry.history_change_reason.startswith("person records merged")


def test_the_cases_permissions_are_rebuilt_with_the_consent_now_the_kept_persons(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    consent = Consent.objects.get(person=dup)

    merge(story, mother, dup)

    rows = CaseGroupObjectPermission.objects.filter(source=f"consent:{consent.pk}")
    assert rows.exists()
    assert set(rows.values_list("person_id", flat=True)) == {mother.pk}
    stored = set(
        CaseGroupObjectPermission.objects.filter(content_object=story.case).values_list(
            "group_id", "permission_id", "source", "person_id"
        )
    )
    computed = {
        (r.group_id, r.permission_id, r.source, r.person_id)
        for r in access.case_rows(story.case)[0]
    }
    assert stored == computed


def test_the_kept_record_takes_on_the_merged_records_address_confidentiality(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    services.person_update(
        actor=story.owner_worker,
        person=dup,
        expected_version=None,
        data={"address_confidential": True},
    )

    the_merge = merge(story, mother, Person.objects.get(pk=dup.pk))

    assert Person.objects.get(pk=mother.pk).address_confidential is True
    undo(story, the_merge)
    assert Person.objects.get(pk=mother.pk).address_confidential is False


# --- undoing ----------------------------------------------------------------------------


def test_undo_puts_back_exactly_what_moved(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    before = (pointing_at(dup), pointing_at(mother))
    the_merge = merge(story, mother, dup)

    undone = undo(story, the_merge)

    assert (pointing_at(dup), pointing_at(mother)) == before
    assert Person.objects.get(pk=dup.pk).merged_into_id is None
    assert (undone.undone_by, undone.undone_at is not None) == (story.owner_supervisor, True)


def test_undo_rebuilds_the_consent_rows_for_the_merged_person_again(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    consent = Consent.objects.get(person=dup)
    the_merge = merge(story, mother, dup)

    undo(story, the_merge)

    rows = CaseGroupObjectPermission.objects.filter(source=f"consent:{consent.pk}")
    assert set(rows.values_list("person_id", flat=True)) == {dup.pk}


def test_undoing_a_merge_twice_is_refused(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    the_merge = merge(story, mother, dup)
    undo(story, the_merge)

    with pytest.raises(ValidationError) as refused:
        undo(story, PersonMerge.objects.get(pk=the_merge.pk))
    assert refused.value.message_dict["reason"] == [str(merging.ALREADY_UNDONE)]


def test_a_caseworker_of_the_merging_agency_cannot_undo_a_merge(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    the_merge = merge(story, mother, dup)

    with pytest.raises(PermissionDenied) as refused:
        undo(story, the_merge, by=story.owner_worker)
    assert str(refused.value) == str(access.UNDO_SUPERVISORS_ONLY % {"agency": story.hub.name})
    assert Person.objects.get(pk=dup.pk).merged_into_id == mother.pk


def test_another_agency_cannot_undo_a_merge_it_cannot_know_of(story):
    the_merge = merge(story, story.consent.person, duplicate_of_mother(story))

    with pytest.raises(Http404):
        undo(story, the_merge, by=story.stranger)


# --- who may merge, and what is refused -----------------------------------------------


def test_another_agency_cannot_merge_records_it_cannot_know_of(story):
    dup = duplicate_of_mother(story)

    with pytest.raises(Http404):
        merge(story, story.consent.person, dup, by=story.stranger)
    assert Person.objects.get(pk=dup.pk).merged_into_id is None


def test_a_team_agency_reading_by_consent_cannot_merge(story):
    dup = duplicate_of_mother(story)
    mother = story.consent.person

    with pytest.raises(PermissionDenied) as refused:
        merge(story, mother, dup, by=story.team_worker)
    assert str(refused.value) == str(
        access.MERGE_NEEDS_HOLDER
        % {"person": mother.full_name, "basis": access.Basis.CONSENT.label}
    )


def test_a_team_agency_without_consent_is_told_the_consent_is_missing(story):
    dup = duplicate_of_mother(story)

    with pytest.raises(PermissionDenied) as refused:
        merge(story, story.consent.person, dup, by=story.uncovered_worker)
    assert str(refused.value) == str(
        access.MISSING_CONSENT % {"agency": story.uncovered_agency.name}
    )


def test_merging_a_record_into_itself_is_refused_with_a_clear_error(story):
    mother = story.consent.person

    with pytest.raises(ValidationError) as refused:
        merge(story, mother, mother)
    assert refused.value.message_dict["other"] == [str(merging.MERGE_ITSELF)]


def test_merging_into_a_record_already_merged_is_refused(story):
    mother, dup = story.consent.person, duplicate_of_mother(story)
    merge(story, mother, dup)

    with pytest.raises(ValidationError) as refused:
        merge(story, Person.objects.get(pk=dup.pk), _son(story))
    assert refused.value.message_dict["other"] == [
        str(merging.ALREADY_MERGED % {"person": dup.full_name})
    ]


def test_merging_records_living_in_two_households_is_refused(story):
    elsewhere = services.household_create(
        actor=story.owner_worker,
        name="山田（別宅）",
        members=[PersonData(family_name="山田", given_name="トメ", relation="head")],
    )
    other = elsewhere.memberships.get().person

    with pytest.raises(ValidationError) as refused:
        merge(story, story.consent.person, other)
    assert refused.value.message_dict["other"] == [
        str(
            merging.TWO_HOUSEHOLDS
            % {
                "kept": story.consent.person.full_name,
                "kept_household": story.case.household.name,
                "merged": other.full_name,
                "merged_household": elsewhere.name,
            }
        )
    ]


def test_a_merge_needs_a_reason(story):
    with pytest.raises(ValidationError) as refused:
        merge(story, story.consent.person, duplicate_of_mother(story), reason="  ")
    assert refused.value.message_dict["reason"] == [str(merging.REASON_REQUIRED)]


def test_a_record_in_a_household_whose_address_is_hidden_from_the_agency_cannot_be_merged(
    story,
):
    """The hub registered the person, so it may change her record; but she now lives in a
    DV shelter household of another agency whose address the hub may not see."""
    shelter_worker = story.team_worker
    shelter = services.household_create(
        actor=shelter_worker,
        name="シェルター",
        members=[PersonData(family_name="佐藤", relation="head", address_confidential=True)],
    )
    registered = services.household_create(
        actor=story.owner_worker,
        name="佐藤家",
        members=[PersonData(family_name="佐藤", given_name="花子", relation="head")],
    )
    hanako = registered.memberships.get().person
    # No service leads here (a move needs the right to change both ends): set the scene.
    HouseholdMembership.objects.filter(person=hanako).update(ended_on=timezone.localdate())
    save_with_history(
        HouseholdMembership(
            person=hanako,
            household=shelter,
            relation="other_relative",
            started_on=timezone.localdate(),
        ),
        shelter_worker,
        gettext_noop("joined household"),
    )
    other = (
        services.household_create(
            actor=story.owner_worker,
            name="佐藤花子",
            members=[PersonData(family_name="佐藤", given_name="はなこ", relation="head")],
        )
        .memberships.get()
        .person
    )
    HouseholdMembership.objects.filter(person=other).update(ended_on=timezone.localdate())

    with pytest.raises(PermissionDenied) as refused:
        merge(story, other, hanako)
    assert str(refused.value) == str(
        access.MERGE_ADDRESS_HIDDEN % {"person": hanako.full_name, "agency": story.team_agency.name}
    )


def test_a_worker_at_two_agencies_cannot_merge_records_each_holds_one_of(story):
    """One agency must hold both: the hub's record and the team agency's own one are not
    merged by someone who works at both."""
    from agencies import services as agency_services

    both = story.team_worker
    agency_services.membership_add(actor=None, agency=story.hub, user=both, role="caseworker")
    theirs = services.household_create(
        actor=both,
        agency=story.team_agency,
        name="山田トメ",
        members=[PersonData(family_name="山田", given_name="トメ", relation="head")],
    ).memberships.get()

    with pytest.raises(PermissionDenied) as refused:
        merge(story, story.consent.person, theirs.person, by=User.objects.get(pk=both.pk))
    assert str(refused.value) == str(
        access.MERGE_ONE_AGENCY
        % {
            "kept": story.consent.person.full_name,
            "kept_agency": story.hub.name,
            "merged": theirs.person.full_name,
            "merged_agency": story.team_agency.name,
        }
    )
