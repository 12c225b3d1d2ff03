"""Synthetic West African returnees registered several times, with errors and ground truth.

`generate(n_records, seed, **knobs)` returns `n_records` registrations (dicts) of people
who were registered one to five times (at the border, in a transit centre, by a partner, at
home), each record written down by someone else, as heard. Deterministic for a seed (no
set or dict-hash ordering is relied upon). Ground truth: `entity_id` (same person).

What makes it hard (each a knob, see `Knobs`):
- names drawn with realistic, heavily skewed frequencies per country (Diallo, Traoré, Ba,
  Sow, Ndiaye, Coulibaly, Camara, Keita; Mamadou, Fatoumata, Aminata, Ibrahima…) plus a long
  tail of rare names;
- spellings as heard (Coulibaly/Kulibali/Koulibaly; Diallo/Jallow/Djallo; N'Diaye/Ndiaye/Njie;
  Fatoumata/Fatimata/Fatou; Mohamed/Mouhamed; Ousmane/Usman), short forms, typos, dropped
  accents and apostrophes, all caps, given and family names swapped, a middle name that
  comes and goes or comes first;
- birth dates exact, estimated (1 January of a guessed year, ±1–3), year only, missing, or
  typed with day and month swapped;
- phones that change (a local SIM in the transit country), are missing, are typed with a
  digit wrong, or belong to a relative;
- identity documents on some records (more at the border), sometimes typed with an error;
- a nationality, left blank on some records, on others written as the transit country's or a
  neighbour's;
- precision traps: siblings and twins sharing a family name, a phone and (twins) a birth
  date; a son named after his father sharing his phone; Fula brothers all called Mamadou
  <something> Diallo; strangers with the same very common name estimated born 1 Jan 1995.

    .venv/bin/python bench/dedup/generator.py          # self-test and a sample
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any


# ----------------------------------------------------------------------------- names
def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


# Family names per country, most common first (frequencies fall off as 1/rank^0.9).
FAMILY: dict[str, list[str]] = {
    "SN": _words(
        "Diop Ndiaye Fall Sow Ba Diallo Faye Gueye Sarr Mbaye Cissé Seck Diouf Thiam Kane "
        "Ndour Sy Niang Dieng Diagne Mbengue Touré Camara Badji Sané Mané Kébé Ndoye Wade Lo "
        "Samb Diatta Mendy Coly Goudiaby Tall Diedhiou"
    ),
    "GM": _words(
        "Jallow Ceesay Touray Bah Njie Sowe Jobe Sanneh Darboe Camara Jammeh Drammeh "
        "Manneh Sonko Bojang Barrow Colley Jatta Fofana Saidy Kinteh Bojang Keita Faal"
    ),
    "ML": _words(
        "Traoré Coulibaly Diarra Keita Konaté Sangaré Sidibé Dembélé Touré Maïga Cissé "
        "Doumbia Diakité Kanté Diallo Koné Samaké Ballo Togola Sissoko Tounkara Dicko Guindo "
        "Cissoko Fofana Kouyaté Bagayoko Sylla"
    ),
    "GN": _words(
        "Diallo Barry Bah Sow Camara Condé Keita Touré Soumah Sylla Bangoura Kourouma "
        "Baldé Cissé Doumbouya Kaba Conté Sidibé Keïta Diakité Fofana Haba Loua Millimono"
    ),
    "CI": _words(
        "Kouassi Koné Traoré Ouattara Coulibaly Yao Konan Kouadio Bamba Diomandé Touré "
        "Koffi Diabaté Soro Yéo N'Guessan Kouamé Fofana Doumbia Cissé Diarrassouba Sanogo "
        "Tra Gbagbo"
    ),
    "CM": _words(
        "Mbarga Ngono Fotso Tchinda Kamga Nana Atangana Essomba Onana Abena Fouda Mbida "
        "Nguema Tchoupo Njoya Moussa Bello Ahidjo Manga Owona Ndongo Eto'o Biya Ekambi"
    ),
    "NE": _words(
        "Issoufou Moussa Abdou Harouna Mahamadou Oumarou Ibrahim Boubacar Amadou Hamani "
        "Maïga Salifou Garba Idrissa Souley Kountché Adamou Hassane Seyni Yacouba"
    ),
    "BF": _words(
        "Ouédraogo Sawadogo Compaoré Kaboré Zongo Ilboudo Traoré Sanou Sankara Kaboré "
        "Nikiéma Zoungrana Tapsoba Diallo Bationo Yaméogo Konaté Ouattara Bamogo Kiemdé"
    ),
    "MR": _words(
        "Ould Ahmed|Ould Mohamed|Mint Ahmed|Ba|Sow|Diallo|Kane|Sy|Ould Sidi|Ould Cheikh|"
        "Mint Mohamed|Ould Brahim|Camara|Wagué|Ndiaye|Ould Abdallah|Ould Salem|Mint Sidi",
        "|",
    ),
}

# Given names per sex; each country draws mostly from the shared Muslim pool and from its own.
MALE_COMMON = _words(
    "Mamadou Ibrahima Moussa Abdoulaye Ousmane Mohamed Amadou Seydou Boubacar Souleymane "
    "Alhassane Lamine Oumar Adama Bakary Cheikh Modou Aliou Issa Idrissa Salif Drissa "
    "Abdou Kalilou Alpha Saliou Ismaël Youssouf Hamidou Yaya Sékou Mahamadou Fodé Karamoko "
    "Tidiane Demba Samba Assane Ousseynou Malick Babacar Pape Papa Omar Ebrima Lansana "
    "Amara Sidiki Hassane Harouna Abdoulaziz Djibril Daouda Sadio Boubou"
)
FEMALE_COMMON = _words(
    "Fatoumata Aminata Mariama Aïssatou Kadiatou Oumou Awa Adama Hawa Djeneba Binta "
    "Salimata Rokia Ramatoulaye Mariam Kadidia Assitan Fanta Korotoumou Nafissatou Ndeye "
    "Khady Coumba Sokhna Astou Penda Yacine Bineta Maimouna Safiatou Dieynaba Haby "
    "Hadiza Zeinabou Halima Rabi Aïcha Fatimata Sira Nene Tenin Bintou Massaran Sali "
    "Isatou Mame Diarra"
)
OWN_MALE: dict[str, list[str]] = {
    "CI": _words("Kouadio Kouassi Koffi Yao Konan Kouamé N'Guessan Kouakou Yves Jean-Baptiste"),
    "CM": _words("Jean Paul Emmanuel Pierre Jean-Pierre Joseph André Samuel Christian Blaise"),
    "BF": _words("Wendkouni Boukary Rasmané Issouf Salam Inoussa Hamado Noufou"),
    "NE": _words("Abdou Issoufou Oumarou Moustapha Illiassou Hamissou Sani"),
    "MR": _words("Sidi Mohamed Ahmed Cheikh Brahim Mohamedou Salem Abdallahi El-Hadj"),
    "GM": _words("Ebrima Lamin Momodou Bubacarr Alieu Sheriff Musa Pa"),
}
OWN_FEMALE: dict[str, list[str]] = {
    "CI": _words("Aya Adjoua Affoué Amenan Akissi Ahou Marie-Claire Yolande"),
    "CM": _words("Marie Christelle Brigitte Josiane Solange Pauline Marie-Thérèse Nadège"),
    "BF": _words("Alimata Rasmata Mariétou Awa Pélagie Safiatou"),
    "NE": _words("Hadiza Zeinabou Rabi Halima Fati Mariama Balki"),
    "MR": _words("Mariem Fatimetou Aichetou Khadijetou Mounina Vatma"),
    "GM": _words("Isatou Fatou Mariama Haddy Ndey Kaddy Binta"),
}

# Spellings as heard, by canonical name (both directions are used: any form can be the true
# one). Sources: the domain notes of issue 19, Gambian/Senegalese/Malian civil-registry usage
# (English vs French transliteration of Wolof, Mandinka, Fula, Bambara names).
VARIANTS: dict[str, list[str]] = {
    # family names
    "Coulibaly": ["Kulibali", "Koulibaly", "Kulibaly", "Coulibali", "Couilbaly"],
    "Diallo": ["Jallow", "Djallo", "Diallow", "Jalloh", "Dialo"],
    "Jallow": ["Diallo", "Jalloh", "Jalow"],
    "Ndiaye": ["N'Diaye", "Njie", "Ndiay", "Ndyaye", "N'Diay"],
    "N'Diaye": ["Ndiaye", "Njie", "N Diaye"],
    "Njie": ["Ndiaye", "N'Diaye", "Njai"],
    "Traoré": ["Traore", "Trawore", "Tarawally", "Traorè", "Traoure"],
    "Keita": ["Keïta", "Kéita", "Kaita", "Keyta"],
    "Keïta": ["Keita", "Kaita"],
    "Touré": ["Toure", "Turay", "Touray", "Tourè"],
    "Touray": ["Touré", "Turay"],
    "Sow": ["Sowe", "Soh"],
    "Sowe": ["Sow"],
    "Ba": ["Bah", "Baa"],
    "Bah": ["Ba", "Baa"],
    "Barry": ["Bari", "Barrie", "Bary"],
    "Camara": ["Kamara", "Camarra"],
    "Cissé": ["Sissé", "Cisse", "Ceesay", "Sisay", "Cissi"],
    "Ceesay": ["Cissé", "Sisay", "Ceesey"],
    "Diop": ["Jobe", "Diope", "Job", "Dioop"],
    "Jobe": ["Diop", "Job"],
    "Sy": ["Sih", "Sylla"],
    "Konaté": ["Konateh", "Konate", "Konnaté"],
    "Diarra": ["Jara", "Diara", "Djarra"],
    "Dembélé": ["Dembele", "Dembelé", "Dembelle"],
    "Sidibé": ["Sidibeh", "Sidibe", "Sidibay"],
    "Sangaré": ["Sangare", "Sanghare", "Sangarè"],
    "Gueye": ["Gaye", "Gey", "Guèye", "Guey"],
    "Faye": ["Fye", "Fay", "Fahye"],
    "Fall": ["Fal", "Faal"],
    "Faal": ["Fall", "Fal"],
    "Sarr": ["Sar", "Saar"],
    "Mbaye": ["M'Baye", "Mbay", "Mbai"],
    "Seck": ["Sek", "Secka"],
    "Diouf": ["Juf", "Diouff", "Diuf"],
    "Thiam": ["Tiam", "Cham", "Thiame"],
    "Kane": ["Kan", "Cane", "Kaneh"],
    "Niang": ["Nyang", "Niange"],
    "Sanneh": ["Sané", "Sane", "Saneh"],
    "Sané": ["Sanneh", "Sane"],
    "Ouédraogo": ["Ouedraogo", "Wedraogo", "Ouédrago", "Ouedrago"],
    "Sawadogo": ["Savadogo", "Sawadgo"],
    "Kaboré": ["Kabore", "Kaborè"],
    "Maïga": ["Maiga", "Mayga", "Maïg"],
    "Kourouma": ["Kuruma", "Kouroma"],
    "Bangoura": ["Bangura", "Bangoua"],
    "Soumah": ["Souma", "Sumah", "Soumaah"],
    "Sylla": ["Silla", "Sila", "Syla"],
    "Condé": ["Conde", "Konde", "Kondé"],
    "Diakité": ["Jakite", "Diakite", "Diakhité", "Diakitè"],
    "Doumbia": ["Dumbia", "Doumbya", "Dumbuya"],
    "Doumbouya": ["Dumbuya", "Doumbuya"],
    "Kanté": ["Kante", "Kanteh"],
    "Ouattara": ["Watara", "Wattara", "Ouatara"],
    "Diomandé": ["Diomande", "Jomande", "Diomandè"],
    "Koné": ["Kone", "Konneh", "Konè"],
    "Kouassi": ["Kwasi", "Kouasi", "Kouassy"],
    "Kouamé": ["Kwame", "Kouame"],
    "N'Guessan": ["Nguessan", "Ngessan", "N Guessan"],
    "Issoufou": ["Issifou", "Yusufu", "Issoufa"],
    "Oumarou": ["Umaru", "Oumaru", "Omarou"],
    "Harouna": ["Haruna", "Arouna"],
    "Baldé": ["Balde", "Baldeh"],
    "Drammeh": ["Dramé", "Drame", "Dramme"],
    "Darboe": ["Darbo", "Darboé"],
    "Tchinda": ["Chinda", "Tshinda"],
    "Kamga": ["Camga", "Kamgha"],
    "Samaké": ["Samake", "Samakè"],
    "Sissoko": ["Cissoko", "Sisoko"],
    "Kouyaté": ["Kouyate", "Kuyateh", "Kouyatè"],
    "Bagayoko": ["Bagayogo", "Bagayoko"],
    "Ould Ahmed": ["Ahmed", "Ould Ahmad", "O. Ahmed"],
    "Ould Mohamed": ["Mohamed", "Ould Mohammed", "Ould Mouhamed"],
    "Ould Sidi": ["Sidi", "Ould Sidy"],
    "Ould Cheikh": ["Cheikh", "Ould Cheick"],
    # given names
    "Fatoumata": ["Fatimata", "Fatou", "Fatoumatta", "Fatumata", "Fatim", "Fatuma"],
    "Fatimata": ["Fatoumata", "Fatou", "Fatima"],
    "Fatou": ["Fatoumata", "Fatu", "Fatou"],
    "Mohamed": ["Mouhamed", "Mohammed", "Muhammad", "Mohamadou", "Mahamed"],
    "Mamadou": ["Mamadu", "Mamoudou", "Mamadi", "Madou", "Momodou"],
    "Momodou": ["Mamadou", "Modou", "Momodu"],
    "Ousmane": ["Usman", "Ousman", "Osmane", "Ousmann", "Usmane"],
    "Aminata": ["Aminatta", "Aminatou", "Amina", "Aminta"],
    "Ibrahima": ["Ibrahim", "Brahima", "Ibra", "Ebrima", "Ibrahime"],
    "Ebrima": ["Ibrahima", "Ebrahima", "Ibrahim"],
    "Abdoulaye": ["Abdoulay", "Abdulai", "Abdoullah", "Abdou", "Abdullahi"],
    "Moussa": ["Musa", "Mousa", "Moussah"],
    "Musa": ["Moussa", "Mousa"],
    "Mariama": ["Mariam", "Mariyama", "Mariame", "Mariamma"],
    "Aïssatou": ["Aissatou", "Aisatou", "Isatou", "Aïssata", "Aissata"],
    "Isatou": ["Aïssatou", "Isatu", "Aissatou"],
    "Oumou": ["Umu", "Oumy", "Ummu"],
    "Kadiatou": ["Kadiatu", "Khadija", "Hadiatou", "Kadija", "Kadjatou"],
    "Awa": ["Hawa", "Ava"],
    "Hawa": ["Awa", "Haoua"],
    "Seydou": ["Saidou", "Saydou", "Seidou", "Sidou"],
    "Boubacar": ["Bubacarr", "Boubakar", "Bubakar", "Aboubacar", "Boubacarr"],
    "Alhassane": ["Alasan", "Alassane", "Alhasan", "Lassana"],
    "Souleymane": ["Suleiman", "Souleyman", "Sulayman", "Soulèymane", "Souleimane"],
    "Lamine": ["Lamin", "Alamine", "Lamina"],
    "Lamin": ["Lamine"],
    "Cheikh": ["Cheick", "Sheikh", "Cheikhou", "Shaikh", "Cheik"],
    "Modou": ["Modu", "Moudou", "Momodou"],
    "Oumar": ["Omar", "Umar", "Oumarou"],
    "Omar": ["Oumar", "Umar"],
    "Amadou": ["Ahmadou", "Amadu", "Hamadou", "Ahmed"],
    "Binta": ["Bintou", "Bintu"],
    "Djeneba": ["Jeneba", "Dieneba", "Zeneba", "Djénéba"],
    "Salimata": ["Salamata", "Salimatou"],
    "Rokia": ["Rokiatou", "Rokhaya", "Rokiya"],
    "Ndeye": ["N'Deye", "Ndèye", "Ndey"],
    "Khady": ["Kady", "Khadi", "Kaddy"],
    "Coumba": ["Kumba", "Koumba"],
    "Sokhna": ["Sokna", "Sokhana"],
    "Ramatoulaye": ["Ramata", "Ramatoulai", "Ramatu"],
    "Salif": ["Saliff", "Salifou"],
    "Drissa": ["Idrissa", "Driss", "Dirissa"],
    "Idrissa": ["Drissa", "Idriss"],
    "Bakary": ["Bakari", "Bakarr", "Backary"],
    "Kalilou": ["Khalilou", "Kalilu", "Khalil"],
    "Youssouf": ["Yusuf", "Youssoufa", "Yousouf"],
    "Ismaël": ["Ismael", "Ismaila", "Ismaïla"],
    "Sékou": ["Sekou", "Seku", "Sékouba"],
    "Fodé": ["Fode", "Fodeh", "Fodey"],
    "Tidiane": ["Tijan", "Tidjane", "Tijani"],
    "Assane": ["Hassane", "Assan", "Hassan"],
    "Hassane": ["Assane", "Hassan"],
    "Ousseynou": ["Housseynou", "Ousseinou", "Husseini"],
    "Babacar": ["Babacarr", "Bacar"],
    "Djibril": ["Jibril", "Djibi", "Jibriil"],
    "Daouda": ["Dawda", "Dauda"],
    "Maimouna": ["Maïmouna", "Mai", "Maimuna"],
    "Nafissatou": ["Nafi", "Nafisatou"],
    "Safiatou": ["Safiétou", "Safi"],
    "Aïcha": ["Aicha", "Aisha", "Aïssa"],
    "Zeinabou": ["Zenabou", "Zainab", "Zeynab"],
    "Hadiza": ["Hadizatou", "Hadjia"],
    "Dieynaba": ["Dienaba", "Jeynaba"],
    "Kouadio": ["Kwadio", "Kouadjo"],
    "Koffi": ["Kofi", "Kouffi"],
    "Kouakou": ["Kwaku", "Kouacou"],
    "Jean-Pierre": ["Jean Pierre", "Jean-Pière"],
    "Marie-Claire": ["Marie Claire", "Mari-Claire"],
    "Momodou Lamin": ["Mamadou Lamine"],
    "Bubacarr": ["Boubacar", "Bubacar"],
    "Alieu": ["Aliou", "Alioune"],
    "Aliou": ["Alieu", "Alioune", "Aliu"],
    "Mahamadou": ["Mahamadu", "Mohamadou", "Mamadou"],
    "Yacine": ["Yassine", "Yasin"],
    "Mame": ["Mam", "Maam"],
}

# Twins by tradition (Wolof, Fula, Mandinka): the precision trap of siblings born together.
TWIN_NAMES = {
    "male": [("Assane", "Ousseynou"), ("Lassana", "Alassane"), ("Adama", "Awa")],
    "female": [("Awa", "Adama"), ("Fatou", "Fatoumata"), ("Assa", "Awa")],
}
COUNTRIES = ["SN", "GM", "ML", "GN", "CI", "CM", "NE", "BF", "MR"]
COUNTRY_WEIGHTS = [22, 10, 16, 16, 9, 5, 6, 8, 8]
# Where people are registered on the way back: transit countries by origin.
TRANSIT: dict[str, list[str]] = {
    "SN": ["MR", "ML"],
    "GM": ["SN", "MR"],
    "ML": ["NE", "MR", "SN"],
    "GN": ["ML", "SN"],
    "CI": ["ML", "BF"],
    "CM": ["NE"],
    "NE": ["NE"],
    "BF": ["NE", "ML"],
    "MR": ["SN"],
}
# Country calling code and how a local mobile number is built (E.164).
PHONE: dict[str, tuple[str, list[str], int]] = {
    "SN": ("+221", ["70", "75", "76", "77", "78"], 7),
    "GM": ("+220", ["2", "3", "7", "9"], 6),
    "ML": ("+223", ["6", "7", "9", "5"], 7),
    "GN": ("+224", ["62", "65", "66", "61"], 7),
    "CI": ("+225", ["07", "05", "01"], 8),
    "CM": ("+237", ["67", "69", "65", "68"], 7),
    "NE": ("+227", ["9", "8"], 7),
    "BF": ("+226", ["7", "6", "5"], 7),
    "MR": ("+222", ["2", "3", "4"], 7),
}
CONTEXTS = ["border", "transit", "partner", "home"]
CONTEXT_NOISE = {"border": 1.4, "transit": 1.2, "partner": 1.0, "home": 0.7}
TODAY = date(2026, 6, 1)
SYLLABLES = _words(
    "ba be bi bo bou da de di do dou fa fo ga go gou ka ke ki ko kou la le li lo ma me mi "
    "mo mou na ne ni no nou sa se si so sou ta te ti to tou ya yo za zo kha dia nia ngo mba "
    "ndo sse ré té dé né lé"
)


@dataclass(frozen=True)
class Knobs:
    """How hard the data is. `noise` scales every per-record error rate at once."""

    noise: float = 1.0
    records_weights: tuple[float, ...] = (0.38, 0.27, 0.17, 0.11, 0.07)  # 1..5 records
    rare_name_share: float = 0.22  # family names from the long tail (invented, unique-ish)
    household_share: float = 0.22  # entities that bring relatives (siblings, twins, a son)
    lookalike_share: float = 0.06  # strangers called the commonest name, "born 1 Jan 1995"
    minor_share: float = 0.2
    variant_rate: float = 0.30  # a name word written another way, per word
    typo_rate: float = 0.08  # per name word
    middle_drop_rate: float = 0.35  # a second given name left out (or only it kept)
    given_order_rate: float = 0.10  # given names in another order
    swap_rate: float = 0.07  # given and family names exchanged
    caps_rate: float = 0.25
    accent_drop_rate: float = 0.45
    no_phone_rate: float = 0.2
    new_phone_rate: float = 0.18  # a local SIM bought on the way, or a new number
    relative_phone_rate: float = 0.06  # the number of a relative, given instead
    phone_typo_rate: float = 0.03
    document_rate: float = 0.35  # share of records with a document (more at the border)
    document_typo_rate: float = 0.06
    dob_missing_rate: float = 0.12
    dob_estimated_rate: float = 0.35
    dob_typo_rate: float = 0.04
    # Nationality as the form records it: left blank, or written as another country (the
    # transit country's, a neighbour's, a second nationality). Drawn from a random stream of
    # its own, so the other fields of a seed are those of a generator without it; 0 and 1
    # give no nationality at all (`nationality_missing_rate=1`).
    nationality_missing_rate: float = 0.12
    nationality_error_rate: float = 0.04


# ----------------------------------------------------------------------------- helpers
def _zipf(rng: random.Random, items: list[str], s: float = 0.9) -> str:
    weights = [1.0 / (rank + 1) ** s for rank in range(len(items))]
    return rng.choices(items, weights=weights)[0]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))  # the first letter is usually right
    kind = rng.random()
    if kind < 0.3:  # substitution by a letter that sounds or sits close
        swaps = {"a": "e", "e": "i", "i": "y", "o": "u", "u": "o", "y": "i", "k": "c", "c": "k"}
        ch = word[i].lower()
        new = swaps.get(ch, rng.choice("aeioumnlrst"))
        return word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1 :]
    if kind < 0.55:  # letter dropped
        return word[:i] + word[i + 1 :]
    if kind < 0.8:  # letter doubled
        return word[:i] + word[i] + word[i:]
    if i < len(word) - 1:  # neighbours transposed
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


def _rare_name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 2, 3])))
    return word.capitalize()


def _phone(rng: random.Random, country: str) -> str:
    code, prefixes, digits = PHONE[country]
    return code + rng.choice(prefixes) + "".join(rng.choice("0123456789") for _ in range(digits))


def _phone_typo(rng: random.Random, phone: str) -> str:
    start = 6  # keep the country code and operator prefix
    i = rng.randrange(start, len(phone))
    if rng.random() < 0.5 and i < len(phone) - 1:
        return phone[:i] + phone[i + 1] + phone[i] + phone[i + 2 :]
    return phone[:i] + rng.choice("0123456789") + phone[i + 1 :]


def _document(rng: random.Random, country: str, kind: str) -> str:
    if kind == "passport":
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return rng.choice(letters) + rng.choice(letters) + f"{rng.randrange(10**7):07d}"
    length = {"SN": 13, "ML": 15, "GN": 12, "CI": 11, "BF": 12}.get(country, 10)
    return "".join(rng.choice("0123456789") for _ in range(length))


def _document_typo(rng: random.Random, number: str) -> str:
    i = rng.randrange(len(number))
    confusions = {"0": "O", "O": "0", "1": "I", "I": "1", "8": "B", "B": "8", "5": "S"}
    if number[i] in confusions and rng.random() < 0.5:
        return number[:i] + confusions[number[i]] + number[i + 1 :]
    if rng.random() < 0.4 and i < len(number) - 1:
        return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    return number[:i] + rng.choice("0123456789") + number[i + 1 :]


# ----------------------------------------------------------------------------- entities
@dataclass
class Entity:
    entity_id: int
    country: str
    sex: str
    given: list[str]  # one or two given names, as the person would write them
    family: str
    birth: date
    phone: str | None
    document: tuple[str, str] | None  # (type, number)
    household: int  # shared by relatives (their phones may be given for each other)
    trap: str = ""  # siblings, twins, father_son, fula_brothers, lookalike


def _given(rng: random.Random, country: str, sex: str) -> str:
    own = (OWN_MALE if sex == "male" else OWN_FEMALE).get(country, [])
    common = MALE_COMMON if sex == "male" else FEMALE_COMMON
    if own and rng.random() < 0.45:
        return _zipf(rng, own)
    return _zipf(rng, common, 1.0)


def _family(rng: random.Random, country: str, knobs: Knobs) -> str:
    if rng.random() < knobs.rare_name_share:
        return _rare_name(rng)
    if rng.random() < 0.08:  # a family from a neighbouring country
        country = rng.choice(COUNTRIES)
    return _zipf(rng, FAMILY[country])


def _birth(rng: random.Random, knobs: Knobs, *, minor: bool | None = None) -> date:
    if minor is None:
        minor = rng.random() < knobs.minor_share
    age_days = rng.randrange(6 * 365, 18 * 365) if minor else rng.randrange(18 * 365, 55 * 365)
    return date(2026, 6, 1) - timedelta(days=age_days)


def _new_entity(
    rng: random.Random, entity_id: int, household: int, knobs: Knobs, **fixed: Any
) -> Entity:
    country = fixed.get("country") or rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0]
    sex = fixed.get("sex") or rng.choice(["male", "female"])
    given = fixed.get("given")
    if given is None:
        given = [_given(rng, country, sex)]
        if rng.random() < 0.45:
            second = _given(rng, country, sex)
            if second != given[0]:
                given.append(second)
    family = fixed.get("family") or _family(rng, country, knobs)
    birth = fixed.get("birth") or _birth(rng, knobs)
    phone = fixed["phone"] if "phone" in fixed else _phone(rng, country)
    document = None
    if rng.random() < 0.55:
        kind = rng.choice(["passport", "national_id", "national_id"])
        document = (kind, _document(rng, country, kind))
    return Entity(entity_id, country, sex, list(given), family, birth, phone, document, household)


def _relatives(rng: random.Random, head: Entity, next_id: int, knobs: Knobs) -> list[Entity]:
    """Relatives of `head` who are registered too: the traps for precision."""
    kind = rng.choices(["siblings", "twins", "father_son", "fula_brothers"], [5, 2, 2, 2])[0]
    same = {"country": head.country, "family": head.family, "phone": head.phone}
    out: list[Entity] = []
    if kind == "siblings":
        for k in range(rng.choice([1, 1, 2, 3])):
            birth = head.birth + timedelta(days=rng.choice([-1, 1]) * rng.randrange(300, 3000))
            birth = min(birth, date(2026, 1, 1))
            out.append(_new_entity(rng, next_id + k, head.household, knobs, birth=birth, **same))
    elif kind == "twins":
        names = rng.choice(TWIN_NAMES[head.sex])
        head.given = [names[0]]
        sex = head.sex if rng.random() < 0.6 else ("female" if head.sex == "male" else "male")
        out.append(
            _new_entity(
                rng, next_id, head.household, knobs, sex=sex, given=[names[1]],
                birth=head.birth, **same,
            )
        )  # fmt: skip
    elif kind == "father_son":
        # The son is named after his father (same given and family names, same phone).
        head.sex = "male"
        head.given = [_given(rng, head.country, "male")]
        head.birth = _birth(rng, knobs, minor=False)
        if head.birth > date(1985, 1, 1):
            head.birth = head.birth.replace(year=head.birth.year - 20)
        son_birth = head.birth + timedelta(days=rng.randrange(20 * 365, 35 * 365))
        out.append(
            _new_entity(
                rng, next_id, head.household, knobs, sex="male", given=list(head.given),
                birth=min(son_birth, date(2024, 1, 1)), **same,
            )
        )  # fmt: skip
    else:
        # Fula brothers: Mamadou Saliou, Mamadou Alpha, Mamadou Lamarana Diallo.
        head.sex = "male"
        head.family = rng.choice(["Diallo", "Bah", "Barry", "Sow", "Baldé"])
        head.given = ["Mamadou", _given(rng, head.country, "male")]
        same["family"] = head.family
        for k in range(rng.choice([1, 2])):
            second = rng.choice(["Saliou", "Alpha", "Lamarana", "Oury", "Dian", "Bailo"])
            birth = head.birth + timedelta(days=rng.choice([-1, 1]) * rng.randrange(400, 2500))
            out.append(
                _new_entity(
                    rng, next_id + k, head.household, knobs, sex="male",
                    given=["Mamadou", second], birth=min(birth, date(2024, 1, 1)), **same,
                )
            )  # fmt: skip
    for entity in [head, *out]:
        entity.trap = kind
    return out


def _lookalike(rng: random.Random, entity_id: int, knobs: Knobs) -> Entity:
    """A stranger with the commonest name, estimated born 1 January 1995 (or so)."""
    sex = rng.choice(["male", "female"])
    given = ["Mamadou" if sex == "male" else rng.choice(["Fatoumata", "Aminata"])]
    family = rng.choice(["Diallo", "Traoré", "Camara", "Coulibaly", "Ndiaye", "Sow"])
    year = rng.choice([1995, 1995, 1995, 1990, 2000])
    country = rng.choice(["SN", "GN", "ML", "GM"])
    entity = _new_entity(
        rng, entity_id, -entity_id, knobs, sex=sex, given=given, family=family,
        birth=date(year, 1, 1), country=country,
    )  # fmt: skip
    entity.phone = _phone(rng, country) if rng.random() < 0.5 else None
    entity.document = None
    entity.trap = "lookalike"
    return entity


# ----------------------------------------------------------------------------- records
def _spell(
    rng: random.Random, word: str, knobs: Knobs, context_noise: float, errors: list[str]
) -> str:
    """One name word as a clerk writes it down."""
    if rng.random() < knobs.variant_rate * knobs.noise * context_noise and word in VARIANTS:
        word = rng.choice(VARIANTS[word])
        errors.append("variant")
    if rng.random() < knobs.typo_rate * knobs.noise * context_noise:
        typed = _typo(rng, word)
        if typed != word:
            errors.append("typo")
        word = typed
    return word


def _names(
    rng: random.Random, entity: Entity, context: str, knobs: Knobs, errors: list[str]
) -> tuple[str, str]:
    noise = CONTEXT_NOISE[context]
    rate = knobs.noise * noise
    given = list(entity.given)
    if len(given) == 2 and rng.random() < knobs.middle_drop_rate * rate:
        given = [given[0]] if rng.random() < 0.7 else [given[1]]
        errors.append("middle_dropped")
    elif len(given) == 1 and rng.random() < 0.06 * rate:  # a middle name appears
        given.append(_given(rng, entity.country, entity.sex))
        errors.append("middle_added")
    if len(given) == 2 and rng.random() < knobs.given_order_rate * rate:
        given.reverse()
        errors.append("given_order")
    given_text = " ".join(_spell(rng, w, knobs, noise, errors) for w in given)
    family = _spell(rng, entity.family, knobs, noise, errors)
    if family == entity.family and " " in family and rng.random() < 0.3 * rate:
        family = family.split(" ", 1)[1]  # "Ould Ahmed" written "Ahmed"
        errors.append("ould_dropped")
    if rng.random() < knobs.swap_rate * rate:
        given_text, family = family, given_text
        errors.append("swap")
    if rng.random() < knobs.accent_drop_rate * rate:
        bare = strip_accents(given_text), strip_accents(family)
        if bare != (given_text, family):
            errors.append("accents")
        given_text, family = bare
    if rng.random() < 0.5 * knobs.accent_drop_rate * rate and "'" in given_text + family:
        given_text, family = given_text.replace("'", ""), family.replace("'", "")
        errors.append("apostrophe")
    if rng.random() < knobs.caps_rate * (1.6 if context == "partner" else 1.0):
        given_text, family = given_text.upper(), family.upper()
        errors.append("caps")
    elif rng.random() < 0.03 * rate:
        given_text, family = given_text.lower(), family.lower()
        errors.append("lower")
    return given_text.strip(), family.strip() or "?"


def _birth_date(
    rng: random.Random, entity: Entity, rate: float, knobs: Knobs, shown_document: bool,
    errors: list[str],
) -> tuple[date | None, bool]:  # fmt: skip
    """Exact when a document was shown, otherwise often guessed."""
    draw = rng.random()
    if draw < knobs.dob_missing_rate * rate and not shown_document:
        errors.append("dob_missing")
        return None, False
    if draw < (knobs.dob_missing_rate + knobs.dob_estimated_rate) * rate and not shown_document:
        delta = rng.choices([0, -1, 1, -2, 2, -3, 3], [30, 20, 20, 10, 10, 5, 5])[0]
        errors.append("dob_year_only" if delta == 0 else "dob_estimated")
        return date(min(entity.birth.year + delta, 2026), 1, 1), True
    if rng.random() < knobs.dob_typo_rate * rate:
        errors.append("dob_typo")
        if entity.birth.day <= 12 and entity.birth.day != entity.birth.month:
            return entity.birth.replace(day=entity.birth.month, month=entity.birth.day), False
        return min(entity.birth + timedelta(days=rng.choice([-1, 1, 10, -10])), TODAY), False
    return entity.birth, False


def _phones(
    rng: random.Random, entity: Entity, place: str, rate: float, knobs: Knobs,
    household_phones: list[str], errors: list[str],
) -> tuple[str, list[str]]:  # fmt: skip
    """The person's own phone, a new one, a relative's, mistyped, or none."""
    phone = entity.phone or ""
    draw = rng.random()
    no_phone = knobs.no_phone_rate * rate
    new_phone = no_phone + knobs.new_phone_rate * rate
    relative = new_phone + knobs.relative_phone_rate * rate
    if not phone or draw < no_phone:
        errors.append("phone_missing")
        return "", []
    if draw < new_phone:
        errors.append("phone_new")
        return _phone(rng, place), ([phone] if rng.random() < 0.3 else [])
    if draw < relative:
        errors.append("phone_relative")
        relatives = [p for p in household_phones if p != phone]
        return (rng.choice(relatives) if relatives else _phone(rng, entity.country)), []
    if rng.random() < knobs.phone_typo_rate * rate:
        errors.append("phone_typo")
        return _phone_typo(rng, phone), []
    return phone, []


def _record(
    rng: random.Random,
    entity: Entity,
    context: str,
    knobs: Knobs,
    household_phones: list[str],
) -> dict[str, Any]:
    rate = knobs.noise * CONTEXT_NOISE[context]
    place = entity.country
    if context in ("border", "transit") and rng.random() < 0.7:
        place = rng.choice(TRANSIT[entity.country])
    errors: list[str] = []
    given, family = _names(rng, entity, context, knobs, errors)
    shown_document = entity.document is not None and rng.random() < min(
        1.0, knobs.document_rate * (1.8 if context == "border" else 1.0) / 0.55
    )
    birth, estimated = _birth_date(rng, entity, rate, knobs, shown_document, errors)
    phone, other = _phones(rng, entity, place, rate, knobs, household_phones, errors)
    document_type = document_number = ""
    if shown_document and entity.document is not None:
        document_type, document_number = entity.document
        if rng.random() < knobs.document_typo_rate * rate:
            document_number = _document_typo(rng, document_number)
            errors.append("document_typo")
        if document_type == "passport" and rng.random() < 0.1:
            document_number = document_number.lower()
    sex = entity.sex
    if rng.random() < 0.02 * rate:
        sex = "not_stated"
        errors.append("sex_not_stated")
    return {
        "family_name": family,
        "given_names": given,
        "sex": sex,
        "birth_date": birth,
        "birth_date_estimated": estimated,
        "phone": phone,
        "other_phones": other,
        "document_type": document_type,
        "document_number": document_number,
        "place": place,
        "nationality": "",
        "entity_id": entity.entity_id,
        "record_id": 0,
        # Not for matchers, for the benchmark's analysis: how it was written and why.
        "context": context,
        "errors": errors,
        "trap": entity.trap,
        "true_name": " ".join([*entity.given, entity.family]),
    }


def generate(n_records: int, seed: int, **knobs: Any) -> list[dict[str, Any]]:
    """`n_records` registrations of people registered 1–5 times; see the module docstring.

    Keys: family_name, given_names, sex, birth_date (date | None), birth_date_estimated,
    phone, other_phones, document_type, document_number, place (country code), nationality
    (country code or ""), context, entity_id (ground truth), record_id (0..n-1, in the
    returned, shuffled order).
    """
    settings = replace(Knobs(), **knobs)  # an unknown knob raises TypeError
    rng = random.Random(seed)
    entities: list[Entity] = []
    counts: list[int] = []
    total = 0
    household = 0
    while total < n_records:
        household += 1
        if rng.random() < settings.lookalike_share:
            group = [_lookalike(rng, len(entities), settings)]
        else:
            head = _new_entity(rng, len(entities), household, settings)
            group = [head]
            if rng.random() < settings.household_share:
                group += _relatives(rng, head, len(entities) + 1, settings)
        for entity in group:
            n = rng.choices(range(1, 6), settings.records_weights)[0]
            entities.append(entity)
            counts.append(n)
            total += n
    phones_by_household: dict[int, list[str]] = {}
    for entity in entities:
        if entity.phone:
            phones_by_household.setdefault(entity.household, []).append(entity.phone)
    # Relatives may carry their own phone: give some of them a second number of their own.
    records: list[dict[str, Any]] = []
    for entity, n in zip(entities, counts, strict=True):
        if entity.household in phones_by_household and entity.phone and rng.random() < 0.3:
            entity.phone = _phone(rng, entity.country)  # not the shared family phone any more
            phones_by_household[entity.household].append(entity.phone)
        contexts = rng.sample(CONTEXTS, k=min(n, 4)) + ["home"] * max(0, n - 4)
        household_phones = phones_by_household.get(entity.household, [])
        records += [_record(rng, entity, c, settings, household_phones) for c in contexts]
    records = records[:n_records]
    rng.shuffle(records)
    nationality_rng = random.Random(f"nationality-{seed}")
    countries = {entity.entity_id: entity.country for entity in entities}
    for i, record in enumerate(records):
        record["record_id"] = i
        record["nationality"] = _nationality(
            nationality_rng, countries[record["entity_id"]], record, settings
        )
    return records


def _nationality(rng: random.Random, country: str, record: dict[str, Any], knobs: Knobs) -> str:
    """The nationality a clerk writes: the person's, none, or another country's (the transit
    country where the record was made, or any of the region's)."""
    rate = knobs.noise * CONTEXT_NOISE[record["context"]]
    draw = rng.random()
    if draw < knobs.nationality_missing_rate * rate:
        record["errors"].append("nationality_missing")
        return ""
    if draw < (knobs.nationality_missing_rate + knobs.nationality_error_rate) * rate:
        record["errors"].append("nationality_other")
        if record["place"] != country and rng.random() < 0.6:
            return str(record["place"])
        return rng.choice([c for c in COUNTRIES if c != country])
    return country


def true_pairs(records: list[dict[str, Any]]) -> int:
    """Number of record pairs that are the same person."""
    sizes = Counter(r["entity_id"] for r in records)
    return sum(n * (n - 1) // 2 for n in sizes.values())


def _self_test() -> None:
    a = generate(3000, seed=7)
    b = generate(3000, seed=7)
    c = generate(3000, seed=8)
    assert a == b, "not deterministic for a seed"
    assert a != c, "the seed changes nothing"
    assert len(a) == 3000 and [r["record_id"] for r in a] == list(range(3000))
    keys = {
        "family_name", "given_names", "sex", "birth_date", "birth_date_estimated", "phone",
        "other_phones", "document_type", "document_number", "place", "nationality", "entity_id",
        "record_id",
    }  # fmt: skip
    assert keys <= set(a[0]), set(a[0]) ^ keys
    for r in a:
        assert r["family_name"] and r["given_names"]
        assert not r["phone"] or r["phone"].startswith("+2")
        assert r["birth_date"] is None or r["birth_date"] <= date(2026, 6, 1)
    sizes = Counter(Counter(r["entity_id"] for r in a).values())
    assert sizes[1] > sizes[5] > 0, sizes
    try:
        generate(10, seed=1, no_such_knob=1)
    except TypeError:
        pass
    else:
        raise AssertionError("an unknown knob is accepted")
    # Some of each difficulty is present.
    by_entity: dict[int, list[dict[str, Any]]] = {}
    for r in a:
        by_entity.setdefault(r["entity_id"], []).append(r)
    multi = [rs for rs in by_entity.values() if len(rs) > 1]
    name_differs = sum(len({(r["given_names"], r["family_name"]) for r in rs}) > 1 for rs in multi)
    phone_differs = sum(len({r["phone"] for r in rs}) > 1 for rs in multi)
    estimated = sum(r["birth_date_estimated"] for r in a)
    with_doc = sum(bool(r["document_number"]) for r in a)
    name_key = Counter((r["given_names"], r["family_name"]) for r in a)
    print(f"records {len(a)}, people {len(by_entity)}, true pairs {true_pairs(a)}")
    print(f"records per person: {dict(sorted(sizes.items()))}")
    print(f"people with >1 record whose name is written differently: {name_differs}/{len(multi)}")
    print(f"  whose phone differs: {phone_differs}/{len(multi)}")
    print(f"estimated dates {estimated}, records with a document {with_doc}")
    print(f"commonest written names: {name_key.most_common(5)}")
    assert name_differs > len(multi) / 2
    print("self-test passed; a sample:")
    for r in sorted(a, key=lambda r: r["entity_id"])[:12]:
        print(
            f"  {r['entity_id']:>4} {r['given_names']:<24} {r['family_name']:<14} {r['sex']:<7} "
            f"{r['birth_date']!s:<10} {'~' if r['birth_date_estimated'] else ' '} "
            f"{r['phone']:<15} {r['document_number']:<15} {r['place']} {r['context']}"
        )


if __name__ == "__main__":
    _self_test()
