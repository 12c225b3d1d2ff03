"""rss.md §6.1–6.2: every question answered except Q30 (answered iff Q29 is "no") and the
documented blanks; each refusal names the question."""

from __future__ import annotations

import pytest
from django.utils import translation

from sutura.rss import texts
from sutura.rss.instrument import load
from sutura.rss.tests.examples import EXAMPLE_A, EXAMPLE_B
from sutura.rss.validation import clean_answers

RSS = load("iom-rss-2023")


@pytest.fixture(autouse=True)
def _in_english():
    """These tests read the English wording (French is the default, its catalogue complete)."""
    with translation.override("en"):
        yield


def errors(**changes: str | None) -> dict:
    answers = {**EXAMPLE_A, **changes}
    return clean_answers(RSS, {k: v for k, v in answers.items() if v is not None})[1]


def test_the_worked_examples_are_accepted() -> None:
    assert clean_answers(RSS, EXAMPLE_A) == (EXAMPLE_A, {})
    assert clean_answers(RSS, EXAMPLE_B)[1] == {}


def test_a_missing_answer_is_refused_naming_the_question() -> None:
    found = errors(q3=None)
    assert list(found) == ["q3"]
    assert str(found["q3"]).startswith("Question 3 (Could you borrow money")
    assert "required" in str(found["q3"])


def test_the_documented_blanks_and_question_4b_may_stay_blank() -> None:
    assert errors(q5=None, q13=None, q4b=None) == {}


def test_q30_only_when_q29_is_no() -> None:
    assert list(errors(q30="wish_to_leave")) == ["q30"]  # Q29 is yes
    assert "blank" in str(errors(q30="wish_to_leave")["q30"])
    assert list(errors(q29="no")) == ["q30"]
    assert errors(q29="no", q30="wish_to_leave") == {}
    assert list(errors(q29="dont_know", q30="need_to_leave")) == ["q30"]


def test_dont_know_only_where_the_instrument_offers_it() -> None:
    assert list(errors(q15="dont_know")) == ["q15"]
    assert list(errors(q21="prefer_not_to_answer")) == ["q21"]
    assert errors(q14="dont_know", q29="prefer_not_to_answer") == {}


def test_unknown_answers_and_questions_are_refused() -> None:
    assert list(errors(q1="ecstatic")) == ["q1"]
    assert "answers" in errors(q99="yes")
    assert list(clean_answers(RSS, {**EXAMPLE_A, "q2": 3})[1]) == ["q2"]


def test_every_question_and_answer_has_words() -> None:
    for qid, question in RSS.questions.items():
        assert texts.question(qid)
        for code in question.codes():
            assert texts.answer(qid, code)
    for item in RSS.scored_items:
        assert texts.question(item.id)
    assert set(RSS.dimensions) < set(texts.DIMENSIONS)
