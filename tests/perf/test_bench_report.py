"""docs/performance.md is half hand-written: the benchmark rewrites only its markers."""

import pytest
from django.core.management.base import CommandError

from cases.bench_report import END, START, write_between_markers


def test_the_text_around_the_markers_is_kept_and_the_inside_replaced(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Intro by hand\n\n{START}\nold numbers\n{END}\n\n## Access log\n")

    write_between_markers(doc, "new numbers\n")

    assert doc.read_text() == (f"# Intro by hand\n\n{START}\nnew numbers\n{END}\n\n## Access log\n")


def test_a_missing_document_is_created_with_the_later_sections(tmp_path):
    doc = tmp_path / "performance.md"

    write_between_markers(doc, "numbers\n")

    text = doc.read_text()
    assert f"{START}\nnumbers\n{END}" in text
    assert "## Reminder sweep\n\nSee docs/long-running.md." in text
    assert "## Access log\n\nSee docs/deployment.md." in text


def test_a_document_without_markers_is_left_alone(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Written by hand only\n")

    with pytest.raises(CommandError):
        write_between_markers(doc, "numbers\n")

    assert doc.read_text() == "# Written by hand only\n"


def test_the_committed_document_has_its_markers():
    from cases.bench_report import DOC

    text = DOC.read_text()
    assert text.index(START) < text.index(END)
