"""History reasons are stored as English message ids and read in the reader's language
(core/history.py)."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from core.history import REASON_MAX, reason_text, with_detail


def test_a_marked_reason_reads_in_japanese():
    with translation.override("ja"):
        assert reason_text("consent recorded") == "同意を記録"


def test_the_same_stored_reason_reads_in_english_for_an_english_reader():
    with translation.override("en"):
        assert reason_text("consent recorded") == "consent recorded"


def test_a_detail_written_by_a_person_is_kept_as_written():
    with translation.override("ja"):
        assert reason_text("reopened: 長男から再度の相談") == "再開: 長男から再度の相談"


def test_a_choice_label_is_stored_in_english_whatever_the_writers_language():
    with translation.override("ja"):
        stored = with_detail("action status", gettext_lazy("Done"))
    assert stored == "action status: Done"


def test_a_reason_nobody_marked_reads_as_stored():
    assert reason_text("edited by a temporary account") == "edited by a temporary account"
    assert reason_text(None) == ""


def test_a_long_detail_is_cut_to_what_the_history_table_holds():
    assert len(with_detail("reopened", "あ" * 300)) == REASON_MAX
