"""名寄せ pages: from a person's page, choose the duplicate record (a search among the
persons the user's agencies registered), confirm with both side by side and a reason; the
record of a merge, with the undo for the merging agency's supervisors. cases/access/merge.py
decides who may; cases/services/merge.py does it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, selectors, services
from cases.forms import MergeForm, MergeUndoForm, SearchForm
from cases.models import Person, PersonMerge
from core.forms import form_page, submit
from core.refusals import Refusal


def _mergeable(request: HttpRequest, pk: int) -> Person:
    """The person, read (404 / 403 as its page), and one the user may merge (403 why not)."""
    person = access.person_for(request.user, pk, request=request)[0]
    decision = access.merge_decision(request.user, person)
    if not decision.can_change:
        raise Refusal(decision.reason, agencies=decision.reason_agencies)
    return person


def _side(request: HttpRequest, person: Person) -> dict:
    """What the confirm page shows of one record."""
    hidden = access.hidden_phones(request.user, [person.pk])
    return {
        "person": person,
        "phone": "" if person.pk in hidden else person.phone,
        "households": selectors.person_households(request.user, person),
    }


@login_required
def person_merge_choose(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the duplicate to merge into this record: likely duplicates, or a search."""
    person = _mergeable(request, pk)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    candidates = selectors.merge_candidates(request.user, person, text=text)
    access.log_list_reads(request.user, candidates, request=request, action="search")
    return render(
        request,
        "cases/person_merge_choose.html",
        {"person": person, "form": form, "candidates": candidates, "searched": bool(text)},
    )


@login_required
def person_merge_confirm(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    """Both records side by side; with a reason, the duplicate is merged into this one."""
    kept = _mergeable(request, pk)
    merged = _mergeable(request, other_pk)
    form = MergeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: services.person_merge(
            actor=request.user, kept=kept, merged=merged, reason=form.cleaned_data["reason"]
        ),
    )
    if done:
        messages.success(request, _("The records were merged."))
        return redirect("cases:merge", pk=done.value.pk)
    back = reverse("cases:person_merge", args=[kept.pk])
    return form_page(
        request,
        form,
        title=_("Merge %(merged)s into %(kept)s")
        % {"merged": merged.full_name, "kept": kept.full_name},
        cancel_url=back,
        submit_label=_("Merge the records"),
        template="cases/person_merge_confirm.html",
        crumbs=[(reverse("cases:person_history", args=[kept.pk]), kept.full_name)],
        kept=_side(request, kept),
        merged=_side(request, merged),
    )


def _merge_for(request: HttpRequest, pk: int) -> PersonMerge:
    merge = (
        PersonMerge.objects.select_related("kept", "merged", "agency", "merged_by", "undone_by")
        .filter(pk=pk)
        .first()
    )
    if merge is None:
        raise Http404(access.NOT_FOUND)
    access.require_merge_read(request.user, merge)
    decision = access.Decision(access.Level.FULL, access.Basis.OWNER, merge.agency)
    access.log_reads(request.user, [merge.kept, merge.merged], decision, request=request)
    return merge


@login_required
def merge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record of a merge: both records, who, when and why, what moved; the undo."""
    merge = _merge_for(request, pk)
    may_undo = merge.undone_at is None and access.may_undo_merge(request.user, merge)
    return _detail_page(request, merge, MergeUndoForm() if may_undo else None)


def _detail_page(
    request: HttpRequest, merge: PersonMerge, undo_form: MergeUndoForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "cases/merge_detail.html",
        {
            "merge": merge,
            "moved": sum(1 for entry in merge.moved if len(entry) == 3),
            "dropped": sum(1 for entry in merge.moved if entry[3:] == ["dropped"]),
            "undo_form": undo_form,
        },
        status=status,
    )


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = _merge_for(request, pk)
    form = MergeUndoForm(request.POST)
    if submit(
        request,
        form,
        lambda: services.person_merge_undo(
            actor=request.user, merge=merge, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("The merge was undone."))
        return redirect("cases:merge", pk=merge.pk)
    return _detail_page(request, merge, form, status=400)
