"""One spelling for matching Japanese names, phone numbers and free text.

Workers type a name as ヤマモト, やまもと or ﾔﾏﾓﾄ, a number in full-width digits, with or
without spaces. Records keep what was typed; search and duplicate matching compare
`normalise()`d keys (indexed columns on Person and Household). jaconv does the kana and
width conversions (docs/dependencies.md)."""

import re

import jaconv

_SPACES = re.compile(r"\s+")  # includes the ideographic space U+3000
_NOT_DIGIT = re.compile(r"\D")


def normalise(text: str) -> str:
    """Half-width kana → full-width, full-width letters and digits → ASCII, hiragana →
    katakana, upper case, no spaces: 'ﾔﾏﾓﾄ', 'やま もと' and 'ヤマモト' all give 'ヤマモト'."""
    if not text:
        return ""
    text = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    text = jaconv.z2h(text, kana=False, ascii=True, digit=True)
    return _SPACES.sub("", jaconv.hira2kata(text)).upper()


def normalise_terms(text: str) -> list[str]:
    """The search terms of what was typed (split on any space), each normalised."""
    return [key for term in _SPACES.split(text or "") if (key := normalise(term))]


def phone_key(text: str) -> str:
    """The digits of a phone number, full-width or not: '０９０-１２３４' → '0901234'."""
    return _NOT_DIGIT.sub("", jaconv.z2h(text or "", kana=False, ascii=True, digit=True))
