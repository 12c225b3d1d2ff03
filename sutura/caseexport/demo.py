"""The demo's part: AIM-SN's own mapping, adapted from the platform's default as an
organisation would (French targets, an office code, no phone numbers, sex as 1/2), so the case
page offers two mappings. Idempotent."""

from __future__ import annotations

import importlib
from typing import Any

from sutura.caseexport.models import ExportMapping
from sutura.core.registry import DemoContext

CODE = "aim-sn-base-centrale"
RENAMED = {
    "case_number": "numero_dossier",
    "case_type": "type_dossier",
    "case_status": "statut",
    "case_opened_on": "date_ouverture",
    "person_id": "id_personne",
    "given_names": "prenoms",
    "family_name": "nom",
    "sex": "sexe",
    "date_of_birth": "date_naissance",
    "nationality": "nationalite",
    "screening_vulnerabilities": "vulnerabilites",
    "plan_total_xof": "montant_prevu_xof",
    "assistance_delivered_xof": "montant_verse_xof",
    "next_follow_up_due": "prochain_suivi",
    "child_status": "statut_enfant",
    "trafficking_status": "statut_traite",
    "return_from_country": "pays_retour",
    "return_arrived_on": "date_arrivee",
}


def adapted_fields(default: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = [
        {"target": "bureau", "required": True, "transform": {"kind": "constant", "value": "DKR"}}
    ]
    for entry in default:
        if entry["target"] not in RENAMED:
            continue
        adapted = {**entry, "target": RENAMED[entry["target"]]}
        if adapted["target"] == "sexe":
            adapted["transform"] = {
                "kind": "code_map",
                "map": {"male": "1", "female": "2"},
                "default": "9",
            }
        elif entry.get("transform", {}).get("kind") == "date_format":
            adapted["transform"] = {"kind": "date_format", "format": "%d/%m/%Y"}
        fields.append(adapted)
    return fields


def seed_step(context: DemoContext) -> str:
    organisation = context.organisations.get("AIM-SN")
    if organisation is None:
        return ""
    default = importlib.import_module("sutura.caseexport.migrations.0002_default_mapping")
    mapping, _ = ExportMapping.objects.get_or_create(
        organisation=organisation,
        code=CODE,
        version=1,
        defaults={
            "name": "Base centrale de l’agence (Sénégal)",
            "description": "Adaptée de la correspondance par défaut : noms de champs de la "
            "base centrale, code du bureau, dates JJ/MM/AAAA, sans téléphones.",
            "fields": adapted_fields(default.FIELDS),
        },
    )
    mapping.full_clean()
    return "1 export mapping adapted by an organisation (AIM-SN), besides the default"
