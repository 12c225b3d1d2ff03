"""The programmes' part of the demo: the two programmes the cases demo assigns its cases to
(`cases.demo.stories.PROGRAMMES`: AIM-SN's and AIM-ML's) get their donors, period, places,
implementing partners, budget envelopes in XOF and EUR, and a results framework with
baselines and targets per quarter; a few of each organisation's meetings and mentoring
activities are tagged to its programme.
One envelope of each is set just above what its plans committed, so it shows a warning.
Idempotent: a programme that already has its details is left as it is."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.cases.demo.stories import PROGRAMMES
from sutura.cases.models import PlannedAssistance, Programme
from sutura.cases.selectors import budget_summaries
from sutura.core import indicators
from sutura.core.registry import DemoContext
from sutura.geo.models import Location
from sutura.programmes import periods
from sutura.programmes.models import (
    Donor,
    Envelope,
    PeriodValue,
    ProgrammeProfile,
    ProgrammeTag,
    ResultIndicator,
    ResultLevel,
    ResultNode,
    TagKind,
)
from sutura.programmes.taggable import KINDS

DONORS = {
    "AIM-SN": [("Fonds fiduciaire d’urgence de l’Union européenne pour l’Afrique", "FFUE")],
    "AIM-ML": [
        ("Direction du développement et de la coopération (Suisse)", "DDC"),
        ("Fonds fiduciaire d’urgence de l’Union européenne pour l’Afrique", "FFUE"),
    ],
}
AREAS = {"AIM-SN": ("SN", "SN-DK", "SN-TH"), "AIM-ML": ("ML", "ML-1", "ML-BKO")}
PARTNERS = {"AIM-SN": ("JSM",), "AIM-ML": ("PSF",)}
# Budget lines: (line, dimension, currency, amount); None: set just above what was committed.
ENVELOPES = {
    "AIM-SN": [
        ("1.1 Assistance économique", "economic", "XOF", None),
        ("1.2 Assistance sociale", "social", "XOF", Decimal(60_000_000)),
        ("1.3 Soutien psychosocial", "psychosocial", "XOF", Decimal(20_000_000)),
        ("2.1 Formation et suivi", "", "EUR", Decimal(150_000)),
    ],
    "AIM-ML": [
        ("1 Assistance à la réintégration", "", "XOF", None),
        ("2 Appui communautaire", "", "EUR", Decimal(80_000)),
    ],
}
# The framework: (level, code, statement, [indicators]); an indicator is (registry codes to
# try, name if entered by hand, source, baseline, target), the same for each quarter (a count
# per quarter, not cumulative; a score as it should stand).
Measure = tuple[tuple[str, ...], str, str, Any, Any]
FRAMEWORK: list[tuple[str, str, str, list[Measure]]] = [
    (
        ResultLevel.GOAL,
        "0",
        "Les personnes de retour se réintègrent durablement dans leur communauté.",
        [((), "Score composite moyen de durabilité (RSS)", "Enquête RSS à 6 mois", 0.45, 0.6)],
    ),
    (
        ResultLevel.OUTCOME,
        "1",
        "Les personnes de retour accèdent à une assistance adaptée à leurs besoins.",
        [
            (
                ("cases.plans_approved", "cases.registered"),
                "Plans de réintégration approuvés",
                "",
                0,
                10,
            )
        ],
    ),
    (
        ResultLevel.OUTPUT,
        "1.1",
        "Les cas sont enregistrés et évalués dans les délais.",
        [(("cases.registered", "returns.arrivals"), "Cas enregistrés", "", 0, 15)],
    ),
    (
        ResultLevel.OUTCOME,
        "2",
        "Les communautés de retour soutiennent la réintégration.",
        [((), "Initiatives communautaires mises en œuvre", "Rapports des partenaires", 0, 2)],
    ),
    (
        ResultLevel.OUTPUT,
        "2.1",
        "Les comités communautaires sont formés et actifs.",
        [((), "Membres de comités formés", "Feuilles de présence des formations", 0, 8)],
    ),
]


def seed_step(context: DemoContext) -> str:
    done = []
    for acronym in PROGRAMMES:
        organisation = Organisation.objects.filter(acronym=acronym).first()
        if organisation is None:
            continue
        name = PROGRAMMES[acronym][0]
        programme = Programme.objects.filter(organisation=organisation, name=name).first()
        if programme is None or ProgrammeProfile.objects.filter(programme=programme).exists():
            continue
        with transaction.atomic():
            _details(programme, acronym)
            _envelopes(programme, acronym)
            _framework(programme)
            _tags(programme)
        done.append(acronym)
    return (
        f"donors, envelopes (XOF, EUR) and results frameworks of {', '.join(done)}" if done else ""
    )


def _details(programme: Programme, acronym: str) -> None:
    organisation = programme.organisation
    donors = [
        Donor.objects.get_or_create(
            organisation=organisation, name=name, defaults={"acronym": short}
        )[0]
        for name, short in DONORS[acronym]
    ]
    year = timezone.localdate().year
    profile = ProgrammeProfile.objects.create(
        programme=programme,
        description=(
            "Assistance à la réintégration économique, sociale et psychosociale des personnes "
            "de retour, et appui aux communautés qui les accueillent."
        ),
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
    )
    profile.donors.set(donors)
    profile.areas.set(Location.objects.filter(iso_code__in=AREAS[acronym]))
    profile.partners.set(Organisation.objects.filter(acronym__in=PARTNERS[acronym]))
    programme.donor = ", ".join(sorted(d.acronym or d.name for d in donors))
    programme.save(update_fields=["donor", "updated_at"])


def _committed(programme: Programme) -> dict[tuple[str, str], Decimal]:
    """What the programme's approved plans committed, per (dimension or "", currency)."""
    items = PlannedAssistance.objects.filter(plan__case__programme=programme)
    found: dict[tuple[str, str], Decimal] = {}
    for dimension, currencies in budget_summaries(items, "dimension").items():
        for currency, figures in currencies.items():
            for key in ((dimension, currency), ("", currency)):
                found[key] = found.get(key, Decimal(0)) + figures["committed"]
    return found


