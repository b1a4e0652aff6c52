"""The coordinator's meeting pages: plan, invite, build the agenda from suggestions,
publish, record minutes, decisions and actions, print the papers."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import access as case_access
from core.dates import month_page
from core.forms import form_page, submit
from core.htmx import wants_partial
from core.prints import print_page
from meetings import access, selectors, services
from meetings.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaCaseForm,
    AgendaItemForm,
    AgendaTopicForm,
    DecisionForm,
    GuestForm,
    GuestPledgeForm,
    MeetingForm,
    ParticipantForm,
)
from meetings.models import ActionItem, AgendaItem, Guest, Meeting, Participant


def _meeting(request: HttpRequest, pk: int, *, run: bool = False) -> Meeting:
    meeting = access.meeting_for(request.user, pk)
    if run:
        access.require_run(request.user, meeting)
    return meeting


def _do(request: HttpRequest, meeting: Meeting, action: Callable[[], object], success: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("meetings:detail", pk=meeting.pk)


def _post_form(request: HttpRequest, meeting: Meeting, form, service, success: str):
    """A small form posted from the meeting page: field errors come back as messages."""
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("meetings:detail", pk=meeting.pk)
    return _do(
        request,
        meeting,
        lambda: service(actor=request.user, meeting=meeting, **form.cleaned_data),
        success,
    )


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    case_access.require_case_role(request.user)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": selectors.meeting_list(request.user)[:100],
            "can_organise": bool(access.organising_agencies(request.user)),
        },
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """A month of the meetings the user sees (?month=2026-12; this month by default)."""
    case_access.require_case_role(request.user)
    page = month_page(request.GET.get("month", ""))
    return render(
        request,
        "meetings/calendar.html",
        {
            **page,
            "weeks": selectors.month_calendar(request.user, page["year"], page["month_number"]),
            "can_organise": bool(access.organising_agencies(request.user)),
        },
    )


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    organisers = access.organising_agencies(request.user)
    if not organisers:
        raise PermissionDenied(access.NOT_RUNNER)
    form = MeetingForm(request.POST or None, agencies=organisers)

    def plan() -> Meeting:
        return services.meeting_create(actor=request.user, **form.cleaned_data)

    if done := submit(request, form, plan):
        messages.success(
            request, _("The meeting was planned. Invite participants and build the agenda.")
        )
        return redirect("meetings:detail", pk=done.value.pk)
    return form_page(request, form, title=_("Plan a meeting"), cancel_url=reverse("meetings:list"))


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.with_participants(_meeting(request, pk))
    allowed = services.allowed_actions(request.user, meeting)
    agenda = selectors.agenda_for(request.user, meeting)
    shown = [v.item.case for v in agenda if v.material and v.item.case_id]
    case_access.log_list_reads(request.user, shown, request=request, action="meeting")
    context = {
        "meeting": meeting,
        "allowed": allowed,
        "agenda": agenda,
        "participants": meeting.participants.all(),
        "guests": meeting.guests.select_related("agency"),
        "actions": selectors.actions_for(request.user, meeting, agenda),
        "status_choices": ActionItem.Status.choices,
    }
    if services.ADD_CASE in allowed:
        suggestions = selectors.agenda_suggestions(request.user, meeting)
        case_access.log_list_reads(
            request.user, [s.case for s in suggestions], request=request, action="suggestion"
        )
        context.update(suggestions=suggestions, purposes=AgendaItem.Purpose.choices)
    if services.INVITE in allowed:
        context["participant_form"] = ParticipantForm()
        context["guest_form"] = GuestForm()
    if services.ATTENDANCE in allowed and meeting.is_support_meeting:
        context["pledge_form"] = GuestPledgeForm()
    if services.ADD_TOPIC in allowed:
        context["topic_form"] = AgendaTopicForm()
    if services.ADD_ACTION in allowed:
        context["action_form"] = ActionForm()
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    return _post_form(
        request,
        meeting,
        ParticipantForm(request.POST),
        services.participant_add,
        _("The participant was invited."),
    )


@login_required
@require_POST
def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    return _post_form(
        request, meeting, GuestForm(request.POST), services.guest_add, _("The guest was recorded.")
    )


@login_required
@require_POST
def guest_pledge(request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    guest = get_object_or_404(Guest, pk=guest_pk, meeting=meeting)
    form = GuestPledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("meetings:detail", pk=meeting.pk)
    return _do(
        request,
        meeting,
        lambda: services.guest_pledge_confirm(
            actor=request.user, guest=guest, signed_on=form.cleaned_data["signed_on"]
        ),
        _("The signed pledge was confirmed."),
    )


@login_required
@require_POST
def guest_attendance(request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    guest = get_object_or_404(Guest, pk=guest_pk, meeting=meeting)
    attended = request.POST.get("attended") == "yes"
    return _do(
        request,
        meeting,
        lambda: services.guest_attendance_set(actor=request.user, guest=guest, attended=attended),
        _("Attendance was recorded."),
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    participant = get_object_or_404(Participant, pk=participant_pk, meeting=meeting)
    attended = request.POST.get("attended") == "yes"
    return _do(
        request,
        meeting,
        lambda: services.attendance_set(
            actor=request.user, participant=participant, attended=attended
        ),
        _("Attendance was recorded."),
    )


@login_required
@require_POST
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _do(
        request,
        meeting,
        lambda: services.pledge_record(actor=request.user, meeting=meeting),
        _("Your confidentiality pledge was recorded."),
    )


@login_required
@require_POST
def agenda_add_case(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    return _post_form(
        request,
        meeting,
        AgendaCaseForm(request.POST, cases=case_access.visible_cases(request.user)),
        services.agenda_add,
        _("The case was put on the agenda."),
    )


@login_required
def agenda_case_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The results of the "add a case" box (an htmx partial; a page of its own without JS)."""
    meeting = _meeting(request, pk, run=True)
    text = request.GET.get("q", "")[:100].replace("\x00", "")
    found = selectors.agenda_case_search(request.user, meeting, text)
    case_access.log_list_reads(request.user, found, request=request, action="search")
    context = {
        "meeting": meeting,
        "found": found,
        "q": text,
        "purposes": AgendaItem.Purpose.choices,
    }
    if wants_partial(request):
        return render(request, "meetings/_case_search_results.html", context)
    return render(request, "meetings/case_search.html", context)


