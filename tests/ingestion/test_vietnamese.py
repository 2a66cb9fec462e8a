import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingestion.format.vietnamese import clean_text, fold
from ingestion.format.vocabulary import FIELD, LEVEL, OWNER_TYPE, STATUS

# Old and new tone placement, both Unicode forms, and odd spacing of the same words.
SPELLINGS = [
    ("hoà", "hòa"),
    ("Thuỷ", "thủy"),
    ("Huyện uỷ", "huyện ủy"),
    ("khoẻ", "khỏe"),
    ("Văn hoá – xã hội", "văn hóa - xã  hội"),
]


@pytest.mark.parametrize(("one", "other"), SPELLINGS)
def test_spellings_of_the_same_words_fold_to_one_key(one, other):
    assert fold(one) == fold(other)
    assert fold(unicodedata.normalize("NFD", one)) == fold(other)


def test_fold_keeps_words_that_differ():
    assert fold("Mới") != fold("Mỗi")
    assert fold("Cấp xã") != fold("Cấp xa")


def test_clean_text_keeps_spelling_but_tidies_spaces_and_form():
    decomposed = unicodedata.normalize("NFD", "  Lò\u00a0đốt  rác\u200b ")
    assert clean_text(decomposed) == "Lò đốt rác"
    assert unicodedata.is_normalized("NFC", clean_text(decomposed))


vietnamese_text = st.text(
    alphabet=st.sampled_from(
        list("aăâeêioôơuưyđbcghklmnpqrstvx -–_AĂÂĐOƠ\u00a0")
        + list("\u0300\u0301\u0303\u0309\u0323")
    ),
    max_size=30,
)


@given(vietnamese_text)
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_text)
def test_fold_ignores_unicode_form(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


VOCABULARIES = [FIELD, LEVEL, STATUS, OWNER_TYPE]
every_spelling = st.sampled_from(
    [
        (vocab, code, spelling)
        for vocab in VOCABULARIES
        for code, spellings in vocab.entries.items()
        for spelling in (code, *spellings)
    ]
)


def _variant(draw, text: str) -> str:
    text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
    text = text.replace(" - ", draw(st.sampled_from([" - ", " – ", "-", " — "])))
    text = text.replace(" ", draw(st.sampled_from([" ", "  ", "\u00a0"])))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, text)


@st.composite
def label_variants(draw):
    vocab, code, spelling = draw(every_spelling)
    return vocab, code, _variant(draw, spelling)


@given(label_variants())
def test_every_spelling_variant_of_a_label_maps_to_its_code(case):
    vocab, code, variant = case
    assert vocab.code_of(variant) == code
