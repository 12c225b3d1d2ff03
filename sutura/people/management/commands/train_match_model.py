"""Re-estimate the duplicate model (people/data/match_model.json) with Splink on generated
people: train on one seed, choose the thresholds on another, measure on a third."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sutura.people import match_training as training
from sutura.people import matching


class Command(BaseCommand):
    help = "Train the duplicate model with Splink on the bench generator's people."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--records", type=int, default=20_000)
        parser.add_argument("--train-seed", type=int, default=11)
        parser.add_argument("--tune-seed", type=int, default=12)
        parser.add_argument("--test-seed", type=int, default=13)
        parser.add_argument(
            "--em", action="store_true", help="m by EM (unsupervised) instead of the labels"
        )
        parser.add_argument("--out", default=str(matching.MODEL_FILE))

    def handle(self, *args: Any, **options: Any) -> None:
        rows, entity = training.generated(options["records"], options["train_seed"])
        for row in rows:
            row["entity"] = str(entity[row["unique_id"]])
        params = training.train(rows, label_column=None if options["em"] else "entity")
        params["reference_frequencies"] = training.reference_frequencies(rows)
        tune_rows, tune_entity = training.generated(options["records"], options["tune_seed"])
        params = training.tune_thresholds(tune_rows, tune_entity, params)
        params["trained"] = {
            "generator": "bench/dedup/generator.py",
            "records": options["records"],
            "train_seed": options["train_seed"],
            "tune_seed": options["tune_seed"],
            "m": "EM" if options["em"] else "labels",
        }
        test_rows, test_entity = training.generated(options["records"], options["test_seed"])
        params["measured"] = training.evaluate(test_rows, test_entity, params)
        with open(options["out"], "w") as out:
            json.dump(params, out, indent=1, sort_keys=True)
            out.write("\n")
        self.stdout.write(json.dumps(params["measured"], indent=1))
