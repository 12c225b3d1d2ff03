"""Demo directory: services of the demo organisations in Senegal, Mali and Cameroon, the
referral pathways drawn from them, and a few proposals waiting for (or past) review.

Fictional names, real towns and GPS points. Idempotent: a service or pathway that exists (same
provider and French name; same need and area) is left as it is, so changes approved in the
demo are not undone by running `seed_demo` again; proposals are written once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.cases.models import Vulnerability
from sutura.directory.models import (
    ChangeKind,
    Cost,
    MhpssLayer,
    Need,
    Pathway,
    PathwayStep,
    Service,
    ServiceCategory,
    ServiceChange,
)
from sutura.directory.services.proposals import (
    approve_change,
    propose_change,
    propose_new_service,
    reject_change,
)
from sutura.geo.models import Level, Location
from sutura.notifications.models import Notification

C, L = ServiceCategory, MhpssLayer

# Where services are: (region ISO code, admin2 name or "" for Bamako district, latitude,
# longitude, neighbourhood). Points are inside the towns.
TOWNS: dict[str, tuple[str, str, float, float, str]] = {
    "dakar": ("SN-DK", "Dakar", 14.6937, -17.4441, "Plateau, Dakar"),
    "fann": ("SN-DK", "Dakar", 14.6929, -17.4639, "Fann, Dakar"),
    "medina": ("SN-DK", "Dakar", 14.6840, -17.4570, "Médina, Dakar"),
    "pikine": ("SN-DK", "Pikine", 14.7550, -17.3920, "Pikine"),
    "thiaroye": ("SN-DK", "Pikine", 14.7490, -17.3660, "Thiaroye-sur-Mer, Pikine"),
    "guediawaye": ("SN-DK", "Guédiawaye", 14.7760, -17.3960, "Guédiawaye"),
    "thies": ("SN-TH", "Thiès", 14.7886, -16.9260, "Thiès"),
    "mbour": ("SN-TH", "Mbour", 14.4220, -16.9640, "Mbour"),
    "kolda": ("SN-KD", "Kolda", 12.8940, -14.9410, "Kolda"),
    "velingara": ("SN-KD", "Vélingara", 13.1490, -14.1120, "Vélingara"),
    "tambacounda": ("SN-TC", "Tambacounda", 13.7700, -13.6680, "Tambacounda"),
    "ziguinchor": ("SN-ZG", "Ziguinchor", 12.5650, -16.2720, "Ziguinchor"),
    "bamako": ("ML-BKO", "", 12.6500, -8.0000, "Quartier du Fleuve, Bamako"),
    "hamdallaye": ("ML-BKO", "", 12.6370, -8.0280, "Hamdallaye ACI 2000, Bamako"),
    "badalabougou": ("ML-BKO", "", 12.6250, -7.9950, "Badalabougou, Bamako"),
    "kayes": ("ML-1", "Kayes", 14.4470, -11.4400, "Kayes"),
    "segou": ("ML-4", "Ségou", 13.4400, -6.2600, "Ségou"),
    "mopti": ("ML-5", "Mopti", 14.4940, -4.1970, "Mopti"),
    "gao": ("ML-7", "Gao", 16.2720, -0.0440, "Gao"),
    "yaounde": ("CM-CE", "Mfoundi", 3.8667, 11.5167, "Centre administratif, Yaoundé"),
    "mvog_ada": ("CM-CE", "Mfoundi", 3.8590, 11.5150, "Mvog-Ada, Yaoundé"),
    "douala": ("CM-LT", "Wouri", 4.0483, 9.7043, "Akwa, Douala"),
    "bonaberi": ("CM-LT", "Wouri", 4.0700, 9.6720, "Bonabéri, Douala"),
    "maroua": ("CM-EN", "Diamaré", 10.5950, 14.3240, "Domayo, Maroua"),
}

WEEKDAYS = "Lun.–ven. 8 h–17 h (Mon–Fri 8am–5pm)"
WEEKDAYS_SAT = "Lun.–sam. 8 h–18 h (Mon–Sat 8am–6pm)"
ALWAYS = "24 h/24, 7 j/7 (24/7)"
REFER_FORM = (
    "Envoyer la référence par Sutura ; en urgence, appeler le point focal. "
    "/ Refer through Sutura; in an emergency, call the focal point."
)


@dataclass(frozen=True)
class Spec:
    """One demo service. `areas`: ISO codes, or "REGION/admin2 name"; `verified`: days since
    the entry was last checked (None: never)."""

    key: str
    provider: str
    category: str
    town: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    areas: tuple[str, ...]
    languages: tuple[str, ...] = ("fr",)
    verified: int | None = 30
    min_age: int | None = None
    max_age: int | None = None
    sexes: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    eligibility_notes: str = ""
    cost: str = Cost.FREE
    cost_details: str = ""
    capacity: str = ""
    hours: str = WEEKDAYS
    how_to_refer: str = REFER_FORM
    mhpss_layer: int | None = None
    focal_point: str = ""
    phone: str = ""
    active: bool = True

    @property
    def country(self) -> str:
        return TOWNS[self.town][0][:2]


V = Vulnerability
# fmt: off
SERVICES: list[Spec] = [
    # --- Senegal ---------------------------------------------------------------------------
    Spec(
        "jsm-counselling", "JSM", C.MHPSS, "fann",
        "Consultations psychologiques individuelles", "Individual psychological counselling",
        "Entretiens avec un psychologue clinicien (6 à 10 séances) pour les personnes de retour "
        "qui souffrent d'anxiété, de troubles du sommeil ou de deuil migratoire.",
        "Sessions with a clinical psychologist (6 to 10) for returnees suffering from anxiety, "
        "sleep problems or migration-related grief.",
        ("SN-DK", "SN-TH"), ("fr", "wo", "ff"), 20,
        capacity="40 personnes par mois", mhpss_layer=L.FOCUSED,
        focal_point="Dr Ndèye Fatou Diagne", phone="+221 33 824 51 10",
    ),
    Spec(
        "jsm-psychiatry", "JSM", C.MHPSS, "fann",
        "Consultations de psychiatrie", "Psychiatric consultations",
        "Évaluation et traitement des troubles psychiatriques sévères, en lien avec le service "
        "de psychiatrie de l'hôpital de Fann.",
        "Assessment and treatment of severe mental disorders, with the psychiatric ward of Fann "
        "hospital.",
        ("SN",), ("fr", "wo"), 45,
        cost=Cost.MIXED,
        cost_details="Consultation gratuite sur référence du MNR ; médicaments à la charge du patient.",
        capacity="15 nouvelles personnes par mois", mhpss_layer=L.SPECIALISED,
        focal_point="Dr Cheikh Tidiane Mbaye", phone="+221 33 824 51 12",
    ),
    Spec(
        "jsm-groups", "JSM", C.MHPSS, "pikine",
        "Groupes de parole pour personnes de retour", "Peer support groups for returnees",
        "Rencontres hebdomadaires animées par des pairs formés : partager son expérience, "
        "retrouver sa place dans la famille et le quartier.",
        "Weekly meetings led by trained peers: sharing one's experience, finding one's place "
        "again in the family and the neighbourhood.",
        ("SN-DK",), ("wo", "fr"), 60,
        capacity="3 groupes de 12 personnes", hours="Mercredi et samedi 10 h–12 h (Wed and Sat)",
        mhpss_layer=L.COMMUNITY, focal_point="Astou Cissé", phone="+221 77 540 12 33",
    ),
    Spec(
        "jsm-children", "JSM", C.MHPSS, "guediawaye",
        "Soutien psychosocial aux enfants et adolescents", "Psychosocial support for children",
        "Activités de soutien par le jeu et l'expression, entretiens avec l'enfant et sa "
        "famille ; pour les enfants non accompagnés ou séparés.",
        "Support through play and expression, sessions with the child and the family; for "
        "unaccompanied or separated children.",
        ("SN-DK",), ("wo", "fr"), 15, min_age=6, max_age=17,
        eligibility_notes="Enfants de 6 à 17 ans, avec l'accord d'un parent ou tuteur.",
        capacity="25 enfants", mhpss_layer=L.FOCUSED, focal_point="Mame Diarra Sène",
        phone="+221 77 540 12 34",
    ),
    Spec(
        "jsm-thies", "JSM", C.MHPSS, "thies",
        "Antenne de Thiès : soutien psychosocial", "Thiès branch: psychosocial support",
        "Écoute, soutien psychosocial individuel et visites à domicile dans le département de "
        "Thiès et à Mbour.",
        "Listening, individual psychosocial support and home visits in Thiès department and Mbour.",
        ("SN-TH",), ("wo", "srr", "fr"), 240,
        capacity="20 personnes par mois", mhpss_layer=L.FOCUSED, focal_point="Ousmane Ndiaye",
        phone="+221 33 951 20 40",
    ),
    Spec(
        "jsm-helpline", "JSM", C.MHPSS, "fann",
        "Ligne d'écoute de nuit", "Night listening line",
        "Ligne téléphonique d'écoute la nuit. Suspendue faute de financement.",
        "Night-time listening line by phone. Suspended for lack of funding.",
        ("SN",), ("wo", "fr"), 300, hours="20 h–6 h (8pm–6am)", mhpss_layer=L.COMMUNITY,
        active=False,
    ),
    Spec(
        "aimsn-livelihoods", "AIM-SN", C.LIVELIHOODS, "dakar",
        "Appui à la réintégration économique", "Economic reintegration support",
        "Kit de démarrage, formation en gestion et accompagnement d'un projet individuel, "
        "collectif ou communautaire.",
        "Start-up kit, business training and coaching for an individual, collective or "
        "community project.",
        ("SN",), ("fr", "wo", "ff"), 25,
        eligibility_notes="Personnes de retour assistées par le programme de réintégration.",
        capacity="Selon le budget du programme", focal_point="Pape Malick Ba",
        phone="+221 33 869 62 00",
    ),
    Spec(
        "aimsn-tracing", "AIM-SN", C.FAMILY_TRACING, "dakar",
        "Recherche familiale et réunification", "Family tracing and reunification",
        "Recherche des familles des enfants non accompagnés, évaluation du milieu familial et "
        "accompagnement du retour en famille.",
        "Tracing the families of unaccompanied children, assessing the family and supporting "
        "the child's return home.",
        ("SN",), ("fr", "wo", "ff", "mnk"), 40, focal_point="Rokhaya Faye",
        phone="+221 33 869 62 10",
    ),
    Spec(
        "aimsn-transit", "AIM-SN", C.SHELTER, "tambacounda",
        "Centre de transit de Tambacounda", "Tambacounda transit centre",
        "Hébergement de courte durée (jusqu'à 10 jours), repas et orientation pour les "
        "personnes de retour par la route.",
        "Short stay (up to 10 days), meals and counselling for people returning by road.",
        ("SN-TC", "SN-KD", "SN-KE"), ("fr", "wo", "ff", "mnk", "snk"), 70,
        capacity="60 lits", hours=ALWAYS, focal_point="Lamine Camara", phone="+221 33 981 14 50",
    ),
    Spec(
        "aimsn-health-transit", "AIM-SN", C.HEALTH, "tambacounda",
        "Premiers soins au centre de transit", "First aid at the transit centre",
        "Infirmerie du centre de transit : premiers soins, dépistage, orientation vers l'hôpital.",
        "The transit centre's infirmary: first aid, screening, referral to hospital.",
        ("SN-TC",), ("fr", "wo", "ff"), 70, hours=ALWAYS, phone="+221 33 981 14 51",
    ),
    Spec(
        "aimsn-cash", "AIM-SN", C.CASH, "dakar",
        "Allocation d'arrivée", "Arrival cash grant",
        "Montant unique versé par transfert mobile à l'arrivée pour couvrir les premiers "
        "besoins (transport, nourriture).",
        "One-off mobile transfer on arrival for first needs (transport, food).",
        ("SN",), ("fr", "wo"), 10, eligibility_notes="Personnes rentrées depuis moins de 3 mois.",
        capacity="Selon le budget du programme",
    ),
    Spec(
        "gft-gbv", "GFT", C.GBV, "thiaroye",
        "Écoute et accompagnement des survivantes de VBG", "Support for GBV survivors",
        "Espace sûr tenu par des femmes du quartier : écoute, accompagnement à l'hôpital et à la "
        "police si la survivante le souhaite.",
        "A safe space run by women of the neighbourhood: listening, accompaniment to hospital "
        "and police if the survivor wishes.",
        ("SN-DK/Pikine", "SN-DK/Guédiawaye"), ("wo", "fr"), 50, sexes=("female",),
        capacity="10 femmes par mois", hours=WEEKDAYS_SAT, focal_point="Adja Ndèye Ndoye",
        phone="+221 77 631 44 20",
    ),
    Spec(
        "gft-livelihoods", "GFT", C.LIVELIHOODS, "thiaroye",
        "Tontine et transformation de produits halieutiques",
        "Savings group and fish processing",
        "Les femmes de retour rejoignent la tontine du groupement et l'atelier de "
        "transformation du poisson.",
        "Returnee women join the group's savings club and the fish processing workshop.",
        ("SN-DK/Pikine",), ("wo",), 210, sexes=("female",), min_age=18,
        cost=Cost.FEE, cost_details="Cotisation de 2 000 XOF par semaine.",
        capacity="15 places par an", focal_point="Adja Ndèye Ndoye",
    ),
    Spec(
        "gft-food", "GFT", C.FOOD_NFI, "thiaroye",
        "Distribution de vivres", "Food distribution",
        "Paniers de riz, huile et sucre pour les familles de personnes de retour en difficulté.",
        "Rice, oil and sugar for returnees' families in hardship.",
        ("SN-DK/Pikine",), ("wo",), 330, hours="Premier samedi du mois (first Saturday)",
    ),
    Spec(
        "cjdt-legal", "CJDT", C.LEGAL, "medina",
        "Consultation juridique gratuite", "Free legal advice",
        "Juristes et avocats bénévoles : droit de la famille, litiges fonciers, contrats de "
        "travail, démarches administratives.",
        "Volunteer lawyers: family law, land disputes, work contracts, administrative steps.",
        ("SN-DK", "SN-TH"), ("fr", "wo"), 35, focal_point="Me Aïssatou Badji",
        phone="+221 33 842 77 10",
    ),
    Spec(
        "cjdt-vot", "CJDT", C.LEGAL, "medina",
        "Assistance judiciaire aux victimes de traite", "Legal assistance for trafficking victims",
        "Information sur les droits, dépôt de plainte, représentation devant les tribunaux et "
        "demande de réparation.",
        "Information on rights, filing a complaint, representation in court and compensation.",
        ("SN",), ("fr", "wo"), 80, vulnerabilities=(V.VOT,), focal_point="Me Aïssatou Badji",
        phone="+221 33 842 77 11",
    ),
    Spec(
        "cjdt-documents", "CJDT", C.DOCUMENTATION, "medina",
        "Appui aux actes d'état civil et à la carte d'identité",
        "Help with civil records and identity cards",
        "Jugement d'autorisation d'inscription tardive, extrait de naissance, carte nationale "
        "d'identité CEDEAO.",
        "Late birth registration rulings, birth certificates, ECOWAS national identity card.",
        ("SN",), ("fr", "wo", "ff"), 120, nationalities=("SN",),
        eligibility_notes="Ressortissants sénégalais.", focal_point="Babacar Sy",
    ),
    Spec(
        "chrf-emergency", "CHRF", C.HEALTH, "kolda",
        "Urgences et consultations générales", "Emergency and general consultations",
        "Urgences 24 h/24, médecine générale, maternité ; prise en charge des personnes "
        "référées par le MNR.",
        "24-hour emergency ward, general medicine, maternity; care for people referred through "
        "the NRM.",
        ("SN-KD", "SN-SE"), ("fr", "ff", "mnk"), 55, cost=Cost.MIXED,
        cost_details="Ticket de consultation 1 000 XOF ; gratuit pour les enfants de moins de 5 ans.",
        hours=ALWAYS, phone="+221 33 996 11 56",
    ),
    Spec(
        "chrf-gbv", "CHRF", C.GBV, "kolda",
        "Prise en charge médicale des violences sexuelles", "Medical care after sexual violence",
        "Soins dans les 72 heures (prophylaxie post-exposition, contraception d'urgence), "
        "certificat médical gratuit.",
        "Care within 72 hours (post-exposure prophylaxis, emergency contraception), free "
        "medical certificate.",
        ("SN-KD", "SN-SE"), ("fr", "ff", "mnk"), 55, sexes=("female",), hours=ALWAYS,
        focal_point="Sage-femme Marème Baldé", phone="+221 33 996 11 60",
    ),
    Spec(
        "chrf-mental", "CHRF", C.MHPSS, "kolda",
        "Unité de santé mentale", "Mental health unit",
        "Consultations de psychiatrie et suivi des traitements, deux jours par semaine.",
        "Psychiatric consultations and treatment follow-up, two days a week.",
        ("SN-KD", "SN-SE", "SN-ZG"), ("fr", "ff"), 260, cost=Cost.FEE,
        cost_details="Consultation 3 000 XOF.", hours="Mardi et jeudi 9 h–14 h (Tue and Thu)",
        mhpss_layer=L.SPECIALISED,
    ),
    Spec(
        "cke-children", "CKE", C.CHILD_PROTECTION, "ziguinchor",
        "Accueil et protection des enfants non accompagnés", "Care for unaccompanied children",
        "Accueil de jour, gestion de cas de protection de l'enfance, évaluation de l'intérêt "
        "supérieur de l'enfant.",
        "Day care, child protection case management, best-interests assessment.",
        ("SN-ZG", "SN-KD", "SN-SE"), ("fr", "dyo", "mnk", "ff"), 20, max_age=17,
        focal_point="Marie-Thérèse Sagna", phone="+221 33 991 22 70",
    ),
    Spec(
        "cke-shelter", "CKE", C.SHELTER, "ziguinchor",
        "Hébergement temporaire d'enfants", "Temporary shelter for children",
        "Hébergement de courte durée pour les enfants non accompagnés en attente de "
        "réunification familiale.",
        "Short stay for unaccompanied children waiting for family reunification.",
        ("SN-ZG", "SN-KD", "SN-SE"), ("fr", "dyo", "mnk"), 100, max_age=17,
        capacity="18 places", hours=ALWAYS,
    ),
    Spec(
        "cke-mobile", "CKE", C.CHILD_PROTECTION, "velingara",
        "Équipe mobile de protection de l'enfance", "Mobile child protection team",
        "Identification et suivi des enfants en mobilité le long de la frontière, en lien avec "
        "les comités villageois.",
        "Identifying and following children on the move along the border, with village "
        "committees.",
        ("SN-KD",), ("ff", "mnk", "fr"), 230, max_age=17,
    ),
    Spec(
        "cfmc-training", "CFMC", C.EDUCATION, "thies",
        "Formation professionnelle courte", "Short vocational training",
        "Couture, mécanique deux-roues, électricité bâtiment, froid et climatisation : 3 à 6 "
        "mois avec stage.",
        "Tailoring, motorbike repair, building electricity, refrigeration: 3 to 6 months with "
        "an internship.",
        ("SN-TH", "SN-DK"), ("fr", "wo"), 90, min_age=16, cost=Cost.FEE,
        cost_details="Inscription 25 000 XOF, prise en charge sur référence du programme.",
        capacity="Sessions d'octobre et de mars", phone="+221 33 951 60 00",
    ),
    Spec(
        "cfmc-literacy", "CFMC", C.EDUCATION, "mbour",
        "Alphabétisation fonctionnelle", "Functional literacy",
        "Lire, écrire et compter en wolof et en français, orienté vers la gestion d'une activité.",
        "Reading, writing and numeracy in Wolof and French, geared to running a business.",
        ("SN-TH",), ("wo", "srr"), None, min_age=15,
        hours="Lun.–jeu. 17 h–19 h (Mon–Thu 5–7pm)",
    ),
    Spec(
        "tmf-credit", "TMF", C.CASH, "dakar",
        "Microcrédit pour petits commerces", "Microcredit for small businesses",
        "Prêts de 50 000 à 500 000 XOF, remboursables sur 12 mois, avec formation à la gestion.",
        "Loans of 50,000 to 500,000 XOF over 12 months, with business training.",
        ("SN-DK", "SN-TH", "SN-ZG"), ("fr", "wo"), 150, min_age=18, cost=Cost.FEE,
        cost_details="Taux d'intérêt de 1,5 % par mois.", phone="+221 33 889 40 40",
    ),
    Spec(
        "tmf-account", "TMF", C.CASH, "ziguinchor",
        "Compte d'épargne et transfert mobile", "Savings account and mobile money",
        "Ouverture d'un compte sans frais et d'un porte-monnaie électronique.",
        "Free account opening and mobile wallet.",
        ("SN-ZG",), ("fr", "dyo"), 200, min_age=18,
    ),
    # --- Mali --------------------------------------------------------------------------------
    Spec(
        "psf-vot", "PSF", C.LEGAL, "hamdallaye",
        "Aide juridique aux victimes de traite", "Legal aid for trafficking victims",
        "Information sur les droits, accompagnement de la plainte et représentation en justice.",
        "Information on rights, support to file a complaint and legal representation.",
        ("ML",), ("fr", "bm", "son"), 25, vulnerabilities=(V.VOT,),
        focal_point="Me Mariam Sangaré", phone="+223 20 29 41 15",
    ),
    Spec(
        "psf-shelter", "PSF", C.SHELTER, "hamdallaye",
        "Maison d'accueil sécurisée", "Safe house",
        "Hébergement protégé, à adresse confidentielle, pour les victimes de traite en danger.",
        "Protected accommodation at a confidential address for trafficking victims at risk.",
        ("ML-BKO", "ML-2"), ("fr", "bm"), 40, vulnerabilities=(V.VOT,),
        capacity="12 places", hours=ALWAYS,
        how_to_refer="Appeler d'abord la permanence ; l'adresse n'est jamais communiquée par écrit. "
        "/ Call the duty line first; the address is never given in writing.",
        phone="+223 76 40 12 12",
    ),
    Spec(
        "psf-tracing", "PSF", C.FAMILY_TRACING, "hamdallaye",
        "Rétablissement des liens familiaux", "Restoring family links",
        "Recherche de proches, messages familiaux et appels téléphoniques gratuits.",
        "Tracing relatives, family messages and free phone calls.",
        ("ML",), ("fr", "bm", "son", "snk", "ff"), 35, phone="+223 20 29 41 20",
    ),
    Spec(
        "psf-gbv", "PSF", C.GBV, "mopti",
        "Prise en charge des survivantes de VBG", "Care for GBV survivors",
        "Gestion de cas, soutien psychosocial, kits de dignité et accompagnement médical.",
        "Case management, psychosocial support, dignity kits and medical accompaniment.",
        ("ML-5",), ("fr", "ff", "bm", "dgo"), 60, sexes=("female",),
        focal_point="Aminata Dicko", phone="+223 76 40 13 30",
    ),
    Spec(
        "psf-children", "PSF", C.CHILD_PROTECTION, "gao",
        "Centre d'écoute pour enfants", "Children's listening centre",
        "Espace ami des enfants, identification des enfants non accompagnés et gestion de cas.",
        "Child-friendly space, identification of unaccompanied children and case management.",
        ("ML-7",), ("son", "tmh", "fr"), 250, max_age=17,
    ),
    Spec(
        "psf-mhpss", "PSF", C.MHPSS, "segou",
        "Soutien psychosocial de groupe", "Group psychosocial support",
        "Cycles de 8 séances en groupe pour les personnes de retour, animés par des conseillers "
        "formés.",
        "Cycles of 8 group sessions for returnees, led by trained counsellors.",
        ("ML-4",), ("bm", "fr"), 30, mhpss_layer=L.FOCUSED, capacity="2 groupes par mois",
    ),
    Spec(
        "dnps-documents", "DNPS", C.DOCUMENTATION, "bamako",
        "Actes de naissance et numéro NINA", "Birth certificates and NINA number",
        "Appui aux démarches auprès des centres d'état civil et pour l'enregistrement au NINA.",
        "Help with civil registry offices and registration for a NINA number.",
        ("ML",), ("fr", "bm"), 45, nationalities=("ML",),
        eligibility_notes="Ressortissants maliens.", phone="+223 20 22 35 70",
    ),
    Spec(
        "dnps-kits", "DNPS", C.FOOD_NFI, "kayes",
        "Kits d'urgence à l'arrivée", "Emergency kits on arrival",
        "Kit d'hygiène, natte, couverture et vivres pour une semaine.",
        "Hygiene kit, mat, blanket and a week's food.",
        ("ML-1",), ("fr", "bm", "snk"), 75,
    ),
    Spec(
        "dnps-cash", "DNPS", C.CASH, "bamako",
        "Transferts sociaux aux ménages vulnérables", "Social cash transfers",
        "Transferts trimestriels aux ménages inscrits au registre social unifié.",
        "Quarterly transfers to households on the unified social register.",
        ("ML",), ("fr", "bm"), 280,
        eligibility_notes="Ménage inscrit au registre social unifié.",
    ),
    Spec(
        "dnps-gao-centre", "DNPS", C.SHELTER, "gao",
        "Centre d'accueil et de transit de Gao", "Gao reception and transit centre",
        "Hébergement temporaire des personnes refoulées. Fermé pour travaux.",
        "Temporary stay for people turned back at the border. Closed for works.",
        ("ML-7",), ("son", "fr", "tmh"), 200, active=False,
    ),
    Spec(
        "aimml-livelihoods", "AIM-ML", C.LIVELIHOODS, "kayes",
        "Appui à la réintégration économique (Kayes)", "Economic reintegration support (Kayes)",
        "Projets individuels et collectifs : élevage, commerce, maraîchage.",
        "Individual and collective projects: livestock, trade, market gardening.",
        ("ML-1",), ("fr", "bm", "snk"), 40,
        eligibility_notes="Personnes de retour assistées par le programme de réintégration.",
    ),
    Spec(
        "aimml-health", "AIM-ML", C.HEALTH, "badalabougou",
        "Consultation médicale à l'arrivée", "Medical check on arrival",
        "Consultation et soins de base au centre de transit de Bamako.",
        "Consultation and basic care at the Bamako transit centre.",
        ("ML-BKO",), ("fr", "bm"), 20, hours=ALWAYS,
    ),
    Spec(
        "aimml-pfa", "AIM-ML", C.MHPSS, "badalabougou",
        "Premiers secours psychologiques à l'arrivée", "Psychological first aid on arrival",
        "Accueil, écoute et orientation par des agents formés aux premiers secours "
        "psychologiques.",
        "Welcome, listening and referral by staff trained in psychological first aid.",
        ("ML",), ("fr", "bm", "son"), 20, mhpss_layer=L.COMMUNITY, hours=ALWAYS,
    ),
    Spec(
        "benkadi-reinsertion", "BENKADI", C.LIVELIHOODS, "kayes",
        "Accompagnement communautaire à la réinsertion", "Community support for reintegration",
        "Parrainage par une association villageoise et accès à une parcelle maraîchère.",
        "Sponsorship by a village association and access to a market-garden plot.",
        ("ML-1",), ("snk", "bm", "fr"), 190,
    ),
    Spec(
        "benkadi-mediation", "BENKADI", C.OTHER, "kayes",
        "Médiation familiale au retour", "Family mediation on return",
        "Médiation avec la famille et les créanciers quand le départ a été financé par des dettes.",
        "Mediation with the family and creditors when the journey was financed by debts.",
        ("ML-1",), ("snk", "bm"), 100,
    ),
    Spec(
        "sahelform-solar", "SAHELFORM", C.EDUCATION, "bamako",
        "Formation en installation solaire", "Solar installation training",
        "Formation certifiante de 4 mois : pose et entretien de systèmes solaires.",
        "Four-month certified course: installing and maintaining solar systems.",
        ("ML-BKO", "ML-2"), ("fr", "bm"), 60, min_age=18, cost=Cost.FEE,
        cost_details="150 000 XOF, bourses possibles.", phone="+223 66 71 20 20",
    ),
    Spec(
        "sahelform-placement", "SAHELFORM", C.LIVELIHOODS, "segou",
        "Stages et placement en entreprise", "Internships and job placement",
        "Mise en relation avec des entreprises partenaires pour des stages rémunérés.",
        "Matching with partner companies for paid internships.",
        ("ML-4",), ("fr", "bm"), 220, min_age=18, cost=Cost.MIXED,
        cost_details="Gratuit pour les personnes référées par le MNR.",
    ),
    Spec(
        "ajm-legal", "AJM", C.LEGAL, "bamako",
        "Clinique juridique mobile", "Mobile legal clinic",
        "Permanences juridiques à Bamako et tournées mensuelles dans la région de Koulikoro.",
        "Legal advice sessions in Bamako and monthly visits in Koulikoro region.",
        ("ML-BKO", "ML-2"), ("fr", "bm"), 300, phone="+223 76 11 90 90",
    ),
    Spec(
        "cscom-health", "CSCOM-HK", C.HEALTH, "kayes",
        "Soins de santé primaires", "Primary health care",
        "Consultations, vaccination, consultations prénatales et médicaments essentiels.",
        "Consultations, vaccination, antenatal care and essential medicines.",
        ("ML-1/Kayes",), ("snk", "bm", "fr"), 130, cost=Cost.FEE,
        cost_details="Ticket modérateur 500 XOF.", hours=WEEKDAYS_SAT,
    ),
    # --- Cameroon ----------------------------------------------------------------------------
    Spec(
        "minasf-uasc", "MINASF", C.CHILD_PROTECTION, "yaounde",
        "Prise en charge des enfants non accompagnés", "Care for unaccompanied children",
        "Placement provisoire, enquête sociale et recherche de la famille par les services "
        "sociaux.",
        "Interim placement, social enquiry and family tracing by the social services.",
        ("CM",), ("fr", "en"), 30, max_age=17, focal_point="Mme Solange Abena",
        phone="+237 222 22 35 80",
    ),
    Spec(
        "minasf-documents", "MINASF", C.DOCUMENTATION, "yaounde",
        "Appui à l'établissement des actes de naissance", "Help with birth certificates",
        "Accompagnement pour les jugements supplétifs d'acte de naissance.",
        "Support for court rulings replacing a missing birth certificate.",
        ("CM-CE", "CM-LT"), ("fr", "en"), 50, nationalities=("CM",),
        eligibility_notes="Ressortissants camerounais.",
    ),
    Spec(
        "minasf-food", "MINASF", C.FOOD_NFI, "maroua",
        "Vivres et kits d'hygiène", "Food and hygiene kits",
        "Distribution mensuelle aux personnes de retour et aux familles d'accueil.",
        "Monthly distribution to returnees and host families.",
        ("CM-EN",), ("fr", "ff", "ar"), 80,
    ),
    Spec(
        "minasf-shelter", "MINASF", C.SHELTER, "douala",
        "Centre social d'accueil de Douala", "Douala social reception centre",
        "Hébergement d'urgence de quelques nuits et orientation sociale.",
        "Emergency accommodation for a few nights and social counselling.",
        ("CM-LT",), ("fr", "en"), 270, capacity="20 lits", hours=ALWAYS,
    ),
    Spec(
        "cem-mhpss", "CEM", C.MHPSS, "douala",
        "Écoute psychosociale", "Psychosocial listening",
        "Entretiens individuels et groupes de soutien pour les personnes de retour.",
        "Individual sessions and support groups for returnees.",
        ("CM-LT",), ("fr", "en"), 40, mhpss_layer=L.FOCUSED, phone="+237 699 12 40 40",
    ),
    Spec(
        "cem-gbv", "CEM", C.GBV, "maroua",
        "Accompagnement des survivantes de VBG", "Support for GBV survivors",
        "Espace sûr pour femmes et filles, gestion de cas et accompagnement médical.",
        "Safe space for women and girls, case management and medical accompaniment.",
        ("CM-EN",), ("fr", "ff", "ar"), 60, sexes=("female",), phone="+237 699 12 40 41",
    ),
    Spec(
        "cem-tracing", "CEM", C.FAMILY_TRACING, "douala",
        "Recherche des familles", "Family tracing",
        "Recherche des proches au Cameroun et dans les pays de transit.",
        "Tracing relatives in Cameroon and in transit countries.",
        ("CM",), ("fr", "en"), 90,
    ),
    Spec(
        "cem-legal", "CEM", C.LEGAL, "mvog_ada",
        "Orientation juridique", "Legal guidance",
        "Permanence juridique hebdomadaire. Arrêtée depuis le départ du juriste.",
        "Weekly legal advice session. Stopped since the lawyer left.",
        ("CM-CE",), ("fr", "en"), 300, active=False,
    ),
    Spec(
        "des-employment", "DES", C.LIVELIHOODS, "douala",
        "Placement et insertion professionnelle", "Job placement",
        "Bilan de compétences, préparation aux entretiens, offres d'emploi dans le port et la "
        "logistique.",
        "Skills assessment, interview preparation, job offers in the port and logistics.",
        ("CM-LT",), ("fr", "en"), 110, min_age=18, cost=Cost.MIXED,
        cost_details="Gratuit pour les personnes référées par le MNR.",
    ),
    Spec(
        "hrsm-emergency", "HRSM", C.HEALTH, "maroua",
        "Urgences et consultations", "Emergency and consultations",
        "Urgences, médecine interne, pédiatrie et maternité.",
        "Emergency ward, internal medicine, paediatrics and maternity.",
        ("CM-EN",), ("fr", "ff", "ar"), 45, cost=Cost.MIXED,
        cost_details="Gratuit pour les urgences vitales et les survivantes de VBG.", hours=ALWAYS,
    ),
    Spec(
        "hrsm-mental", "HRSM", C.MHPSS, "maroua",
        "Consultation de santé mentale", "Mental health clinic",
        "Consultations de psychiatrie et de psychologie.",
        "Psychiatric and psychological consultations.",
        ("CM-EN",), ("fr", "ff"), 200, cost=Cost.FEE, cost_details="Consultation 2 000 XAF.",
        mhpss_layer=L.SPECIALISED,
    ),
    Spec(
        "cofw-training", "COFW", C.EDUCATION, "bonaberi",
        "Formation qualifiante en BTP et hôtellerie", "Training in construction and hospitality",
        "Formations de 3 à 9 mois avec certificat de qualification professionnelle.",
        "Courses of 3 to 9 months with a vocational qualification certificate.",
        ("CM-LT",), ("fr", "en"), 150, min_age=17, cost=Cost.FEE,
        cost_details="À partir de 75 000 XAF.",
    ),
]
# fmt: on


# --- pathways ---------------------------------------------------------------------------------

Match = Callable[[Spec], bool]


def _category(*categories: str) -> Match:
    return lambda spec: spec.category in categories


def _layer(*layers: int) -> Match:
    return lambda spec: spec.category == C.MHPSS and spec.mhpss_layer in layers


def _for_children(spec: Spec) -> bool:
    return spec.category in (C.CHILD_PROTECTION, C.SHELTER) and spec.max_age == 17


def _child_mhpss(spec: Spec) -> bool:
    """Services for children, or community supports that take children too."""
    return spec.category == C.MHPSS and (
        spec.max_age == 17 or (spec.min_age is None and spec.mhpss_layer == L.COMMUNITY)
    )


def _free_cash(spec: Spec) -> bool:
    return spec.category == C.CASH and spec.cost == Cost.FREE and spec.min_age is None


def _for_vot(spec: Spec) -> bool:
    return spec.category == C.SHELTER and spec.max_age is None


@dataclass(frozen=True)
class Step:
    title_fr: str
    title_en: str
    detail_fr: str
    detail_en: str
    category: str = ""
    urgency: str = ""
    match: Match | None = None


# fmt: off
STEPS: dict[str, list[Step]] = {
    Need.TRAFFICKING: [
        Step(
            "Mettre la personne en sécurité", "Make the person safe",
            "Évaluer le danger immédiat ; hébergement sûr si la personne ne peut pas rentrer chez elle.",
            "Assess immediate danger; safe accommodation if the person cannot go home.",
            C.SHELTER, "emergency", _for_vot,
        ),
        Step(
            "Soins médicaux", "Medical care",
            "Examen médical avec le consentement de la personne ; soins des blessures et maladies.",
            "Medical examination with the person's consent; care for injuries and illness.",
            C.HEALTH, "high", _category(C.HEALTH),
        ),
        Step(
            "Soutien psychosocial", "Psychosocial support",
            "Premiers secours psychologiques, puis soutien ciblé ou spécialisé selon l'évaluation.",
            "Psychological first aid, then focused or specialised support as assessed.",
            C.MHPSS, "high", _category(C.MHPSS),
        ),
        Step(
            "Assistance juridique", "Legal assistance",
            "Information sur les droits ; plainte et procédure seulement si la personne le décide.",
            "Information on rights; complaint and proceedings only if the person decides so.",
            C.LEGAL, "normal", _category(C.LEGAL),
        ),
        Step(
            "Réintégration économique", "Economic reintegration",
            "Plan de réintégration avec la personne, formation et activité génératrice de revenus.",
            "Reintegration plan with the person, training and an income-generating activity.",
            C.LIVELIHOODS, "normal", _category(C.LIVELIHOODS),
        ),
    ],
    Need.UASC: [
        Step(
            "Protection immédiate et prise en charge adaptée", "Immediate protection and care",
            "Signaler l'enfant aux services de protection de l'enfance ; hébergement adapté.",
            "Report the child to the child protection services; child-appropriate care.",
            C.CHILD_PROTECTION, "emergency", _for_children,
        ),
        Step(
            "Recherche familiale", "Family tracing",
            "Recherche de la famille et évaluation de l'intérêt supérieur de l'enfant.",
            "Tracing the family and assessing the child's best interests.",
            C.FAMILY_TRACING, "high", _category(C.FAMILY_TRACING),
        ),
        Step(
            "Soutien psychosocial adapté à l'enfant", "Child-friendly psychosocial support",
            "Activités de soutien par le jeu, entretiens avec l'enfant et la famille.",
            "Support through play, sessions with the child and the family.",
            C.MHPSS, "normal", _child_mhpss,
        ),
        Step(
            "Réunification et scolarisation", "Reunification and schooling",
            "Retour en famille accompagné, puis école ou apprentissage selon l'âge.",
            "Supported return to the family, then school or apprenticeship depending on age.",
            C.EDUCATION, "normal", _category(C.EDUCATION),
        ),
    ],
    Need.MHPSS: [
        Step(
            "Premiers secours psychologiques et soutien communautaire",
            "Psychological first aid and community support",
            "Écoute, information, lien avec la famille et les groupes de pairs (niveaux 1 et 2).",
            "Listening, information, links with family and peer groups (layers 1 and 2).",
            C.MHPSS, "normal", _layer(L.BASIC, L.COMMUNITY),
        ),
        Step(
            "Soutien ciblé non spécialisé", "Focused non-specialised support",
            "Entretiens individuels ou de groupe avec un conseiller formé (niveau 3).",
            "Individual or group sessions with a trained counsellor (layer 3).",
            C.MHPSS, "normal", _layer(L.FOCUSED),
        ),
        Step(
            "Soins spécialisés", "Specialised care",
            "Psychiatre ou psychologue clinicien pour les troubles sévères (niveau 4).",
            "Psychiatrist or clinical psychologist for severe disorders (layer 4).",
            C.MHPSS, "high", _layer(L.SPECIALISED),
        ),
    ],
    Need.MEDICAL: [
        Step(
            "Soins d'urgence", "Emergency care",
            "Urgence vitale : orienter immédiatement vers les urgences les plus proches.",
            "Life-threatening: refer at once to the nearest emergency ward.",
            C.HEALTH, "emergency", _category(C.HEALTH),
        ),
        Step(
            "Prise en charge des frais", "Covering the costs",
            "Vérifier la gratuité ; sinon, demander une prise en charge au programme.",
            "Check whether care is free; if not, ask the programme to cover the costs.",
            C.CASH, "normal", _free_cash,
        ),
        Step(
            "Suivi et soutien psychosocial", "Follow-up and psychosocial support",
            "Suivre le traitement ; proposer un soutien psychosocial en cas de maladie chronique.",
            "Follow the treatment; offer psychosocial support for chronic illness.",
            C.MHPSS, "normal", _layer(L.COMMUNITY, L.FOCUSED),
        ),
    ],
    Need.GBV: [
        Step(
            "Sécurité et écoute", "Safety and listening",
            "Approche centrée sur la survivante : écouter, ne pas juger, respecter ses choix.",
            "Survivor-centred approach: listen, do not judge, respect her choices.",
            C.GBV, "emergency", _category(C.GBV),
        ),
        Step(
            "Soins médicaux dans les 72 heures", "Medical care within 72 hours",
            "Prophylaxie post-exposition et contraception d'urgence ; certificat médical.",
            "Post-exposure prophylaxis and emergency contraception; medical certificate.",
            C.HEALTH, "emergency", _category(C.HEALTH),
        ),
        Step(
            "Soutien psychosocial", "Psychosocial support",
            "Soutien individuel par une personne formée à la prise en charge des VBG.",
            "Individual support by someone trained in GBV case management.",
            C.MHPSS, "high", _layer(L.FOCUSED),
        ),
        Step(
            "Assistance juridique si elle le souhaite", "Legal assistance if she wishes",
            "Information sur les recours ; aucune démarche sans son accord.",
            "Information on remedies; nothing done without her agreement.",
            C.LEGAL, "normal", _category(C.LEGAL),
        ),
        Step(
            "Autonomisation économique", "Economic empowerment",
            "Activité génératrice de revenus, groupe d'épargne.",
            "Income-generating activity, savings group.",
            C.LIVELIHOODS, "normal", _category(C.LIVELIHOODS),
        ),
    ],
    Need.DOCUMENTATION: [
        Step(
            "Faire la liste des documents perdus", "List the missing documents",
            "Le gestionnaire de cas note ce qui manque et rassemble les preuves (témoins, copies).",
            "The case manager notes what is missing and gathers evidence (witnesses, copies).",
        ),
        Step(
            "Actes d'état civil et pièce d'identité", "Civil records and identity card",
            "Orienter vers le service d'appui aux actes d'état civil.",
            "Refer to the civil registration support service.",
            C.DOCUMENTATION, "normal", _category(C.DOCUMENTATION),
        ),
        Step(
            "Aide juridique en cas de refus", "Legal aid if refused",
            "Jugement supplétif ou recours quand l'état civil refuse l'inscription.",
            "Court ruling or appeal when the registry refuses registration.",
            C.LEGAL, "normal", _category(C.LEGAL),
        ),
    ],
    Need.LIVELIHOODS: [
        Step(
            "Évaluer le projet et les compétences", "Assess the project and skills",
            "Entretien avec la personne sur ses compétences, ses envies et le marché local.",
            "Talk with the person about their skills, wishes and the local market.",
        ),
        Step(
            "Formation professionnelle", "Vocational training",
            "Formation courte ou apprentissage selon le projet.",
            "Short course or apprenticeship depending on the project.",
            C.EDUCATION, "normal", _category(C.EDUCATION),
        ),
        Step(
            "Emploi ou démarrage d'activité", "Job or business start-up",
            "Placement en emploi, ou kit de démarrage et accompagnement.",
            "Job placement, or start-up kit and coaching.",
            C.LIVELIHOODS, "normal", _category(C.LIVELIHOODS),
        ),
        Step(
            "Services financiers", "Financial services",
            "Compte d'épargne, tontine ou microcrédit.",
            "Savings account, savings group or microcredit.",
            C.CASH, "normal", _category(C.CASH),
        ),
    ],
}
# fmt: on

NEED_TITLES: dict[str, tuple[str, str, str, str]] = {
    Need.TRAFFICKING: (
        "Victimes de traite",
        "Trafficking victims",
        "Orientation d'une victime présumée de traite, du premier contact à la réintégration.",
        "Referring a presumed trafficking victim, from first contact to reintegration.",
    ),
    Need.UASC: (
        "Enfants non accompagnés ou séparés",
        "Unaccompanied or separated children",
        "L'intérêt supérieur de l'enfant guide chaque étape ; le consentement vient d'un tuteur.",
        "The child's best interests guide every step; consent comes from a guardian.",
    ),
    Need.MHPSS: (
        "Santé mentale et soutien psychosocial",
        "Mental health and psychosocial support",
        "Orienter vers le niveau de la pyramide IASC qui convient à la personne.",
        "Refer to the layer of the IASC pyramid that suits the person.",
    ),
    Need.MEDICAL: (
        "Soins médicaux",
        "Medical care",
        "Des urgences au suivi du traitement.",
        "From emergency care to treatment follow-up.",
    ),
    Need.GBV: (
        "Violences basées sur le genre",
        "Gender-based violence",
        "Chaque étape se fait avec l'accord de la survivante, à son rythme.",
        "Every step happens with the survivor's agreement, at her pace.",
    ),
    Need.DOCUMENTATION: (
        "Documents d'identité perdus",
        "Lost identity documents",
        "Reconstituer l'état civil et obtenir une pièce d'identité.",
        "Rebuilding civil records and getting an identity document.",
    ),
    Need.LIVELIHOODS: (
        "Réintégration économique",
        "Economic reintegration",
        "Du projet de la personne à une activité qui fait vivre sa famille.",
        "From the person's project to an activity that supports the family.",
    ),
}
# Needs drawn for each country (national pathways), and local pathways (need, region).
NATIONAL_NEEDS: dict[str, list[str]] = {
    "SN": list(STEPS),
    "ML": list(STEPS),
    "CM": [Need.TRAFFICKING, Need.UASC, Need.MHPSS, Need.MEDICAL, Need.GBV, Need.DOCUMENTATION],
}
# A local pathway takes precedence over the country's: (need, region, region's name in French
# and English as a title says it).
LOCAL_PATHWAYS = [
    (Need.MHPSS, "SN-DK", "région de Dakar", "Dakar region"),
    (Need.GBV, "CM-EN", "région de l'Extrême-Nord", "Far North region"),
]


# --- seeding ----------------------------------------------------------------------------------


class _Places:
    """The reference locations the demo needs, by ISO code or "REGION/admin2 name"."""

    def __init__(self) -> None:
        self.by_code: dict[str, Location] = {}
        for place in Location.objects.filter(level__lte=Level.ADMIN2).select_related("parent"):
            if place.iso_code:
                self.by_code[place.iso_code] = place
            if place.level == Level.ADMIN2 and place.parent and place.parent.iso_code:
                self.by_code[f"{place.parent.iso_code}/{place.name_fr}"] = place

    def get(self, code: str) -> Location:
        return self.by_code[code]

    def town(self, key: str) -> Location:
        region, admin2, *_rest = TOWNS[key]
        return self.get(f"{region}/{admin2}" if admin2 else region)

    def serves(self, spec: Spec, area: Location) -> bool:
        """Whether the service covers the area: one of its areas is the area, above it, or
        inside it."""
        for code in spec.areas:
            place = self.get(code)
            if place.pk == area.pk or place.parent_id == area.pk:
                return True
            node: Location | None = area.parent
            while node is not None:
                if node.pk == place.pk:
                    return True
                node = node.parent
        return False


def seed_directory(organisations: dict[str, Organisation], *, seed: int = 2026) -> dict[str, int]:
    """The demo directory, pathways and proposals; returns counts of what exists afterwards.

    Proposals notify the coordinators (e-mails leave on commit), so this function owns its
    transaction: call it outside one."""
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    with override_settings(EMAIL_BACKEND=dummy), transaction.atomic():
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_ACTORS)}
        coordinator = users.get("coordinator")
        places = _Places()
        with acting_as(coordinator) if coordinator else nullcontext():
            services = _seed_services(organisations, places, coordinator, random.Random(seed))
            _seed_pathways(services, places)
        if coordinator is not None and not ServiceChange.objects.exists():
            _seed_changes(organisations, services, places, users)
    return {
        "services": Service.objects.count(),
        "to_verify": sum(1 for s in Service.objects.all() if s.needs_verification()),
        "pathways": Pathway.objects.count(),
        "changes": ServiceChange.objects.count(),
    }


DEMO_ACTORS = ("coordinator", "mentor", "provider", "provider.ml", "casemanager", "protection")


def demo_services() -> dict[str, Service]:
    """The demo services by their key in `SERVICES` (those that exist)."""
    found = {
        (s.provider.acronym, s.name_fr): s
        for s in Service.objects.select_related("provider").filter(
            name_fr__in=[spec.name_fr for spec in SERVICES]
        )
    }
    return {
        spec.key: found[(spec.provider, spec.name_fr)]
        for spec in SERVICES
        if (spec.provider, spec.name_fr) in found
    }


def _seed_services(
    organisations: dict[str, Organisation],
    places: _Places,
    verifier: User | None,
    rng: random.Random,
) -> dict[str, Service]:
    existing = demo_services()
    today = timezone.localdate()
    for spec in SERVICES:
        if spec.key in existing:
            continue
        provider = organisations[spec.provider]
        _region, _admin2, latitude, longitude, neighbourhood = TOWNS[spec.town]
        service = Service.objects.create(
            provider=provider,
            name_fr=spec.name_fr,
            name_en=spec.name_en,
            category=spec.category,
            description_fr=spec.description_fr,
            description_en=spec.description_en,
            address=f"{provider.acronym}, {neighbourhood}",
            location=places.town(spec.town),
            latitude=Decimal(str(latitude)) + Decimal(rng.randint(-30, 30)) / 10_000,
            longitude=Decimal(str(longitude)) + Decimal(rng.randint(-30, 30)) / 10_000,
            phone=spec.phone,
            email=f"accueil@{provider.acronym.lower()}.demo.sutura.invalid",
            focal_point=spec.focal_point,
            opening_hours=spec.hours,
            languages=list(spec.languages),
            min_age=spec.min_age,
            max_age=spec.max_age,
            sexes=list(spec.sexes),
            nationalities=list(spec.nationalities),
            vulnerabilities=list(spec.vulnerabilities),
            eligibility_notes=spec.eligibility_notes,
            cost=spec.cost,
            cost_details=spec.cost_details,
            capacity=spec.capacity,
            how_to_refer=spec.how_to_refer,
            mhpss_layer=spec.mhpss_layer,
            is_active=spec.active,
            last_verified_on=None if spec.verified is None else today - timedelta(spec.verified),
            last_verified_by=None if spec.verified is None else verifier,
        )
        service.areas.set([places.get(code) for code in spec.areas])
        existing[spec.key] = service
    return existing


def _seed_pathways(services: dict[str, Service], places: _Places) -> None:
    drawn = [
        (need, places.get(country), places.get(country).name_fr, places.get(country).name_en)
        for country, needs in NATIONAL_NEEDS.items()
        for need in needs
    ]
    drawn += [
        (need, places.get(region), name_fr, name_en)
        for need, region, name_fr, name_en in LOCAL_PATHWAYS
    ]
    existing = {(p.need, p.area_id) for p in Pathway.objects.all()}
    for need, area, area_fr, area_en in drawn:
        if (need, area.pk) in existing:
            continue
        title_fr, title_en, description_fr, description_en = NEED_TITLES[need]
        local = area.level != Level.COUNTRY
        pathway = Pathway.objects.create(
            need=need,
            area=area,
            title_fr=f"{title_fr} — {area_fr}",
            title_en=f"{title_en} — {area_en}",
            description_fr=description_fr,
            description_en=description_en,
        )
        for order, step in enumerate(STEPS[need], start=1):
            row = PathwayStep.objects.create(
                pathway=pathway,
                order=order,
                title_fr=step.title_fr,
                title_en=step.title_en,
                detail_fr=step.detail_fr,
                detail_en=step.detail_en,
                category=step.category,
                urgency=step.urgency,
            )
            if step.match is None:
                continue
            row.services.set(
                services[spec.key]
                for spec in SERVICES
                if spec.active
                and spec.key in services
                and spec.country == area.country_code
                and step.match(spec)
                and (not local or places.serves(spec, area))
            )


def _seed_changes(
    organisations: dict[str, Organisation],
    services: dict[str, Service],
    places: _Places,
    users: dict[str, User],
) -> None:
    """Proposals as the people would have made them: two waiting for review, one approved, one
    rejected, a confirmation, and a service said to be closed."""
    coordinator = users["coordinator"]
    now = timezone.now()
    proposals: list[tuple[ServiceChange, int]] = []  # and how many days ago it was made

    def act(user: str, write: Callable[..., ServiceChange], **kwargs: Any) -> ServiceChange:
        with acting_as(users[user]):
            return write(actor=users[user], **kwargs)

    if "mentor" in users:
        change = act(
            "mentor",
            propose_new_service,
            data={
                "provider": organisations["CFMC"],
                "name_fr": "Apprentissage en menuiserie métallique",
                "name_en": "Metalwork apprenticeship",
                "category": C.EDUCATION,
                "description_fr": "Apprentissage de 6 mois dans l'atelier du centre, avec un "
                "maître artisan ; outillage fourni.",
                "description_en": "Six-month apprenticeship in the centre's workshop with a "
                "master craftsman; tools provided.",
                "areas": [places.get("SN-TH")],
                "address": "CFMC, route de Mbour, Thiès",
                "latitude": Decimal("14.78120"),
                "longitude": Decimal("-16.93500"),
                "languages": ["wo", "fr"],
                "min_age": 16,
                "cost": Cost.FREE,
                "opening_hours": WEEKDAYS,
            },
            comment="Vu lors d'une visite à un jeune de retour qui y est apprenti depuis un mois.",
        )
        proposals.append((change, 3))
        change = act(
            "mentor",
            propose_change,
            service=services["gft-food"],
            kind=ChangeKind.CLOSE,
            comment="Les membres du groupement disent que les distributions ont cessé depuis la "
            "fin du financement.",
        )
        proposals.append((change, 9))
    if "provider" in users:
        change = act(
            "provider",
            propose_change,
            service=services["jsm-groups"],
            data={
                "opening_hours": "Mercredi et samedi 10 h–12 h, jeudi 16 h–18 h (Wed, Sat, Thu)",
                "capacity": "4 groupes de 12 personnes",
            },
            comment="Un quatrième groupe ouvre le jeudi après-midi.",
        )
        proposals.append((change, 2))
    if "provider.ml" in users:
        change = act(
            "provider.ml",
            propose_change,
            service=services["psf-tracing"],
            data={"phone": "+223 20 29 41 21", "opening_hours": WEEKDAYS_SAT},
            comment="Nouveau numéro de la permanence, ouverte aussi le samedi.",
        )
        with acting_as(coordinator):
            change = approve_change(
                actor=coordinator, change=change, comment="Vérifié par téléphone avec PSF."
            )
        proposals.append((change, 40))
    if "casemanager" in users:
        change = act(
            "casemanager",
            propose_new_service,
            data={
                "provider": organisations["GFT"],
                "name_fr": "Distribution de paniers alimentaires",
                "name_en": "Food baskets",
                "category": C.FOOD_NFI,
                "areas": [places.get("SN-DK/Pikine")],
                "languages": ["wo"],
            },
            comment="Service signalé par une bénéficiaire.",
        )
        with acting_as(coordinator):
            change = reject_change(
                actor=coordinator,
                change=change,
                comment="Ce service figure déjà dans l'annuaire (« Distribution de vivres », GFT) "
                "et une fermeture est signalée : à vérifier avant tout ajout.",
            )
        proposals.append((change, 20))
    if "protection" in users:
        change = act(
            "protection",
            propose_change,
            service=services["psf-mhpss"],
            kind=ChangeKind.VERIFY,
            comment="Appelé le responsable à Ségou : rien n'a changé.",
        )
        with acting_as(coordinator):
            change = approve_change(actor=coordinator, change=change)
        proposals.append((change, 12))
    for change, days in proposals:
        made = now - timedelta(days=days, hours=3)
        reviewed = made + timedelta(hours=20) if change.reviewed_at else None
        ServiceChange.objects.filter(pk=change.pk).update(
            created_at=made, updated_at=reviewed or made, reviewed_at=reviewed
        )
        if reviewed and change.service_id:
            Service.objects.filter(pk=change.service_id).update(
                last_verified_on=timezone.localdate(reviewed)
            )
        # The coordinators were told when it was proposed, the proposer when it was reviewed.
        told = Notification.objects.filter(
            link=reverse("directory:change_detail", args=[change.pk])
        )
        for notes, when in (
            (told.exclude(recipient_id=change.proposed_by_id), made),
            (told.filter(recipient_id=change.proposed_by_id), reviewed),
        ):
            if when is not None:
                read = when + timedelta(hours=2) if now - when > timedelta(days=3) else None
                notes.update(created_at=when, updated_at=when, read_at=read)
