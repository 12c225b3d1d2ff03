"""The scores of one response, exactly as rss.md §2 computes them: the two derived items first
(item 20, the mean of six access scores; item 29+30, Q29's score plus Q30's), then each
dimension's weighted sum with `w_dim` and the composite's with its own `w_comp` (it is not the
mean of the three dimensions).

Arithmetic is exact: answer scores and weights are `Decimal`s read from the instrument file
and the sums are taken as fractions, because item 20 divides by six (Example C's social score
is 0.3616…, a repeating decimal that no fixed number of decimal places holds). The results
are handed out as `Decimal`s: `stored()` to `STORED_PLACES` places, `shown()` to 2 places
rounded half-up (rss.md §6.4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from sutura.rss.instrument import Instrument

STORED_PLACES = 6
SCORES = ("economic", "social", "psychosocial", "composite")
_EXACT = Context(prec=28)


def as_decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal of 28 significant digits (exact where the fraction is)."""
    return _EXACT.divide(Decimal(value.numerator), Decimal(value.denominator))


def stored(value: Fraction) -> Decimal:
    return as_decimal(value).quantize(Decimal(1).scaleb(-STORED_PLACES), ROUND_HALF_UP)


def shown(value: Decimal | Fraction | None) -> Decimal | None:
    """Two places, half-up: 0.295833… shows 0.30."""
    if value is None:
        return None
    exact = as_decimal(value) if isinstance(value, Fraction) else value
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Result:
    """The four scores (exact), each item's score, and for each dimension (and the composite)
    the share of its weight that came from "don't know", "prefer not to answer" and documented
    blanks (rss.md §6.2's proposal)."""

    version: str
    scores: dict[str, Fraction]
    item_scores: dict[str, Fraction]
    missing_share: dict[str, Fraction]

    @property
    def economic(self) -> Fraction:
        return self.scores["economic"]

    @property
    def social(self) -> Fraction:
        return self.scores["social"]

    @property
    def psychosocial(self) -> Fraction:
        return self.scores["psychosocial"]

    @property
    def composite(self) -> Fraction:
        return self.scores["composite"]

    def incomplete(self, threshold: Decimal) -> bool:
        """Over `threshold` of one dimension's weight came from missing answers."""
        return any(
            self.missing_share[dimension] > Fraction(threshold)
            for dimension in ("economic", "social", "psychosocial")
        )

    def stored_scores(self) -> dict[str, Decimal]:
        return {name: stored(value) for name, value in self.scores.items()}

    def stored_shares(self) -> dict[str, str]:
        return {name: str(stored(value)) for name, value in self.missing_share.items()}


def weigh(
    instrument: Instrument, item_scores: Mapping[str, Fraction | Decimal]
) -> dict[str, Fraction]:
    """The three dimension scores and the composite from the 29 item scores (derived ones
    included): the weighted sums of §2."""
    scores = {dimension: Fraction(0) for dimension in instrument.dimensions}
    composite = Fraction(0)
    for item in instrument.scored_items:
        value = Fraction(item_scores[item.id])
        scores[item.dimension] += Fraction(item.w_dim) * value
        composite += Fraction(item.w_comp) * value
    return {**scores, "composite": composite}


def _answer(
    instrument: Instrument, qid: str, answers: Mapping[str, str | None]
) -> tuple[Fraction, bool]:
    """A question's score and whether it came from a missing answer (don't know, prefer not
    to answer, a documented blank). The answers have been validated."""
    question = instrument.questions[qid]
    code = answers.get(qid) or None
    missing = code is None or code in question.missing_scores
    if code is None and question.asked_if:
        missing = False  # skipped by the form's logic (Q30 after Q29 = yes), not left blank
    return Fraction(question.score(code)), missing


def score(instrument: Instrument, answers: Mapping[str, str | None]) -> Result:
    """Score validated answers (question id -> answer code) with this instrument."""
    found: dict[str, Fraction] = {}
    missing_weight: dict[str, Fraction] = {name: Fraction(0) for name in instrument.dimensions}
    missing_comp = Fraction(0)
    for item in instrument.scored_items:
        parts = [_answer(instrument, qid, answers) for qid in item.sources]
        values = [value for value, _missing in parts]
        if item.derived == "mean":
            found[item.id] = sum(values, Fraction(0)) / len(values)
            # The share of the derived item's weight its missing sources carry.
            share = Fraction(sum(missing for _value, missing in parts), len(parts))
        else:
            found[item.id] = sum(values, Fraction(0))
            share = Fraction(1 if any(missing for _value, missing in parts) else 0)
        missing_weight[item.dimension] += Fraction(item.w_dim) * share
        missing_comp += Fraction(item.w_comp) * share
    return Result(
        version=instrument.version,
        scores=weigh(instrument, found),
        item_scores=found,
        missing_share={**missing_weight, "composite": missing_comp},
    )
