"""One spelling for names and numbers (core/kana.py): every way a worker types a name gives
the same key."""

import pytest

from core.kana import normalise, normalise_terms, phone_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("やまもと", "ヤマモト"),  # hiragana
        ("ヤマモト", "ヤマモト"),  # katakana
        ("ﾔﾏﾓﾄ", "ヤマモト"),  # half-width katakana
        ("ｶﾞｯｺｳ", "ガッコウ"),  # half-width voiced marks join their kana
        ("やま もと", "ヤマモト"),  # an ASCII space
        ("やま　もと", "ヤマモト"),  # an ideographic space
        ("ｙａｍａｍｏｔｏ", "YAMAMOTO"),  # full-width letters
        ("yamamoto", "YAMAMOTO"),  # lower-case ASCII
        ("Ｓｉｌｖａ ﾏﾘｱ", "SILVAマリア"),  # mixed: full-width Latin, half-width kana
        ("山本 花子", "山本花子"),  # kanji unchanged
        ("１２３", "123"),  # full-width digits
        ("", ""),
    ],
)
def test_every_spelling_gives_one_key(typed, key):
    assert normalise(typed) == key


def test_search_terms_are_split_on_any_space_and_normalised():
    assert normalise_terms(" やまだ　ﾀﾛｳ ") == ["ヤマダ", "タロウ"]


def test_blank_text_has_no_terms():
    assert normalise_terms(" 　 ") == []


@pytest.mark.parametrize(
    ("typed", "digits"),
    [("090-1234-5678", "09012345678"), ("０９０－１２３４－５６７８", "09012345678"), ("", "")],
)
def test_a_phone_key_is_its_digits(typed, digits):
    assert phone_key(typed) == digits
