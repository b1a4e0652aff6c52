from django.urls import path

from cases.views import (
    attachments,
    cases,
    family,
    households,
    maps,
    matching,
    merge,
    prints,
    records,
    referrals,
)

app_name = "cases"

urlpatterns = [
    path("cases/", cases.case_list, name="list"),
    path("cases/intake/", cases.intake, name="intake"),
    path("cases/intake/households/", cases.household_lookup, name="household_lookup"),
    path("cases/<int:pk>/", cases.case_detail, name="detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="edit"),
    path("cases/<int:pk>/history/", cases.case_history, name="history"),
    path("cases/<int:pk>/timeline/", cases.case_timeline, name="timeline"),
    path("cases/<int:pk>/consultations/new/", records.consultation_new, name="consultation_new"),
    path(
        "cases/<int:pk>/consultations/<int:consultation_pk>/edit/",
        records.consultation_edit,
        name="consultation_edit",
    ),
    path("cases/<int:pk>/refer/", records.refer, name="refer"),
    path("cases/<int:pk>/join-request/", records.join_request, name="join_request"),
    path("cases/<int:pk>/lead/", records.lead_change, name="lead_change"),
    path("cases/<int:pk>/team/", records.team_add, name="team_add"),
    path("cases/<int:pk>/team/<int:agency_pk>/leave/", records.team_leave, name="team_leave"),
    path("cases/<int:pk>/consents/new/", records.consent_new, name="consent_new"),
    path(
        "cases/<int:pk>/consents/<int:consent_pk>/extend/",
        records.consent_extend,
        name="consent_extend",
    ),
    path(
        "cases/<int:pk>/consents/<int:consent_pk>/withdraw/",
        records.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "cases/<int:pk>/consents/<int:consent_pk>/scan/", records.consent_scan, name="consent_scan"
    ),
    path("cases/<int:pk>/concerns/new/", records.concern_new, name="concern_new"),
    path(
        "cases/<int:pk>/consultations/<int:consultation_pk>/attachments/new/",
        attachments.consultation_attach,
        name="consultation_attach",
    ),
    path(
        "cases/<int:pk>/assessments/<int:assessment_pk>/attachments/new/",
        attachments.assessment_attach,
        name="assessment_attach",
    ),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment",
    ),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/remove/",
        attachments.attachment_remove,
        name="attachment_remove",
    ),
    path("cases/<int:pk>/assessments/new/", records.assessment_new, name="assessment_new"),
    path("cases/<int:pk>/plans/new/", records.plan_new, name="plan_new"),
    path(
        "cases/<int:pk>/actions/<int:action_pk>/status/",
        records.plan_action_status,
        name="plan_action_status",
    ),
    path("cases/<int:pk>/closure/", records.closure_propose, name="closure_propose"),
    path(
        "cases/<int:pk>/closure/<int:closure_pk>/decide/",
        records.closure_decide,
        name="closure_decide",
    ),
    path("cases/<int:pk>/reopen/", records.reopen, name="reopen"),
    path("cases/<int:pk>/outreach/contact/", records.outreach_contact, name="outreach_contact"),
    path("cases/<int:pk>/outreach/consent/", records.outreach_consent, name="outreach_consent"),
    path("referrals/", referrals.inbox, name="referrals"),
    path(
        "referrals/<int:pk>/accept/",
        referrals.answer,
        {"action": "accept"},
        name="referral_accept",
    ),
    path(
        "referrals/<int:pk>/return/",
        referrals.answer,
        {"action": "return"},
        name="referral_return",
    ),
    path("referrals/<int:pk>/withdraw/", referrals.withdraw, name="referral_withdraw"),
    path("households/<int:pk>/", households.household_detail, name="household"),
    path("households/<int:pk>/history/", households.household_history, name="household_history"),
    path("persons/<int:pk>/history/", households.person_history, name="person_history"),
    path("households/<int:pk>/edit/", households.household_edit, name="household_edit"),
    path("households/<int:pk>/members/new/", households.person_new, name="person_new"),
    path(
        "households/<int:pk>/members/<int:person_pk>/move/",
        households.person_move,
        name="person_move",
    ),
    path("search/", households.search, name="search"),
    # a household's family and relatives
    path("households/<int:pk>/relations/new/", family.relation_new, name="relation_new"),
    path(
        "households/<int:pk>/relations/<int:relation_pk>/edit/",
        family.relation_edit,
        name="relation_edit",
    ),
    path(
        "households/<int:pk>/relations/<int:relation_pk>/remove/",
        family.relation_remove,
        name="relation_remove",
    ),
    path("households/<int:pk>/relatives/new/", family.relative_new, name="relative_new"),
    path("households/<int:pk>/key-person/", family.key_person, name="key_person"),
    path(
        "households/<int:pk>/persons/<int:person_pk>/edit/",
        family.person_edit,
        name="person_edit",
    ),
    path(
        "cases/<int:pk>/consultations/<int:consultation_pk>/print/",
        prints.consultation_print,
        name="consultation_print",
    ),
    path("cases/<int:pk>/print/assessment/", prints.assessment_print, name="assessment_print"),
    path("cases/<int:pk>/print/plan/", prints.plan_print, name="plan_print"),
    path(
        "cases/<int:pk>/consents/<int:consent_pk>/print/",
        prints.consent_print,
        name="consent_print",
    ),
    path("cases/<int:pk>/print/record/", prints.record_print, name="record_print"),
    path(
        "cases/<int:pk>/consents/<int:consent_pk>/scan/attach/",
        records.consent_scan_attach,
        name="consent_scan_attach",
    ),
]

# The household's genogram and eco-map (cases/views/maps.py).
urlpatterns += [
    path("households/<int:pk>/genogram/", maps.household_genogram, name="household_genogram"),
    path("households/<int:pk>/ecomap/", maps.household_ecomap, name="household_ecomap"),
    path(
        "households/<int:pk>/ecomap/links/<int:link_pk>/edit/",
        maps.eco_link_edit,
        name="eco_link_edit",
    ),
    path(
        "households/<int:pk>/ecomap/links/<int:link_pk>/remove/",
        maps.eco_link_remove,
        name="eco_link_remove",
    ),
    # 名寄せ: merging two records of one person
    path("persons/<int:pk>/merge/", merge.person_merge_choose, name="person_merge"),
    path(
        "persons/<int:pk>/merge/<int:other_pk>/",
        merge.person_merge_confirm,
        name="person_merge_confirm",
    ),
    path("merges/<int:pk>/", merge.merge_detail, name="merge"),
    path("merges/<int:pk>/undo/", merge.merge_undo, name="merge_undo"),
    path("cases/intake/matches/", matching.intake_matches, name="intake_matches"),
    path("match-requests/", matching.match_requests, name="match_requests"),
    path("match-requests/new/", matching.match_request_new, name="match_request_new"),
    path(
        "match-requests/<int:pk>/connect/",
        matching.match_request_answer,
        {"action": "connect"},
        name="match_request_connect",
    ),
    path(
        "match-requests/<int:pk>/no-match/",
        matching.match_request_answer,
        {"action": "no_match"},
        name="match_request_no_match",
    ),
    path(
        "match-requests/<int:pk>/withdraw/",
        matching.match_request_withdraw,
        name="match_request_withdraw",
    ),
]
