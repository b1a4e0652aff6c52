"""core.forms: submit() runs the service only for a valid POST and turns its refusal into
form errors; form_page() renders the one form-page template."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from core.forms import Submitted, form_page, submit


class NoteForm(forms.Form):
    title = forms.CharField(label="Title")
    body = forms.CharField(label="Body", required=False)


class ActionForm(forms.Form):
    step = forms.CharField(label="Step", min_length=3)


ActionFormSet = forms.formset_factory(ActionForm, extra=1)


class Service:
    """A stand-in service that records its calls."""

    def __init__(self, result=None, error: Exception | None = None) -> None:
        self.result, self.error, self.calls = result, error, 0

    def __call__(self):
        self.calls += 1
        if self.error:
            raise self.error
        return self.result


@pytest.fixture
def post(rf):
    def make(data: dict):
        request = rf.post("/things/new", data)
        request.user = AnonymousUser()
        return request

    return make


@pytest.fixture
def get(rf):
    request = rf.get("/things/new")
    request.user = AnonymousUser()
    return request


def formset_data(*steps: str) -> dict:
    data = {"action-TOTAL_FORMS": str(len(steps)), "action-INITIAL_FORMS": "0"}
    data.update({f"action-{i}-step": step for i, step in enumerate(steps)})
    return data


def test_a_valid_post_runs_the_service_and_returns_its_result(post):
    service = Service(result="the record")
    done = submit(post({"title": "Hello"}), NoteForm(post({"title": "Hello"}).POST), service)
    assert done == Submitted("the record")
    assert service.calls == 1


def test_a_service_that_returns_none_still_counts_as_submitted(post):
    request = post({"title": "Hello"})
    done = submit(request, NoteForm(request.POST), Service(result=None))
    assert done is not None and done.value is None
    assert done  # truthy, so `if done := submit(...)` works


def test_a_get_never_runs_the_service(get):
    service = Service()
    assert submit(get, NoteForm(), service) is None
    assert service.calls == 0


def test_an_invalid_form_does_not_call_the_service(post):
    request = post({"title": ""})
    service = Service()
    form = NoteForm(request.POST)
    assert submit(request, form, service) is None
    assert service.calls == 0
    assert "title" in form.errors


def test_an_invalid_formset_does_not_call_the_service(post):
    request = post({"title": "Hello", **formset_data("ab")})
    service = Service()
    formset = ActionFormSet(request.POST, prefix="action")
    form = NoteForm(request.POST)
    assert submit(request, form, service, formset=formset) is None
    assert service.calls == 0
    assert formset.errors[0]["step"]


def test_an_invalid_formset_still_shows_the_forms_own_errors(post):
    request = post({"title": "", **formset_data("ab")})
    form = NoteForm(request.POST)
    submit(request, form, Service(), formset=ActionFormSet(request.POST, prefix="action"))
    assert "title" in form.errors


def test_a_service_field_error_lands_on_its_field_and_the_input_stays(post):
    request = post({"title": "Taken", "body": "typed text"})
    form = NoteForm(request.POST)
    refusal = ValidationError({"title": "That title is taken."})
    assert submit(request, form, Service(error=refusal)) is None
    assert form.errors["title"] == ["That title is taken."]
    assert form["body"].value() == "typed text"


def test_a_service_error_about_no_field_goes_to_the_top_of_the_form(post):
    request = post({"title": "Hello"})
    form = NoteForm(request.POST)
    submit(request, form, Service(error=ValidationError("Not now.")))
    assert form.non_field_errors() == ["Not now."]


def test_a_service_error_on_a_field_the_form_lacks_goes_to_the_top(post):
    request = post({"title": "Hello"})
    form = NoteForm(request.POST)
    submit(request, form, Service(error=ValidationError({"owner": "Wrong owner."})))
    assert form.non_field_errors() == ["Wrong owner."]


def test_a_service_error_keyed_by_the_formset_prefix_lands_on_the_formset(post):
    request = post({"title": "Hello", **formset_data("call")})
    form = NoteForm(request.POST)
    formset = ActionFormSet(request.POST, prefix="action")
    refusal = ValidationError({"action": "A plan needs at least two actions."})
    submit(request, form, Service(error=refusal), formset=formset)
    assert list(formset.non_form_errors()) == ["A plan needs at least two actions."]
    assert not form.non_field_errors()


@pytest.mark.parametrize("refusal", [PermissionDenied("No."), Http404("Nothing here.")])
def test_a_refusal_of_access_propagates(post, refusal):
    request = post({"title": "Hello"})
    with pytest.raises(type(refusal)):
        submit(request, NoteForm(request.POST), Service(error=refusal))


@pytest.mark.django_db
def test_the_form_page_shows_title_fields_submit_label_and_cancel_link(get):
    response = form_page(
        get, NoteForm(), title="New note", cancel_url="/things/", submit_label="Add"
    )
    html = response.content.decode()
    assert "<title>New note |" in html
    assert "<h1>New note</h1>" in html
    assert '<label for="id_title">Title' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit" class="primary">Add</button>' in html
    assert '<a href="/things/">' in html


@pytest.mark.django_db
def test_the_form_page_says_save_when_no_label_is_given(get):
    with translation.override("en"):
        html = form_page(get, NoteForm(), title="New note", cancel_url="/").content.decode()
    assert '<button type="submit" class="primary">Save</button>' in html


@pytest.mark.django_db
def test_the_form_page_shows_a_heading_and_crumbs_when_given(get):
    html = form_page(
        get,
        NoteForm(),
        title="Edit",
        heading="Asahino — Edit",
        cancel_url="/",
        crumbs=[("/things/", "Things"), (None, "This one")],
    ).content.decode()
    assert "<h1>Asahino — Edit</h1>" in html
    assert '<p class="crumb"><a href="/things/">Things</a> › This one</p>' in html


@pytest.mark.django_db
def test_the_form_page_shows_service_errors_as_alerts_with_the_input_kept(post):
    request = post({"title": "Taken", "body": "typed text"})
    form = NoteForm(request.POST)
    submit(request, form, Service(error=ValidationError({"title": "Taken.", "x": "Not now."})))
    html = form_page(request, form, title="New note", cancel_url="/").content.decode()
    assert '<div class="errorlist" role="alert">' in html and "Not now." in html
    assert 'id="id_title-errors" role="alert"><li>Taken.</li>' in html
    assert 'value="typed text"' in html


class ScanForm(forms.Form):
    scan = forms.FileField(label="Scan")


@pytest.mark.django_db
def test_the_form_page_sends_files_only_for_a_form_with_a_file_field(get):
    with_file = form_page(get, ScanForm(), title="Scan", cancel_url="/").content.decode()
    without = form_page(get, NoteForm(), title="Note", cancel_url="/").content.decode()
    assert 'enctype="multipart/form-data"' in with_file
    assert 'enctype="multipart/form-data"' not in without