@login_required
@require_POST
def agenda_add_topic(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    return _post_form(
        request,
        meeting,
        AgendaTopicForm(request.POST),
        services.agenda_add,
        _("The topic was put on the agenda."),
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    return _do(
        request,
        meeting,
        lambda: services.agenda_move(
            actor=request.user, item=item, up=request.POST.get("up") == "1"
        ),
        _("The agenda was reordered."),
    )


def _item_form_page(
    request: HttpRequest, form: forms.BaseForm, meeting: Meeting, item: AgendaItem, *, title: str
) -> HttpResponse:
    """A form about one agenda item: the meeting and the item as the crumb."""
    url = reverse("meetings:detail", args=[meeting.pk])
    crumbs = [
        (url, f"{meeting.title}（{meeting.label}）"),
        (None, (item.case.reference if item.case_id else "") or item.topic),
    ]
    return form_page(request, form, title=title, cancel_url=url, crumbs=crumbs)


@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    item = get_object_or_404(AgendaItem.objects.select_related("case"), pk=item_pk, meeting=meeting)
    access.require_minutes(request.user, item)  # the API's refusal, in the same words
    if item.case_id and request.method != "POST":  # the form shows the minutes
        case_access.log_list_reads(request.user, [item.case], request=request, action="minutes")
    form = AgendaItemForm(
        request.POST or None,
        initial={"purpose": item.purpose, "minutes": item.minutes, "version": item.version},
    )

    def save() -> None:
        services.agenda_update(
            actor=request.user,
            item=item,
            purpose=form.cleaned_data["purpose"],
            minutes=form.cleaned_data["minutes"],
            expected_version=form.cleaned_data["version"],
        )

    if submit(request, form, save):
        messages.success(request, _("The minutes were saved."))
        return redirect("meetings:detail", pk=meeting.pk)
    return _item_form_page(request, form, meeting, item, title=_("Minutes"))


@login_required
def decision_new(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    item = get_object_or_404(AgendaItem.objects.select_related("case"), pk=item_pk, meeting=meeting)
    form = DecisionForm(request.POST or None, kinds=services.decision_kinds(meeting, item))

    def record() -> None:
        data = form.cleaned_data
        services.decision_record(
            actor=request.user,
            item=item,
            kind=data["kind"],
            text=data["text"],
            agency=data["agency"],
            closure_reason=data["closure_reason"] or "goals_met",
        )

    if submit(request, form, record):
        messages.success(request, _("The decision was recorded and applied to the case."))
        return redirect("meetings:detail", pk=meeting.pk)
    return _item_form_page(request, form, meeting, item, title=_("Record a decision"))


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    return _post_form(
        request,
        meeting,
        ActionForm(request.POST),
        services.action_add,
        _("The action was assigned."),
    )


@login_required
@require_POST
def action_status(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = get_object_or_404(ActionItem.objects.select_related("meeting"), pk=action_pk)
    mine = {a.pk for a in case_access.case_agencies(request.user)}
    if action.agency_id not in mine:
        access.meeting_for(request.user, action.meeting_id)  # 404 for outsiders
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(
            actor=request.user, action=action, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The action was updated."))
    if request.POST.get("next") == "home":
        return redirect("home")
    return redirect("meetings:detail", pk=action.meeting_id)


def _transition(service, success: str):
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting(request, pk, run=True)
        return _do(request, meeting, lambda: service(actor=request.user, meeting=meeting), success)

    return view


publish = _transition(
    services.meeting_publish,
    gettext_lazy("The agenda was published. Pledged 支援会議 members may now read its cases."),
)
hold = _transition(services.meeting_hold, gettext_lazy("The meeting was marked as held."))
approve_minutes = _transition(services.minutes_approve, gettext_lazy("The minutes were approved."))


def _paper(request: HttpRequest, pk: int, template: str, *, approval: bool) -> HttpResponse:
    """A printed paper of the meeting with only what this reader may see: the case
    material of an item only to those meetings/access.py lets read it, each case shown
    logged as printed under the agency whose basis allowed it."""
    meeting = selectors.with_participants(_meeting(request, pk))
    agenda = selectors.agenda_for(request.user, meeting)
    shown = [v.item.case for v in agenda if v.material and v.item.case_id]
    case_access.log_list_reads(request.user, shown, request=request, action="print")
    return print_page(
        request,
        template,
        agency=meeting.organiser,
        back_url=reverse("meetings:detail", args=[meeting.pk]),
        approval=approval,
        meeting=meeting,
        agenda=agenda,
        participants=meeting.participants.all(),
        guests=meeting.guests.select_related("agency"),
        actions=selectors.actions_for(request.user, meeting, agenda),
    )


@login_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """会議記録: attendance, the confidentiality pledges, the minutes and decisions the
    reader may read, the action items; with the 決裁欄."""
    return _paper(request, pk, "print/meeting_record.html", approval=True)


@login_required
def agenda_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """次第: handed out at the meeting — when and where, who is invited, the agenda and,
    at a 支援会議, the duty of confidentiality. No 決裁欄."""
    return _paper(request, pk, "print/meeting_agenda.html", approval=False)
