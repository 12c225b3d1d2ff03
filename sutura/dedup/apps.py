from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "sutura.dedup"
    label = "dedup"
    verbose_name = _("Duplicate files")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.dedup import home

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(order=260, name="dedup", run="sutura.dedup.demo.seed_step")
        )
        # A person's subject-access export lists the files merged into theirs, and the
        # comparisons and merges of their file
        # (privacy sits below: we register).
        from sutura.dedup.models import Merge, PairDecision, Proposal
        from sutura.people.models import Person
        from sutura.privacy import selectors as privacy_selectors
        from sutura.privacy.services import add_person_text

        privacy_selectors.add_person_records(
            (Person, "merged_into"),  # the files merged into theirs: the same person's data
            (Proposal, "first"),
            (Proposal, "second"),
            (PairDecision, "first"),
            (PairDecision, "second"),
            (Merge, "kept"),
            (Merge, "merged"),
        )
        # What a reviewer wrote about the two files, and the values a merge replaced (kept
        # for its undo, which an anonymised file refuses), go with the person's data.
        add_person_text(
            (PairDecision, ("first", "second"), {"reason": "", "withdraw_reason": ""}),
            (Merge, ("kept", "merged"), {"reason": "", "undo_reason": "", "snapshot": {}}),
        )
