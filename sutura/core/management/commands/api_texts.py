"""Rewrite `sutura/core/api_texts.py` from the API schema (see `sutura.core.api_words`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sutura.core.api_words import TEXTS_MODULE, english_schema_texts, texts_module


class Command(BaseCommand):
    help = "List the API documentation's prose for translation (then run `make messages`)."

    def handle(self, *args: Any, **options: Any) -> None:
        texts = english_schema_texts()
        TEXTS_MODULE.write_text(texts_module(texts), encoding="utf-8")
        self.stdout.write(f"{len(texts)} texts written to {TEXTS_MODULE.name}")
