"""Date fields in HTML forms: 和暦 or 西暦 typed, the browser's date picker beside them."""

import datetime as dt
import inspect
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.urls import get_resolver
from django.utils import translation

from community.models import Donation
from core import forms as core_forms
from core import wareki
from core.forms import ModelForm, WarekiDateField, WarekiDateInput

PROJECT_APPS = {
    "agencies",
    "cases",
    "community",
    "core",
    "meetings",
    "participation",
    "reminders",
    "reports",
}


class OneDate(forms.Form):
    on = WarekiDateField(label="on")


def _all_project_forms() -> list[type[forms.BaseForm]]:
    assert get_resolver().url_patterns  # importing every view imports the forms they use
    for app in PROJECT_APPS:  # and every module named *forms*, used by a view or not
        for module in pkgutil.walk_packages(import_module(app).__path__, f"{app}."):
            if "forms" in module.name.rsplit(".", 1)[-1]:
                import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_APPS and not inspect.isabstract(cls):
            found.append(cls)
    return found


def test_every_date_field_of_every_html_form_reads_wareki():
    plain = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in _all_project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
        and not isinstance(field, (forms.DateTimeField, WarekiDateField))
    ]
    assert plain == []


def test_the_forms_walk_finds_the_case_forms():
    names = {form.__qualname__ for form in _all_project_forms()}
    assert {"PersonForm", "ConsentForm", "DonationForm"} <= names


def test_a_model_form_of_ours_gets_a_wareki_field_for_a_model_date():
    class DonationDates(ModelForm):
        class Meta:
            model = Donation
            fields = ["received_on"]

    assert isinstance(DonationDates.base_fields["received_on"], WarekiDateField)


def test_a_short_wareki_date_is_read():
    form = OneDate({"on": "R6.4.1"})
    assert form.is_valid()
    assert form.cleaned_data["on"] == dt.date(2024, 4, 1)


def test_an_iso_date_is_still_read():
    form = OneDate({"on": "2024-04-01"})
    assert form.is_valid()
    assert form.cleaned_data["on"] == dt.date(2024, 4, 1)


def test_a_date_after_its_era_ended_is_a_form_error_that_says_so():
    form = OneDate({"on": "平成31年5月1日"})
    assert not form.is_valid()
    with translation.override("en"):
        assert form.errors["on"] == [
            str(wareki.ERA_ENDED)
            % {
                "era": "平成",
                "last": "平成31年4月30日",
                "last_iso": "2019-04-30",
                "actual": "令和元年5月1日 (2019-05-01)",
            }
        ]


def test_a_plain_date_field_with_the_widget_still_reads_wareki():
    class Plain(forms.Form):
        on = forms.DateField(widget=WarekiDateInput)

    form = Plain({"on": "H元.1.8"})
    assert form.is_valid()
    assert form.cleaned_data["on"] == dt.date(1989, 1, 8)


def test_the_widget_shows_the_date_in_wareki_with_a_picker_and_the_western_date():
    html = str(OneDate(initial={"on": dt.date(2024, 4, 1)})["on"])
    assert 'type="text"' in html and 'value="令和6年4月1日"' in html
    assert 'type="date"' in html and 'value="2024-04-01"' in html and "data-wareki-picker" in html
    assert "2024年4月1日" in html


def test_the_picker_sends_nothing_of_its_own():
    html = str(OneDate()["on"])
    picker = html[html.index('type="date"') :]
    picker = picker[: picker.index(">")]
    assert "name=" not in picker


def test_what_was_typed_wrong_is_shown_again_as_typed():
    form = OneDate({"on": "平成31年5月1日"})
    form.is_valid()
    html = str(form["on"])
    assert 'value="平成31年5月1日"' in html
    assert 'type="date" class="wareki-date-picker" data-wareki-picker value=""' in html


def test_a_typed_date_is_shown_again_in_wareki():
    form = OneDate({"on": "2024/4/1"})
    assert 'value="令和6年4月1日"' in str(form["on"])


def test_a_date_before_meiji_is_shown_in_iso():
    assert core_forms.wareki_text(dt.date(1850, 1, 1)) == "1850-01-01"


@pytest.mark.parametrize("value", ["", None])
def test_an_empty_optional_date_is_none(value):
    class Optional(forms.Form):
        on = WarekiDateField(required=False)

    form = Optional({"on": value})
    assert form.is_valid()
    assert form.cleaned_data["on"] is None
