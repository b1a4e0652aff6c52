"""/api/v1/: every app's REST endpoints, for staff sessions and partner-system tokens."""

from django.urls import include, path

from agencies.api import views as agency_api
from cases.api import attachment_views as attachment_api
from cases.api import family_views as family_api
from cases.api import history_views as history_api
from cases.api import map_views as map_api
from cases.api import matching_views as matching_api
from cases.api import merge_views as merge_api
from cases.api import outreach_views as outreach_api
from cases.api import people_views as people_api
from cases.api import plan_views as plan_api
from cases.api import record_views as record_api
from cases.api import team_views as team_api
from cases.api import views as case_api
from meetings.api import item_views as meeting_item_api
from meetings.api import views as meeting_api
from reminders.api import views as reminder_api

app_name = "api"

urlpatterns = [
    path("agencies/", agency_api.AgencyListApi.as_view(), name="agency-list"),
    path("agencies/<int:pk>/", agency_api.AgencyDetailApi.as_view(), name="agency-detail"),
    path("me/", agency_api.MeApi.as_view(), name="me"),
    # cases
    path("households/", case_api.HouseholdListApi.as_view(), name="household-list"),
    path("households/<int:pk>/", case_api.HouseholdDetailApi.as_view(), name="household-detail"),
    path("persons/", case_api.PersonListApi.as_view(), name="person-list"),
    path("persons/<int:pk>/", case_api.PersonDetailApi.as_view(), name="person-detail"),
    path("cases/", case_api.CaseListApi.as_view(), name="case-list"),
    path("cases/<int:pk>/", case_api.CaseDetailApi.as_view(), name="case-detail"),
    path(
        "cases/<int:pk>/consultations/",
        record_api.CaseConsultationListApi.as_view(),
        name="case-consultation-list",
    ),
    path(
        "consultations/<int:pk>/",
        record_api.ConsultationDetailApi.as_view(),
        name="consultation-detail",
    ),
    path(
        "cases/<int:pk>/consents/",
        record_api.CaseConsentListApi.as_view(),
        name="case-consent-list",
    ),
    path(
        "consents/<int:pk>/withdraw/",
        record_api.ConsentWithdrawApi.as_view(),
        name="consent-withdraw",
    ),
    path("referrals/", record_api.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", record_api.ReferralDetailApi.as_view(), name="referral-detail"),
    path(
        "referrals/<int:pk>/accept/",
        record_api.ReferralAcceptApi.as_view(),
        name="referral-accept",
    ),
    path(
        "referrals/<int:pk>/return/",
        record_api.ReferralReturnApi.as_view(),
        name="referral-return",
    ),
    path(
        "referrals/<int:pk>/withdraw/",
        record_api.ReferralWithdrawApi.as_view(),
        name="referral-withdraw",
    ),
    # meetings
    path("meetings/", meeting_api.MeetingListApi.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", meeting_api.MeetingDetailApi.as_view(), name="meeting-detail"),
    path(
        "meetings/<int:pk>/participants/",
        meeting_api.MeetingParticipantListApi.as_view(),
        name="meeting-participant-list",
    ),
    path(
        "meetings/<int:pk>/pledge/", meeting_api.MeetingPledgeApi.as_view(), name="meeting-pledge"
    ),
    path(
        "meetings/<int:pk>/publish/",
        meeting_api.MeetingPublishApi.as_view(),
        name="meeting-publish",
    ),
    path("meetings/<int:pk>/hold/", meeting_api.MeetingHoldApi.as_view(), name="meeting-hold"),
    path(
        "meetings/<int:pk>/approve-minutes/",
        meeting_api.MeetingApproveMinutesApi.as_view(),
        name="meeting-approve-minutes",
    ),
    path(
        "participants/<int:pk>/attendance/",
        meeting_api.ParticipantAttendanceApi.as_view(),
        name="participant-attendance",
    ),
    path(
        "meetings/<int:pk>/items/",
        meeting_item_api.MeetingItemListApi.as_view(),
        name="meeting-item-list",
    ),
    path("items/<int:pk>/", meeting_item_api.ItemDetailApi.as_view(), name="item-detail"),
    path("items/<int:pk>/move/", meeting_item_api.ItemMoveApi.as_view(), name="item-move"),
    path(
        "items/<int:pk>/decisions/",
        meeting_item_api.ItemDecisionListApi.as_view(),
        name="item-decision-list",
    ),
    path(
        "meetings/<int:pk>/actions/",
        meeting_item_api.MeetingActionListApi.as_view(),
        name="meeting-action-list",
    ),
    path(
        "actions/<int:pk>/status/",
        meeting_item_api.ActionStatusApi.as_view(),
        name="action-status",
    ),
    path(
        "cases/<int:pk>/join-request/",
        record_api.JoinRequestApi.as_view(),
        name="case-join-request",
    ),
    path(
        "cases/<int:pk>/outreach/contacts/",
        outreach_api.OutreachContactApi.as_view(),
        name="case-outreach-contact",
    ),
    path(
        "cases/<int:pk>/outreach/consent/",
        outreach_api.OutreachConsentApi.as_view(),
        name="case-outreach-consent",
    ),
    # case records: concerns, assessments, support plans, team, lead, closure, people
    path(
        "cases/<int:pk>/concerns/", plan_api.CaseConcernListApi.as_view(), name="case-concern-list"
    ),
    path(
        "cases/<int:pk>/assessments/",
        plan_api.CaseAssessmentListApi.as_view(),
        name="case-assessment-list",
    ),
    path(
        "cases/<int:pk>/support-plans/",
        plan_api.CaseSupportPlanListApi.as_view(),
        name="case-support-plan-list",
    ),
    path(
        "plan-actions/<int:pk>/",
        plan_api.PlanActionDetailApi.as_view(),
        name="plan-action-detail",
    ),
    path("cases/<int:pk>/team/", team_api.CaseTeamListApi.as_view(), name="case-team-list"),
    path(
        "cases/<int:pk>/team/<int:agency_id>/leave/",
        team_api.TeamLeaveApi.as_view(),
        name="case-team-leave",
    ),
    path("cases/<int:pk>/leads/", team_api.CaseLeadListApi.as_view(), name="case-lead-list"),
    path(
        "cases/<int:pk>/closures/",
        team_api.CaseClosureListApi.as_view(),
        name="case-closure-list",
    ),
    path(
        "closures/<int:pk>/approve/",
        team_api.ClosureApproveApi.as_view(),
        name="closure-approve",
    ),
    path(
        "closures/<int:pk>/send-back/",
        team_api.ClosureSendBackApi.as_view(),
        name="closure-send-back",
    ),
    path("cases/<int:pk>/reopen/", team_api.CaseReopenApi.as_view(), name="case-reopen"),
    path(
        "households/<int:pk>/members/",
        people_api.HouseholdMemberAddApi.as_view(),
        name="household-member-add",
    ),
    path("persons/<int:pk>/move/", people_api.PersonMoveApi.as_view(), name="person-move"),
    # Apps that keep their own API routes (names stay in the "api" namespace).
    path("", include("community.api.urls")),
    path("", include("participation.api.urls")),
]

# Routes added after the list above (reminders, the caseload, case reviews, history, read
# log): appended, so the earlier routes keep their order.
urlpatterns += [
    path("reminders/", reminder_api.ReminderListApi.as_view(), name="reminder-list"),
    path(
        "reminders/<int:pk>/acknowledge/",
        reminder_api.ReminderAcknowledgeApi.as_view(),
        name="reminder-acknowledge",
    ),
    path(
        "reminders/<int:pk>/snooze/",
        reminder_api.ReminderSnoozeApi.as_view(),
        name="reminder-snooze",
    ),
    path("caseload/", reminder_api.CaseloadApi.as_view(), name="caseload"),
    path("caseload/cases/", reminder_api.CaseloadCaseListApi.as_view(), name="caseload-cases"),
    path(
        "cases/<int:pk>/reviews/",
        reminder_api.CaseReviewListApi.as_view(),
        name="case-review-list",
    ),
    path(
        "cases/<int:pk>/history/",
        history_api.CaseHistoryListApi.as_view(),
        name="case-history",
    ),
    path(
        "cases/<int:pk>/read-log/",
        history_api.CaseReadLogListApi.as_view(),
        name="case-read-log",
    ),
    # the household's genogram and eco-map (cases/api/map_views.py)
    path(
        "households/<int:pk>/genogram.svg",
        map_api.GenogramSvgApi.as_view(),
        name="household-genogram-svg",
    ),
    path("households/<int:pk>/genogram/", map_api.GenogramApi.as_view(), name="household-genogram"),
    path("households/<int:pk>/ecomap/", map_api.EcomapApi.as_view(), name="household-ecomap"),
    path(
        "households/<int:pk>/eco-links/",
        map_api.EcoLinkListApi.as_view(),
        name="household-eco-link-list",
    ),
    path("eco-links/<int:pk>/", map_api.EcoLinkDetailApi.as_view(), name="eco-link-detail"),
]

# A household's family: relations between its persons, relatives outside any household,
# the key person.
urlpatterns += [
    path(
        "households/<int:pk>/relations/",
        family_api.HouseholdRelationListApi.as_view(),
        name="household-relation-list",
    ),
    path("relations/<int:pk>/", family_api.RelationDetailApi.as_view(), name="relation-detail"),
    path(
        "households/<int:pk>/relatives/",
        family_api.HouseholdRelativeAddApi.as_view(),
        name="household-relative-add",
    ),
    path(
        "households/<int:pk>/key-person/",
        family_api.HouseholdKeyPersonApi.as_view(),
        name="household-key-person",
    ),
    # 名寄せ: merging two records of one person
    path("persons/<int:pk>/merge/", merge_api.PersonMergeApi.as_view(), name="person-merge"),
    path("merges/<int:pk>/", merge_api.MergeDetailApi.as_view(), name="merge-detail"),
    path("merges/<int:pk>/undo/", merge_api.MergeUndoApi.as_view(), name="merge-undo"),
]

# 名寄せ: the possible-match check and the requests to the hub to connect.
urlpatterns += [
    path("match-check/", matching_api.MatchCheckApi.as_view(), name="match-check"),
    path("match-requests/", matching_api.MatchRequestListApi.as_view(), name="match-request-list"),
    path(
        "match-requests/<int:pk>/withdraw/",
        matching_api.MatchRequestWithdrawApi.as_view(),
        name="match-request-withdraw",
    ),
    path(
        "match-requests/<int:pk>/connect/",
        matching_api.MatchRequestConnectApi.as_view(),
        name="match-request-connect",
    ),
    path(
        "match-requests/<int:pk>/no-match/",
        matching_api.MatchRequestNoMatchApi.as_view(),
        name="match-request-no-match",
    ),
]

# Documents attached to consultation records and assessments.
urlpatterns += [
    path(
        "consultations/<int:pk>/attachments/",
        attachment_api.ConsultationAttachmentListApi.as_view(),
        name="consultation-attachment-list",
    ),
    path(
        "assessments/<int:pk>/attachments/",
        attachment_api.AssessmentAttachmentListApi.as_view(),
        name="assessment-attachment-list",
    ),
    path(
        "attachments/<int:pk>/",
        attachment_api.AttachmentDetailApi.as_view(),
        name="attachment-detail",
    ),
    path(
        "attachments/<int:pk>/file/",
        attachment_api.AttachmentFileApi.as_view(),
        name="attachment-file",
    ),
    path(
        "attachments/<int:pk>/remove/",
        attachment_api.AttachmentRemoveApi.as_view(),
        name="attachment-remove",
    ),
]