def _envelopes(programme: Programme, acronym: str) -> None:
    committed = _committed(programme)
    for line, dimension, currency, amount in ENVELOPES[acronym]:
        if amount is None:  # ~90 % committed: the page and the manager's home card warn
            spent = committed.get((dimension, currency), Decimal(0))
            amount = (spent / Decimal("0.9")).quantize(Decimal(1000), ROUND_UP) or Decimal(10**6)
        Envelope.objects.create(
            programme=programme,
            budget_line=line,
            dimension=dimension,
            currency=currency,
            amount=amount,
        )


def _framework(programme: Programme) -> None:
    known = {indicator.code for indicator in indicators.all_indicators()}
    today = timezone.localdate()
    quarters = [periods.parse(f"{today.year}-Q{q}") for q in range(1, 5)]
    parents: dict[str, ResultNode] = {}
    for level, code, statement, measures in FRAMEWORK:
        parent = None
        if level == ResultLevel.OUTCOME:
            parent = parents.get(ResultLevel.GOAL)
        elif level == ResultLevel.OUTPUT:
            parent = parents.get(ResultLevel.OUTCOME)
        node = ResultNode.objects.create(
            programme=programme, parent=parent, level=level, code=code, statement=statement
        )
        parents[level] = node
        for codes, name, source, baseline, target in measures:
            registry = next((c for c in codes if c in known), "")
            indicator = ResultIndicator.objects.create(
                result=node,
                code=registry,
                name="" if registry else name,
                unit="score" if isinstance(target, float) else "count",
                source="" if registry else source,
            )
            _periods(indicator, quarters, baseline, target, today)


def _periods(
    indicator: ResultIndicator, quarters: list[Any], baseline: Any, target: Any, today: date
) -> None:
    whole = isinstance(target, int)  # a count: whole numbers
    for number, quarter in enumerate(quarters, start=1):
        row = PeriodValue(
            indicator=indicator,
            period=quarter.code,
            starts_on=quarter.start,
            ends_on=quarter.end,
            baseline=Decimal(str(baseline)),
            target=Decimal(str(target)),
        )
        if not indicator.code and quarter.end < today:  # entered by hand, for past quarters
            start = Decimal(str(baseline))
            reached = start + (Decimal(str(target)) - start) * (
                Decimal("0.6") + Decimal(number) / 10
            )
            row.actual = reached.quantize(Decimal(1) if whole else Decimal("0.01"))
            row.actual_source = indicator.source
        row.save()


def _tags(programme: Programme) -> None:
    tagger = (
        User.objects.filter(organisation=programme.organisation, is_active=True)
        .filter(roles__contains=[Role.PROGRAMME_MANAGER])
        .first()
    )
    if tagger is None:
        return
    for kind in (TagKind.MEETING, TagKind.ACTIVITY):
        taggable = KINDS[kind]
        content_type = ContentType.objects.get_for_model(taggable.model)
        records = taggable.model.objects.filter(organisation=programme.organisation).order_by(
            *taggable.ordering
        )[:3]
        for record in records:
            ProgrammeTag.objects.get_or_create(
                programme=programme,
                content_type=content_type,
                object_id=str(record.pk),
                defaults={"kind": kind, "tagged_by": tagger},
            )
