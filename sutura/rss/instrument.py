"""The survey instrument as versioned data: `data/<version>.json` holds the questions, their
answer codes and scores, the two weight sets and the two derived items (rss.md §1, §7). This
module loads a version and refuses a broken file: weights that do not add up to 1.00 per
dimension and for the composite, a score outside 0–1, an item naming a question that does not
exist. A new version is a new file; a stored response keeps the version it was scored with.

Numbers are read as `Decimal` (never through a float)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
CURRENT = "iom-rss-2023"
ONE = Decimal(1)


class InstrumentError(ValueError):
    """The instrument file is not usable (the message says why)."""


@dataclass(frozen=True)
class Question:
    """A question asked of the returnee, with its answer codes and their scores."""

    id: str
    options: dict[str, Decimal | None]  # answer code -> score (None: an unscored question)
    offers_missing: bool  # "don't know" and "prefer not to answer" are answers here
    missing_scores: dict[str, Decimal]  # those two codes -> score, where offered
    blank: Decimal | None  # the score of a documented blank; None: a blank is refused
    scored: bool = True
    optional: bool = False
    asked_if: dict[str, str] = field(default_factory=dict)  # {"q29": "no"}: only then

    @property
    def number(self) -> str:
        return self.id.removeprefix("q")

    def codes(self) -> list[str]:
        return [*self.options, *self.missing_scores]

    def score(self, code: str | None) -> Decimal:
        if code is None or code == "":
            if self.blank is None:
                raise KeyError(self.id)
            return self.blank
        if code in self.missing_scores:
            return self.missing_scores[code]
        value = self.options[code]
        if value is None:
            raise KeyError(self.id)
        return value


@dataclass(frozen=True)
class Item:
    """A scored item: a question's score, or one derived from questions (`mean`, `sum`)."""

    id: str
    dimension: str
    w_dim: Decimal
    w_comp: Decimal
    derived: str = ""
    of: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return self.of if self.derived else (self.id,)


@dataclass(frozen=True)
class Instrument:
    version: str
    default_missing: Decimal
    missing_answers: tuple[str, ...]
    dimensions: tuple[str, ...]
    questions: dict[str, Question]
    scored_items: tuple[Item, ...]
    source: str = ""

    def items_of(self, dimension: str) -> list[Item]:
        return [item for item in self.scored_items if item.dimension == dimension]


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InstrumentError(f"{where}: {value!r} is not a number")
    number = Decimal(value)
    if not Decimal(0) <= number <= ONE:
        raise InstrumentError(f"{where}: {number} is outside 0–1")
    return number


def _question(raw: dict[str, Any], scales: dict[str, Any], data: dict[str, Any]) -> Question:
    qid = raw["id"]
    if "scale" in raw:
        if raw["scale"] not in scales:
            raise InstrumentError(f"{qid}: no scale {raw['scale']!r}")
        options = scales[raw["scale"]]
    else:
        options = raw["options"]
    scored = raw.get("scored", True)
    scores: dict[str, Decimal | None] = {
        code: (_decimal(value, f"{qid}.{code}") if scored else None)
        for code, value in options.items()
    }
    missing: dict[str, Decimal] = {}
    if raw.get("missing"):
        default = _decimal(data["default_missing"], "default_missing")
        for code in data["missing_answers"]:
            override = raw.get(code)
            missing[code] = default if override is None else _decimal(override, f"{qid}.{code}")
    blank = raw.get("blank")
    return Question(
        id=qid,
        options=scores,
        offers_missing=bool(raw.get("missing")),
        missing_scores=missing,
        blank=None if blank is None else _decimal(blank, f"{qid}.blank"),
        scored=scored,
        optional=raw.get("optional", False),
        asked_if=dict(raw.get("asked_if", {})),
    )


def _item(raw: dict[str, Any], questions: dict[str, Question], dimensions: list[str]) -> Item:
    item = Item(
        id=raw["id"],
        dimension=raw["dimension"],
        w_dim=_decimal(raw["w_dim"], f"{raw['id']}.w_dim"),
        w_comp=_decimal(raw["w_comp"], f"{raw['id']}.w_comp"),
        derived=raw.get("derived", ""),
        of=tuple(raw.get("of", ())),
    )
    if item.dimension not in dimensions:
        raise InstrumentError(f"{item.id}: no dimension {item.dimension!r}")
    if item.derived not in ("", "mean", "sum") or (item.derived and not item.of):
        raise InstrumentError(f"{item.id}: unknown derivation {item.derived!r}")
    for source in item.sources:
        if source not in questions or not questions[source].scored:
            raise InstrumentError(f"{item.id}: no scored question {source!r}")
    return item


def check_weights(instrument: Instrument) -> None:
    """Each dimension's weights add up to exactly 1.00, and so do the composite weights."""
    for dimension in instrument.dimensions:
        total = sum((item.w_dim for item in instrument.items_of(dimension)), Decimal(0))
        if total != ONE:
            raise InstrumentError(f"the weights of {dimension} add up to {total}, not 1.00")
    composite = sum((item.w_comp for item in instrument.scored_items), Decimal(0))
    if composite != ONE:
        raise InstrumentError(f"the composite weights add up to {composite}, not 1.00")


def parse(data: dict[str, Any]) -> Instrument:
    """An instrument from its data, checked; `InstrumentError` names what is wrong."""
    try:
        scales = data["scales"]
        questions = {raw["id"]: _question(raw, scales, data) for raw in data["questions"]}
        dimensions = list(data["dimensions"])
        items = tuple(_item(raw, questions, dimensions) for raw in data["items"])
        instrument = Instrument(
            version=data["version"],
            default_missing=_decimal(data["default_missing"], "default_missing"),
            missing_answers=tuple(data["missing_answers"]),
            dimensions=tuple(dimensions),
            questions=questions,
            scored_items=items,
            source=data.get("source", ""),
        )
    except KeyError as missing:
        raise InstrumentError(f"missing key {missing}") from None
    if len({item.id for item in items}) != len(items):
        raise InstrumentError("two items share an id")
    for question in questions.values():
        for other, code in question.asked_if.items():
            if other not in questions or code not in questions[other].codes():
                raise InstrumentError(f"{question.id}: asked_if names {other}={code}")
    check_weights(instrument)
    return instrument


def parse_text(text: str) -> Instrument:
    return parse(json.loads(text, parse_float=Decimal, parse_int=Decimal))


@cache
def load(version: str = CURRENT) -> Instrument:
    """The instrument of this version (`data/<version>.json`), checked once per process."""
    path = DATA / f"{version}.json"
    if not version.replace("-", "").isalnum() or not path.is_file():
        raise InstrumentError(f"no instrument version {version!r}")
    instrument = parse_text(path.read_text(encoding="utf-8"))
    if instrument.version != version:
        raise InstrumentError(f"{path.name} says version {instrument.version!r}")
    return instrument


def versions() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.json"))
