"""rss.md §5 pinned to the last decimal: the boundary cases and the worked examples A, B and C,
computed exactly (fractions), stored to six places and shown to two, half-up."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from sutura.rss import instrument as instruments
from sutura.rss import scoring
from sutura.rss.tests.examples import EXAMPLE_A, EXAMPLE_B, EXAMPLE_C

RSS = instruments.load("iom-rss-2023")
D = Decimal
F = Fraction


def every_item(value: str) -> dict[str, Fraction]:
    return {item.id: F(value) for item in RSS.scored_items}


def test_every_item_1_scores_1_and_every_item_0_scores_0() -> None:
    assert scoring.weigh(RSS, every_item("1")) == dict.fromkeys(
        ("economic", "social", "psychosocial", "composite"), F(1)
    )
    assert scoring.weigh(RSS, every_item("0")) == dict.fromkeys(
        ("economic", "social", "psychosocial", "composite"), F(0)
    )


def test_every_item_scoring_one_half_gives_one_half_everywhere() -> None:
    # Which also checks that each dimension's weights, and the composite's, add up to 1.
    scores = scoring.weigh(RSS, every_item("0.5"))
    assert set(scores.values()) == {F(1, 2)}


def test_every_item_one_half_but_q29_dont_know_gives_p_0_425_and_c_0_45() -> None:
    items = {**every_item("0.5"), "q29_30": F(0)}
    scores = scoring.weigh(RSS, items)
    assert scores["psychosocial"] == F("0.425")
    assert scores["composite"] == F("0.45")
    assert scores["economic"] == scores["social"] == F("0.5")


def _extreme(best: bool) -> dict[str, str]:
    answers = {}
    for qid, question in RSS.questions.items():
        if not question.scored or question.asked_if:
            continue
        ranked = sorted(question.options, key=lambda code: question.options[code] or 0)
        answers[qid] = ranked[-1] if best else ranked[0]
    return answers


def test_the_best_answers_score_1_and_the_worst_0() -> None:
    assert set(scoring.score(RSS, _extreme(best=True)).scores.values()) == {F(1)}
    worst = {**_extreme(best=False), "q29": "no", "q30": "need_to_leave"}
    assert set(scoring.score(RSS, worst).scores.values()) == {F(0)}


def test_dont_know_wherever_offered_gives_p_0_425() -> None:
    answers = {qid: "dont_know" for qid, q in RSS.questions.items() if q.offers_missing}
    # Q15 and Q21 offer no "don't know": Q21 "sometimes" scores 0.5, Q15 has no 0.5 answer.
    answers |= {"q21": "sometimes", "q15": "yes"}
    result = scoring.score(RSS, answers)
    assert result.economic == F("0.5")
    assert result.psychosocial == F("0.425")
    assert result.social == F("0.5") + F("0.05") * F("0.5")  # Q15 yes instead of 0.5
    assert result.composite == F("0.45") + F("0.05") * F("0.5")
    assert result.incomplete(D("0.20"))


def test_example_a() -> None:
    result = scoring.score(RSS, EXAMPLE_A)
    assert result.item_scores["q20"] == F("0.625")
    assert result.item_scores["q29_30"] == F(1)
    assert result.economic == F("0.8125")
    assert result.social == F("0.5200")
    assert result.psychosocial == F("0.7850")
    assert result.composite == F("0.7175")
    # The composite is not the mean of the three dimensions (0.70583…).
    mean = (result.economic + result.social + result.psychosocial) / 3
    assert scoring.shown(mean) == D("0.71") and mean != result.composite
    assert result.stored_scores() == {
        "economic": D("0.812500"),
        "social": D("0.520000"),
        "psychosocial": D("0.785000"),
        "composite": D("0.717500"),
    }
    assert set(result.missing_share.values()) == {F(0)}
    assert not result.incomplete(D("0.20"))


def test_example_b_exercises_the_missing_answer_rules() -> None:
    result = scoring.score(RSS, EXAMPLE_B)
    assert result.item_scores["q5"] == F(1)  # no debts
    assert result.item_scores["q7"] == F("0.5")  # not applicable
    assert result.item_scores["q13"] == F("0.5")  # no school-age children
    assert result.item_scores["q19"] == F("0.5")  # don't know
    assert result.item_scores["q22"] == F("0.5")  # prefer not to answer
    assert result.item_scores["q20"] == F("0.375")
    assert result.item_scores["q29_30"] == F(0)  # no + need to leave
    assert result.economic == F("0.2800")
    assert result.social == F("0.3550")
    assert result.psychosocial == F("0.3200")
    assert result.composite == F("0.2925")
    # §6.2: Q19's weight (0.15) came from "don't know", Q22's (0.05) from a refusal.
    assert result.missing_share == {
        "economic": F(0),
        "social": F("0.15"),
        "psychosocial": F("0.05"),
        "composite": F("0.06"),
    }
    assert not result.incomplete(D("0.20"))
    assert result.incomplete(D("0.10"))


def test_example_c_changes_only_through_item_20_and_rounds_half_up() -> None:
    b = scoring.score(RSS, EXAMPLE_B)
    c = scoring.score(RSS, EXAMPLE_C)
    assert c.item_scores["q20"] == F(11, 24)  # 2.75 / 6 = 0.458333…
    assert c.social == F(217, 600)  # 0.361666…
    assert c.composite == F(71, 240)  # 0.295833…
    assert scoring.as_decimal(c.social) == D("0.3616666666666666666666666667")
    assert scoring.as_decimal(c.composite) == D("0.2958333333333333333333333333")
    assert (c.economic, c.psychosocial) == (b.economic, b.psychosocial)
    assert c.stored_scores()["social"] == D("0.361667")
    assert c.stored_scores()["composite"] == D("0.295833")
    assert scoring.shown(c.social) == D("0.36")
    assert scoring.shown(c.composite) == D("0.30")
    assert scoring.shown(c.stored_scores()["composite"]) == D("0.30")


def test_q29_and_q30_make_one_item() -> None:
    def item(**answers: str) -> Fraction:
        return scoring.score(RSS, {**EXAMPLE_A, **answers}).item_scores["q29_30"]

    assert item(q29="yes") == 1
    assert item(q29="no", q30="wish_to_leave") == 1
    assert item(q29="no", q30="need_to_leave") == 0
    assert item(q29="prefer_not_to_answer") == F("0.5")
    assert item(q29="dont_know") == 0  # the flagged value of this version (rss.md §6.1)


def test_the_documented_blanks_score_one_half() -> None:
    answers = {k: v for k, v in EXAMPLE_A.items() if k not in ("q5", "q13")}
    result = scoring.score(RSS, answers)
    assert result.item_scores["q5"] == result.item_scores["q13"] == F("0.5")
    assert result.missing_share["economic"] == F("0.08")
    assert result.missing_share["social"] == F("0.07")


def _data() -> dict:
    return json.loads(
        (instruments.DATA / "iom-rss-2023.json").read_text(), parse_float=D, parse_int=D
    )


def test_the_file_loads_with_its_version() -> None:
    assert RSS.version == "iom-rss-2023"
    assert "iom-rss-2023" in instruments.versions()
    assert len(RSS.scored_items) == 29
    assert RSS.questions["q29"].missing_scores == {"dont_know": 0, "prefer_not_to_answer": D("0.5")}
    with pytest.raises(instruments.InstrumentError):
        instruments.load("../settings")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"][0].update(w_dim=D("0.16")), "economic add up to 1.01"),
        (lambda d: d["items"][0].update(w_comp=D("0.04")), "composite weights add up to 0.99"),
        (lambda d: d["scales"]["F"].update(never=D("1.5")), "outside 0–1"),
        (lambda d: d["items"][19].update({"of": ["q10", "q99"]}), "no scored question 'q99'"),
        (lambda d: d["items"][0].update(dimension="cultural"), "no dimension"),
        (lambda d: d["questions"][-1].update(asked_if={"q29": "maybe"}), "asked_if"),
    ],
)
def test_a_broken_file_is_refused(change, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(instruments.InstrumentError, match=message):
        instruments.parse(data)
