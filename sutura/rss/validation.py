"""Which answers a response may hold (rss.md §6.1, §6.2): every question is answered, except
the documented blanks (Q5, Q13: they score 0.5 when blank), the unscored filter question 4b,
and Q30, which is answered when Q29 is "no" and left blank otherwise — so a blank is never
scored by guesswork. "Don't know" and "prefer not to answer" are answers only where the
instrument offers them (not on Q15, Q21, Q30). Each refusal names the question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sutura.rss import texts
from sutura.rss.instrument import Instrument

Errors = dict[str, Promise | str]

REQUIRED = _("Question %(number)s (%(question)s): an answer is required.")
CHOOSE = _("Question %(number)s (%(question)s): choose one of the answers.")
SKIPPED = _("Question %(number)s (%(question)s): leave it blank unless question 29 is “no”.")


def _message(template: Promise, qid: str) -> str:
    return str(template) % {"number": texts.number(qid), "question": texts.question(qid)}


def clean_answers(
    instrument: Instrument, answers: Mapping[str, Any]
) -> tuple[dict[str, str], Errors]:
    """The answers kept (question id -> code; blanks left out) and the refusals by question.
    Unknown question ids are refused under the key "answers"."""
    errors: Errors = {}
    unknown = sorted(str(key) for key in answers if key not in instrument.questions)
    if unknown:
        errors["answers"] = _("Unknown questions: %(ids)s.") % {"ids": ", ".join(unknown)}
    kept: dict[str, str] = {}
    for qid, question in instrument.questions.items():
        raw = answers.get(qid)
        code = "" if raw is None else str(raw).strip() if isinstance(raw, str) else raw
        if not isinstance(code, str):
            errors[qid] = _message(CHOOSE, qid)
            continue
        asked = all(answers.get(other) == value for other, value in question.asked_if.items())
        if question.asked_if and not asked:
            if code:
                errors[qid] = _message(
                    SKIPPED,
                    qid,
                )
            continue
        if not code:
            # A conditional question's blank score is for when it is skipped, not left out.
            may_be_blank = question.blank is not None and not question.asked_if
            if not (question.optional or may_be_blank):
                errors[qid] = _message(REQUIRED, qid)
            continue
        if code not in question.codes():
            errors[qid] = _message(CHOOSE, qid)
            continue
        kept[qid] = code
    return kept, errors
