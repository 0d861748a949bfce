"""From any news article to candidate relations, each with its evidence.

The extractor reads plain article text and proposes rows in the schema of
``data/relations.csv``, so the same validation, map and exports apply. Every candidate
carries the verbatim clause it comes from as ``quote``, a ``confidence`` and status
``unreviewed``; ``note`` says which rule fired. Nothing is looked up on the network.

How it works, one stage per function:

1. :func:`clean_article` drops page boilerplate (author bios, comment prompts,
   navigation, lines in another script) line by line, so every quote stays an exact
   substring of both the cleaned and the raw text.
2. Each paragraph is split into sentences and each sentence into clauses
   (:data:`CLAUSE_OPENERS`).
3. Actors are found with pycountry's names (``name``, ``official_name``,
   ``common_name``) plus small news-prose tables: :data:`SHORT_NAMES` ("Russia"),
   :data:`DEMONYMS` ("Russian", "Sino-" in :data:`COMBINING_FORMS`), :data:`METONYMS`
   ("Moscow", "the Kremlin", "the Pentagon") and :data:`GROUP_NAMES` (ASEAN, APEC, the
   East Asia Summit, "Asian countries").
   Geographic names that are not actors (:data:`REGIONS`, :data:`PLACE_PATTERNS`) are
   recorded as places and masked, so "the Russian Far East" is not Russia.
4. Kind cues (:data:`KIND_CUES`) are matched longest first. Each cue is tied to a pair of
   actors by the first pairing rule that applies (:data:`PAIRING_RULES`); direction rules
   (:data:`DIRECTION_RULES`) then decide who is the source.
5. Money, shares and dates (:func:`find_figures`, :func:`find_dates`) attach to the
   relation whose cue is nearest in the same clause; relative dates ("last year") are
   resolved against the publication date when one is given.

:func:`evaluate` compares candidates with a curated table over (unordered pair, kind).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

import pandas as pd
import pycountry

from geo.errors import DataError, OptionError, Problem, shown
from geo.sources import MAX_SENTENCE_WORDS, SourceData
from geo.validate import RELATION_COLUMNS

CANDIDATE_COLUMNS: tuple[str, ...] = (*RELATION_COLUMNS, "confidence")
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "author",
    "publication",
    "published",
    "date_basis",
    "path",
)
STATUS = "unreviewed"

# =========================================================================================
# Rule tables. Each is plain data; the functions below only interpret them.
# =========================================================================================

# --- actors ------------------------------------------------------------------------------

#: Short names the news uses where pycountry has a formal one ("Russian Federation").
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "RUS": ("Russia",),
    "USA": ("U.S.", "US", "U.S.A.", "USA", "America"),
    "GBR": ("Britain", "Great Britain", "UK", "U.K."),
    "TUR": ("Turkey",),
    "MMR": ("Burma",),
    "BRN": ("Brunei",),
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "NLD": ("Holland",),
    "COD": ("DR Congo", "DRC"),
    "MAC": ("Macau",),
    "TLS": ("East Timor",),
    "SWZ": ("Swaziland",),
    "VAT": ("Vatican",),
}

#: Demonyms used as adjectives ("Russian policymakers", "South Korean investment"). An
#: adjective before a cue names its agent. Plurals ending in -s ("the Russians") are
#: derived and count as nouns, not adjectives.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "RUS": ("Russian",),
    "USA": ("American",),
    "GBR": ("British",),
    "CHN": ("Chinese",),
    "JPN": ("Japanese",),
    "KOR": ("South Korean",),
    "PRK": ("North Korean",),
    "VNM": ("Vietnamese",),
    "IND": ("Indian",),
    "PAK": ("Pakistani",),
    "FRA": ("French",),
    "DEU": ("German",),
    "POL": ("Polish",),
    "ITA": ("Italian",),
    "ESP": ("Spanish",),
    "UKR": ("Ukrainian",),
    "BLR": ("Belarusian",),
    "TUR": ("Turkish",),
    "IRN": ("Iranian",),
    "SAU": ("Saudi",),
    "ISR": ("Israeli",),
    "EGY": ("Egyptian",),
    "BRA": ("Brazilian",),
    "ARG": ("Argentine", "Argentinian"),
    "MEX": ("Mexican",),
    "CAN": ("Canadian",),
    "AUS": ("Australian",),
    "IDN": ("Indonesian",),
    "MYS": ("Malaysian",),
    "PHL": ("Philippine", "Filipino"),
    "THA": ("Thai",),
    "SGP": ("Singaporean",),
    "MMR": ("Burmese",),
    "KHM": ("Cambodian",),
    "LAO": ("Laotian",),
    "TWN": ("Taiwanese",),
    "MNG": ("Mongolian",),
    "KAZ": ("Kazakh", "Kazakhstani"),
    "SDN": ("Sudanese",),
    "SSD": ("South Sudanese",),
    "ETH": ("Ethiopian",),
    "NGA": ("Nigerian",),
    "ZAF": ("South African",),
    "KEN": ("Kenyan",),
    "CZE": ("Czech",),
    "NLD": ("Dutch",),
}

#: Capitals and seats of power that stand for their government ("Moscow", "the Pentagon").
METONYMS: dict[str, tuple[str, ...]] = {
    "RUS": ("Moscow", "the Kremlin", "Kremlin"),
    "USA": ("Washington", "the White House", "the Pentagon", "Pentagon"),
    "GBR": ("London", "Downing Street", "Whitehall"),
    "CHN": ("Beijing", "Peking"),
    "JPN": ("Tokyo",),
    "KOR": ("Seoul",),
    "PRK": ("Pyongyang",),
    "VNM": ("Hanoi",),
    "IND": ("New Delhi", "Delhi"),
    "PAK": ("Islamabad",),
    "FRA": ("Paris", "the Élysée"),
    "DEU": ("Berlin",),
    "POL": ("Warsaw",),
    "ITA": ("Rome",),
    "ESP": ("Madrid",),
    "UKR": ("Kyiv", "Kiev"),
    "BLR": ("Minsk",),
    "TUR": ("Ankara",),
    "IRN": ("Tehran",),
    "SAU": ("Riyadh",),
    "EGY": ("Cairo",),
    "BRA": ("Brasília", "Brasilia"),
    "ARG": ("Buenos Aires",),
    "MEX": ("Mexico City",),
    "CAN": ("Ottawa",),
    "AUS": ("Canberra",),
    "IDN": ("Jakarta",),
    "MYS": ("Kuala Lumpur",),
    "PHL": ("Manila",),
    "THA": ("Bangkok",),
    "MMR": ("Naypyidaw",),
    "KHM": ("Phnom Penh",),
    "LAO": ("Vientiane",),
    "TWN": ("Taipei",),
    "MNG": ("Ulaanbaatar",),
    "KAZ": ("Astana",),
    "SDN": ("Khartoum",),
    "SSD": ("Juba",),
    "ETH": ("Addis Ababa",),
    "NGA": ("Abuja",),
    "ZAF": ("Pretoria",),
    "KEN": ("Nairobi",),
}


def _plural(demonym: str) -> str | None:
    return demonym + "s" if demonym.endswith(("an", "i", "er", "o")) else None


#: All news-prose names by code: :data:`SHORT_NAMES`, :data:`DEMONYMS` with their plurals,
#: :data:`METONYMS`. A few dozen countries, not a country list: pycountry supplies every
#: country's own names.
NEWS_NAMES: dict[str, tuple[str, ...]] = {
    code: tuple(
        dict.fromkeys(
            [
                *SHORT_NAMES.get(code, ()),
                *DEMONYMS.get(code, ()),
                *(p for d in DEMONYMS.get(code, ()) if (p := _plural(d))),
                *METONYMS.get(code, ()),
            ]
        )
    )
    for code in dict.fromkeys([*SHORT_NAMES, *DEMONYMS, *METONYMS])
}

#: Combining forms: an actor only inside a hyphenated pair ("Sino-Russian", "Indo-Pakistani").
COMBINING_FORMS: dict[str, str] = {
    "Sino": "CHN",
    "Russo": "RUS",
    "Indo": "IND",
    "Franco": "FRA",
    "Anglo": "GBR",
    "Nippo": "JPN",
    "Turco": "TUR",
    "Germano": "DEU",
    "Italo": "ITA",
    "Afro": "",
}

#: Group codes of ``data/groups.csv`` and how news prose names them.
_ASIA_NOUNS = (
    "countries",
    "nations",
    "states",
    "economies",
    "partners",
    "importers",
    "exporters",
    "neighbours",
    "neighbors",
    "governments",
    "powers",
    "buyers",
)
GROUP_NAMES: dict[str, tuple[str, ...]] = {
    "ASEAN": (
        "ASEAN",
        "Association of Southeast Asian Nations",
        "Association of South-East Asian Nations",
    ),
    "APEC": ("APEC", "Asia-Pacific Economic Cooperation", "Asia Pacific Economic Cooperation"),
    "EAS": ("East Asia Summit", "East Asian Summit"),
    "SEASIA": (
        "Southeast Asia",
        "South-East Asia",
        *(f"{p} Asian {n}" for p in ("Southeast", "South-East") for n in _ASIA_NOUNS),
    ),
    "ASIA": ("Asia", *(f"Asian {n}" for n in _ASIA_NOUNS)),
}

#: Regions named in news prose that are places, not actors (masked before actors are
#: matched, so "East Asia" is not Asia and "Latin American" is not American).
REGIONS: tuple[str, ...] = (
    "East Asia",
    "East Asian",
    "Northeast Asia",
    "Northeast Asian",
    "North-East Asia",
    "South Asia",
    "South Asian",
    "Central Asia",
    "Central Asian",
    "West Asia",
    "Asia-Pacific",
    "Asia Pacific",
    "Indo-Pacific",
    "Pacific",
    "Atlantic",
    "Middle East",
    "Middle Eastern",
    "Far East",
    "Far Eastern",
    "Europe",
    "European",
    "Eurasia",
    "Eurasian",
    "Latin America",
    "Latin American",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "Africa",
    "African",
    "Sub-Saharan Africa",
    "the West",
    "Western",
    "Arctic",
    "Balkans",
    "Caucasus",
    "Siberia",
    "Siberian",
    "Scandinavia",
    "Caribbean",
    "Asian",
)

#: Geographic names by shape: a proper name ending in a landform or water word, "Sea of
#: X", "Port X", "X City". A country name of this shape (Solomon Islands) stays a country.
PLACE_PATTERNS: tuple[str, ...] = (
    r"(?:[A-Z][\w’'\-]*\s+){1,3}(?:Islands?|Isles?|Peninsula|Sea|Ocean|Straits?|Gulf|Bay|"
    r"Basin|Mountains|Range|River|Canal|Archipelago|Reef|Shoal|Atoll|Plateau|Desert|Delta|"
    r"Valley|Oblast|Krai|Province|Far East|Field|Fields)\b",
    r"(?:Sea|Gulf|Bay|Straits?|Isle|Islands?) of (?:the )?[A-Z][\w\-]+",
    r"Port [A-Z][\w\-]+",
    r"[A-Z][\w\-]+ City\b",
)

# --- clauses and syntax ------------------------------------------------------------------

#: A comma followed by one of these words starts a new clause (so do ``;``, ``:`` and
#: dashes). ", and"/", or" start a clause only when no actor list continues.
CLAUSE_OPENERS: frozenset[str] = frozenset(
    {
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "whereas",
        "but",
        "yet",
        "although",
        "though",
        "because",
        "as",
        "given",
        "with",
        "especially",
        "including",
        "after",
        "before",
        "and",
        "or",
        "so",
        "thus",
        "whereby",
        "unlike",
    }
)
#: Openers whose clause describes the noun before it (antecedent), ending at the next comma.
RELATIVE_OPENERS: frozenset[str] = frozenset({"which", "who", "whom", "whose"})
#: Verbs after "which" that describe an event, not the actor before the comma.
EVENT_VERBS: frozenset[str] = frozenset(
    {
        "follows",
        "followed",
        "precedes",
        "preceded",
        "coincides",
        "coincided",
        "comes",
        "came",
        "marks",
        "marked",
        "occurred",
        "took",
    }
)
PREPOSITIONS: frozenset[str] = frozenset(
    {
        "in",
        "into",
        "to",
        "with",
        "from",
        "of",
        "on",
        "at",
        "for",
        "against",
        "toward",
        "towards",
        "over",
        "after",
        "by",
        "between",
        "among",
        "about",
        "through",
        "via",
        "across",
        "like",
        "than",
        "behind",
        "within",
        "without",
        "onto",
        "upon",
        "as",
        "despite",
        "beyond",
        "near",
        "under",
        "including",
    }
)
#: Prepositions that introduce the partner after a cue ("exports to Y", "investment in Y").
PARTNER_PREPOSITIONS: frozenset[str] = frozenset(
    {
        "to",
        "into",
        "in",
        "with",
        "from",
        "toward",
        "towards",
        "for",
        "against",
        "over",
        "on",
    }
)
PRONOUN_SUBJECTS: frozenset[str] = frozenset({"it", "they", "he", "she", "we", "this"})
#: Words allowed between a clause start and its subject ("Yet, potential Asian importers").
DETERMINERS: frozenset[str] = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "or",
        "other",
        "some",
        "many",
        "most",
        "both",
        "several",
        "certain",
        "even",
        "its",
        "their",
        "his",
        "her",
        "all",
        "also",
        "for",
        "example",
        "instance",
        "meanwhile",
        "yet",
        "nonetheless",
        "however",
        "moreover",
        "then",
        "now",
    }
)
#: Function words that stop an agent ("Russia’s arms exports") from binding a cue.
AGENT_BREAKERS: frozenset[str] = PREPOSITIONS | frozenset(
    {
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "be",
        "been",
        "not",
        "it",
        "they",
        "said",
        "says",
    }
)
#: Separators inside an actor list ("Japan, South Korea and even China").
LIST_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|as well as|&)\s+)"
    r"(?:(?:the|even|also|certain|other|some|its|their)\s+)*",
    re.UNICODE,
)
RECIPROCAL = re.compile(r"\b(?:each other|one another)\b")
BETWEEN = re.compile(r"\b(?:between|among|amongst)\s+(?:the\s+)?$")
#: "X as a transit country", "through X", "via X": X is ``via``, not a party.
VIA_BEFORE = re.compile(r"\b(?:through|via|transiting|across)\s+(?:the\s+)?$")
VIA_AFTER = re.compile(r"^\s+as\s+an?\s+transit\b")
#: "A wants B to ...": B does the embedded act, A wants it (its own row, as data/README.md
#: asks for a wish attributed to a third party).
CONTROL_VERBS = re.compile(
    r"\b(?:wants?|wanted|urges?|urged|asks?|asked|press(?:es|ed)?|pressures?|pressured|"
    r"expects?|expected|calls? on|called on|persuades?|persuaded|invites?|invited|"
    r"forces?|forced|allows?|allowed)\s+$"
)

# --- kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CueRule:
    """One kind cue: a lower-case regular expression and what it says."""

    kind: str
    name: str
    pattern: str
    #: generic cues ("ties", "relations") count only when no specific cue is in the clause
    generic: bool = False
    #: role nouns ("partner", "investor"): "A is X's partner" pairs A with X
    role: str = ""
    #: exchange words (exports, buy) yield to a commodity of another kind as their object
    exchange: bool = False
    #: buyer words: the other party is the source (seller)
    buyer: bool = False


#: The kind cues, longest match wins ("energy trade" is energy, "arms exports" arms).
KIND_CUES: tuple[CueRule, ...] = (
    # trade
    CueRule("trade", "trade-turnover", r"turnover"),
    CueRule("trade", "trade-partner", r"(?:trade|trading) partners?", role="partner"),
    CueRule("trade", "trade-word", r"(?:bilateral )?trad(?:e|ing)"),
    CueRule(
        "trade",
        "trade-economic",
        r"economic (?:ties|relations|interactions|cooperation|"
        r"links|partnership|benefits|initiatives)",
    ),
    CueRule("trade", "trade-market", r"markets?"),
    CueRule(
        "trade",
        "trade-goods",
        r"soy(?:beans?)?|grain|wheat|corn|maize|rice|beef|pork|"
        r"coffee|tea|cocoa|sugar|iron ore|copper|steel|timber|fertili[sz]ers?|goods|"
        r"cars|electronics|textiles|commodities",
    ),
    CueRule(
        "trade",
        "trade-export",
        r"exports?|exported|exporting|exporters?|sales|sell|"
        r"sells|sold|supplied|supplying|suppliers?|shipments?|deliveries",
        exchange=True,
    ),
    CueRule(
        "trade",
        "trade-import",
        r"imports?|imported|importing|importers?|buy|buys|"
        r"bought|buying|buyers?|purchases?|purchased|purchasing|customers?",
        exchange=True,
        buyer=True,
    ),
    # investment
    CueRule(
        "investment",
        "investment-finance",
        r"loans?|lending|lent|credit lines?|"
        r"financing|financed|funding|funded",
    ),
    CueRule("investment", "investment-investor", r"(?:foreign )?investors?", role="investor"),
    CueRule(
        "investment",
        "investment-word",
        r"(?:foreign )?(?:direct )?investments?|"
        r"invest|invests|invested|investing|fdi|stakes?|acquisitions?|acquired",
    ),
    # arms
    CueRule(
        "arms",
        "arms-word",
        r"arms(?: sales| exports| imports| deals?| transfers)?|"
        r"weapons?|weaponry|(?:fighter )?jets|fighters|submarines|frigates|warships|"
        r"tanks|helicopters|ammunition|military (?:equipment|hardware)|"
        r"air[- ]defen[cs]e systems?|missile systems?|"
        r"patrol (?:vessels|boats|ships|aircraft)",
    ),
    # energy
    CueRule(
        "energy",
        "energy-trade",
        r"(?:energy|oil|gas|lng|coal) (?:trade|exports?|"
        r"imports?|sales|supplies|deals?|markets?)",
    ),
    CueRule(
        "energy",
        "energy-word",
        r"energy|oil|crude|(?:natural )?gas|lng|pipelines?|"
        r"coal|uranium|electricity|power grid|refiner(?:y|ies)|hydropower|"
        r"nuclear (?:power|energy|plants?|reactors?|technolog(?:y|ies)|fuel)",
    ),
    # diplomacy
    CueRule(
        "diplomacy",
        "diplomacy-visit",
        r"(?:state |official )?visits?|visited|visiting|"
        r"trips?|tours?|travel(?:led|ed|s)?|summits?|talks|met|meetings?|"
        r"(?:joint )?statements?|conferences?|negotiat(?:e|es|ed|ing|ions?)",
    ),
    CueRule(
        "diplomacy",
        "diplomacy-membership",
        r"hosted|hosts?|joined|membership|"
        r"ambassadors?|embassy|recogni[sz]ed?",
    ),
    CueRule(
        "diplomacy",
        "diplomacy-influence",
        r"diplomatic|diplomacy|rapprochement|reset|"
        r"align|influence|leverage|profile|estrangement",
    ),
    CueRule(
        "diplomacy",
        "diplomacy-ties",
        r"(?:bilateral )?(?:ties|relations|relationship|"
        r"partnership|cooperation|agreements?|deals?)",
        generic=True,
    ),
    # security
    CueRule(
        "security",
        "security-military",
        r"security|military|defen[cs]e|"
        r"missile defen[cs]e|alliances?|allied|exercises|drills|troops|naval|navy|"
        r"terrorism|anti-terrorist|anti-piracy|piracy|war|"
        r"nuclear (?:negotiations|talks|weapons?|programme|program|tests?)",
    ),
    CueRule(
        "security",
        "security-threat",
        r"threats?|tensions|contain|encircle|stability|"
        r"sanctions",
    ),
    CueRule("security", "security-ally", r"(?:junior |senior |close )?ally", role="ally"),
    # dispute
    CueRule(
        "dispute",
        "dispute-word",
        r"(?:territorial |border |maritime )?(?:disputes?|"
        r"conflicts?|claims?|deal|row|issues?)|territorial|claimed|claiming|"
        r"sovereignty|confiscat(?:ed|ing|ion)|seiz(?:e|es|ed|ing|ure)",
    ),
)
#: Some cues need the territorial context to be disputes ("territorial deal", not "deal").
_DISPUTE_PLAIN = re.compile(r"^(?:deal|row|issues?|conflicts?)$")
#: Idioms that contain a cue word but state no relation of that kind.
NOT_CUES: tuple[str, ...] = (
    r"trade (?:accusations|barbs|blows|insults|places|fire|jabs)",
    r"(?:water|power|blood|money) suppl(?:y|ies)",
    r"market (?:share|value)",
    r"stock markets?",
    r"talks? shows?",
    # institutions: "Security Council", "World Trade Organization", "Energy Agency"
    r"[\w\-]+ (?:council|organi[sz]ation|agency|committee|commission|institute|"
    r"cent(?:er|re)|bank|university|studies)",
)

# --- direction ---------------------------------------------------------------------------

#: How pairs are formed, strongest first; the value is the confidence of a candidate
#: paired that way (lowered by 0.2 for a generic cue).
PAIRING_RULES: dict[str, tuple[float, str]] = {
    "compound": (0.85, "hyphenated pair before the cue ('Sino-Russian economic ties')"),
    "passive-agent": (0.8, "'claimed by X': X is the source"),
    "agent": (0.8, "possessive or adjective before the cue ('Japan’s investment in Russia')"),
    "role": (0.8, "role noun ('A is X’s trade partner')"),
    "reciprocal": (0.7, "'with each other', 'between X and Y'"),
    "subject-object": (0.65, "clause subject and the nearest other actor"),
    "coordinated-subject": (0.6, "'X and Y have established ...'"),
    "control": (0.6, "'A wants B to ...': A's wish about B's act"),
    "sentence-subject": (0.55, "the sentence's subject and the clause's actor"),
    "inherited": (0.5, "clause without actors continues the previous clause's pair"),
}

#: Direction rules: who is the source. The default is the agent or the clause subject.
DIRECTION_RULES: dict[str, str] = {
    "seller": "exports, sales, supplies: the exporter or seller is the source",
    "buyer": "buy, imports, purchases, importers: the seller (the other party) is the source",
    "investor": "'X’s investment in Y', 'X invests in Y', 'attract X investment': X",
    "claimant": "'claimed by X', 'X claims': the claimant X",
    "opposer": "'oppose', 'objection': the actor who opposes",
    "control": "'A wants B to limit ...': A is the source of its own row, B of the act",
    "symmetric": "'X and Y', 'X-Y ties': the first named",
}

# --- figures and dates -------------------------------------------------------------------

CURRENCIES: dict[str, str] = {
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "dollars": "USD",
    "US dollars": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "pounds": "GBP",
    "A$": "AUD",
    "C$": "CAD",
    "R$": "BRL",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "rubles": "RUB",
    "roubles": "RUB",
    "rupees": "INR",
}
#: Multipliers to billions.
SCALES: dict[str, float] = {
    "trillion": 1000.0,
    "tn": 1000.0,
    "billion": 1.0,
    "bn": 1.0,
    "b": 1.0,
    "million": 0.001,
    "mn": 0.001,
    "m": 0.001,
}
SHARE_WORDS: dict[str, float] = {
    "half": 50,
    "a half": 50,
    "one half": 50,
    "a third": 33.3,
    "one third": 33.3,
    "one-third": 33.3,
    "two thirds": 66.7,
    "two-thirds": 66.7,
    "a quarter": 25,
    "one quarter": 25,
    "one-quarter": 25,
    "three quarters": 75,
    "three-quarters": 75,
    "a fifth": 20,
    "one fifth": 20,
    "one-fifth": 20,
}
MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
#: Relative date phrases: (pattern, unit, offset). ``context`` resolves against the last
#: year or date the article mentioned, the others against the publication date.
RELATIVE_DATES: tuple[tuple[str, str, int], ...] = (
    (r"the (?:previous|preceding) year|the year before", "context-year", -1),
    (r"that year|the same year", "context-year", 0),
    (r"the (?:following|next) day|a day later", "context-day", 1),
    (r"last year|a year ago|the past year", "year", -1),
    (r"(?:this|the current) year", "year", 0),
    (r"next year|the coming year", "year", 1),
    (r"(?:two|three|four|five|six|seven|eight|nine|ten|[0-9]+) years ago", "years-ago", 0),
    (r"this week", "week", 0),
    (r"last week", "week", -1),
    (r"next week", "week", 1),
    (r"this month", "month", 0),
    (r"last month", "month", -1),
    (r"next month", "month", 1),
    (r"yesterday", "day", -1),
    (r"today", "day", 0),
    (r"tomorrow", "day", 1),
)

# --- boilerplate -------------------------------------------------------------------------

#: A paragraph that is an author bio: "Name Name is a senior fellow at ...". It is dropped
#: when it names the byline's author, or when it is among the last :data:`BIO_EDGE`
#: non-empty lines of the page; elsewhere such a sentence is article text.
BIO = re.compile(
    r"^(?:[A-Z][\w.’'\-]+\s+){1,3}[A-Z][\w.’'\-]+\s+(?:is|was|has been)\s+(?:a|an|the)\s+"
    r"[^.]{0,160}?\b(?:fellow|editor|professor|lecturer|correspondent|columnist|analyst|"
    r"director|researcher|writer|author|journalist|reporter|contributor|scholar|chair|"
    r"founder|expert)\b"
)
BIO_EDGE = 4
#: Lines that prompt readers or sell the page.
PAGE_PROMPTS = re.compile(
    r"^(?:you can (?:comment|discuss|share|read|follow)|(?:leave|post|add|write) a comment|"
    r"comments?\b|join the (?:discussion|conversation)|share (?:this|on)\b|follow us|"
    r"subscribe|sign up|newsletter|related (?:articles|stories|content)|read more|more from|"
    r"recommended|advertisement|sponsored|click here|log ?in\b|register\b|print\b|"
    r"email this|tags?:|filed under|copyright|©|all rights reserved|photo:|image:|"
    r"(?:photo|image) (?:credit|courtesy)|skip to|back to top|menu$|home$|search$)",
    re.IGNORECASE,
)
#: Navigation and breadcrumb separators.
NAV_SEPARATORS = re.compile(r"\s(?:\||›|»|>|•|·)\s")
PUBLICATION_LINE = re.compile(
    r"(?:©\s*(?:[0-9]{4}\s+)?|copyright\s+(?:©\s*)?(?:[0-9]{4}\s+)?|"
    r"originally published (?:in|by)\s+|"
    r"published by\s+|source:\s*)(?P<name>[A-Z][\w&.’' \-]{2,60}?)\s*(?:[.,;|]|$)",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\s*By\s+(?P<name>[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3})\s*"
    r"(?:[,|].*)?$"
)

# =========================================================================================
# Public API
# =========================================================================================


def clean_article(text: str) -> str:
    """Drop page boilerplate, keeping every other line verbatim.

    Parameters
    ----------
    text
        The article as saved from a web page.

    Returns
    -------
    The text without author bios, comment prompts, navigation lines and lines written
    mostly in a non-Latin script. Whole lines are dropped and the rest is untouched, so a
    clause of the result is also a substring of ``text``.
    """
    lines = text.splitlines(keepends=True)
    return "".join(lines[i] for i in _kept_lines(lines))


def _kept_lines(lines: list[str]) -> list[int]:
    """Indices of the lines :func:`clean_article` keeps."""
    filled = [i for i, line in enumerate(lines) if line.strip().strip("\u00a0")]
    footer = set(filled[-BIO_EDGE:])
    author = next((m["name"] for line in lines[:12] if (m := BYLINE.match(line.strip()))), "")
    return [
        i
        for i, line in enumerate(lines)
        if not is_boilerplate(
            line, bio_allowed=i in footer or bool(author and line.strip().startswith(author))
        )
    ]


def check_sentences(text: str, path: str | None = None) -> None:
    """Refuse an article with a sentence longer than :data:`~geo.sources.MAX_SENTENCE_WORDS`.

    The rules compare every mention in a sentence with the others, so their cost grows
    faster than the sentence; real sentences are under 100 words, and a longer one is a
    page that lost its punctuation, or an attack.

    Parameters
    ----------
    text
        The raw article.
    path
        Its file, for the message (default: the file :func:`geo.sources.document_text`
        read ``text`` from, if it did).

    Raises
    ------
    DataError
        Naming the file and the line of each over-long sentence.
    """
    name = shown(path or getattr(text, "path", None) or "the article")
    lines = text.splitlines(keepends=True)
    kept = _kept_lines(lines)
    problems = []
    for i in kept:
        line = lines[i]
        if len(line) // 2 < MAX_SENTENCE_WORDS:  # too short to hold that many words
            continue
        for sentence in sentences(line):
            words = len(sentence.text.split())
            if words > MAX_SENTENCE_WORDS:
                problems.append(
                    Problem(
                        name,
                        i + 1,
                        None,
                        f"a sentence of {words:,} words, over the limit of "
                        f"{MAX_SENTENCE_WORDS:,} for extraction; break it into sentences",
                    )
                )
    if problems:
        raise DataError(problems)


def is_boilerplate(line: str, *, bio_allowed: bool = True) -> bool:
    """Whether one line of a page is boilerplate rather than article text.

    Parameters
    ----------
    line
        One line of the page.
    bio_allowed
        Whether an author bio may stand here (the page's footer, or a paragraph naming the
        byline's author); elsewhere "Name is a senior fellow ..." is article text.
    """
    stripped = line.strip().strip("\u00a0\u200b\ufeff")
    if not stripped:
        return False
    if _mostly_non_latin(stripped):
        return True
    if len(stripped) <= 200 and PAGE_PROMPTS.match(stripped):
        return True
    if bio_allowed and len(stripped) <= 500 and BIO.match(stripped):
        return True
    return _is_navigation(stripped)


def document_from_article(
    text: str, *, doc_id: str, path: str, published: str | None = None
) -> dict[str, str]:
    """A row for ``data/sources/documents.csv`` describing the article.

    Parameters
    ----------
    text
        The raw article text.
    doc_id
        The document id other tables refer to in ``source_doc``.
    path
        The file name, relative to ``data/sources/``.
    published
        The publication date (ISO ``YYYY-MM-DD``), if known.

    Returns
    -------
    ``id, title, author, publication, published, date_basis, path``: the title is the first
    non-empty line once boilerplate is dropped; the author comes from a "By NAME" line
    ("unknown" without one); the publication from a copyright or source line ("unknown"
    without one).
    """
    lines = [line.strip() for line in text.splitlines()]
    body = [line.strip() for line in clean_article(text).splitlines()]
    title = next((line for line in body if line.strip("\u00a0")), "")
    author = next((m["name"] for line in body[:12] if (m := BYLINE.match(line))), "unknown")
    publication = next(
        (m["name"].strip() for line in lines if (m := PUBLICATION_LINE.search(line))), "unknown"
    )
    if published:
        _published(published)
        basis = f"Given when the article was extracted ({published}); not read from the text."
    else:
        published = ""
        basis = (
            "Unknown: no publication date was given and none is read from the text; "
            "relative dates such as 'last year' are left unresolved."
        )
    return {
        "id": doc_id,
        "title": title,
        "author": author,
        "publication": publication,
        "published": published,
        "date_basis": basis,
        "path": path,
    }


def relations_from_article(
    text: str, *, doc_id: str, published: str | None = None, path: str | None = None
) -> pd.DataFrame:
    """Candidate relations stated by an article, in the schema of ``relations.csv``.

    Parameters
    ----------
    text
        The article text (boilerplate is dropped first with :func:`clean_article`).
    doc_id
        The document id written to ``source_doc``.
    published
        Publication date (ISO ``YYYY-MM-DD``) for resolving "last year", "Nov. 1" etc.
    path
        The article's file, named in messages (see :func:`check_sentences`).

    Returns
    -------
    One row per (clause, source, target, kind) in article order, ids ``x001``...; every cell
    is text; ``status`` is ``unreviewed``; ``quote`` is the clause, verbatim; ``note`` names
    the rule; ``confidence`` is a number from 0 to 1 written as text.

    Raises
    ------
    OptionError
        When ``published`` is not a date written ``YYYY-MM-DD``.
    DataError
        When a sentence is longer than :data:`~geo.sources.MAX_SENTENCE_WORDS` words.
    """
    today = _published(published) if published else None
    check_sentences(text, path)
    clock = _Clock(today)
    found: list[Candidate] = []
    for sentence in sentences(clean_article(text)):
        found += _sentence_candidates(sentence, clock)
    rows = [_row(c, i, doc_id) for i, c in enumerate(found, start=1)]
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS), dtype=str)


def evaluate(candidates: pd.DataFrame, curated: pd.DataFrame) -> dict[str, object]:
    """Precision and recall of candidates against a curated table.

    Relations are compared as sets of keys (unordered pair ``{source, target}``, kind):
    direction, figures and dates are not scored.

    Parameters
    ----------
    candidates
        Extracted relations (columns ``source``, ``target``, ``kind``).
    curated
        The reference table, e.g. ``data/relations.csv``.

    Returns
    -------
    ``precision``, ``recall`` (0.0 when undefined), ``true_positives``, ``predicted``,
    ``expected`` and the ``missed`` and ``spurious`` keys as sorted "A-B kind" strings.
    """
    predicted, expected = relation_keys(candidates), relation_keys(curated)
    hits = predicted & expected
    return {
        "precision": len(hits) / len(predicted) if predicted else 0.0,
        "recall": len(hits) / len(expected) if expected else 0.0,
        "true_positives": len(hits),
        "predicted": len(predicted),
        "expected": len(expected),
        "missed": sorted(_key_label(k) for k in expected - predicted),
        "spurious": sorted(_key_label(k) for k in predicted - expected),
    }


def format_evaluation(result: dict[str, object]) -> str:
    """The result of :func:`evaluate` as a few lines of text for the terminal."""
    missed, spurious = cast(list[str], result["missed"]), cast(list[str], result["spurious"])
    lines = [
        "scored by (unordered pair, kind)",
        f"precision {result['precision']:.2f}  ({result['true_positives']} of "
        f"{result['predicted']} predicted keys are in the curated table)",
        f"recall    {result['recall']:.2f}  ({result['true_positives']} of "
        f"{result['expected']} curated keys were found)",
        f"missed   ({len(missed)}): {', '.join(missed) or '-'}",
        f"spurious ({len(spurious)}): {', '.join(spurious) or '-'}",
    ]
    return "\n".join(lines)


def relation_keys(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    """The (first code, second code, kind) keys of a relations table, pair sorted."""
    keys = set()
    for source, target, kind in zip(frame["source"], frame["target"], frame["kind"], strict=True):
        if source and target and source != target:
            a, b = sorted((str(source), str(target)))
            keys.add((a, b, str(kind)))
    return keys


# =========================================================================================
# Text units: sentences and clauses
# =========================================================================================


@dataclass(frozen=True)
class Span:
    """A piece of the cleaned text: offsets into it and the text itself."""

    start: int
    end: int
    text: str


_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "sen",
        "rep",
        "gov",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "ltd",
        "jr",
        "sr",
        "lt",
        "col",
        "adm",
        "capt",
        "maj",
        "fig",
    }
)
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+(?=[“\"‘(]?[A-Z0-9])")


def sentences(text: str) -> Iterator[Span]:
    """Split text into sentences (never across a line break), with offsets."""
    offset = 0
    for line in text.splitlines(keepends=True):
        start = offset
        for m in _SENTENCE_END.finditer(line):
            # only the word before the stop matters: a bounded window keeps a long line linear
            if _is_abbreviation(line[max(0, m.start() - 63) : m.start() + 1]):
                continue
            piece = line[start - offset : m.start() + 1]
            yield from _span(piece, start)
            start = offset + m.end()
        yield from _span(line[start - offset :], start)
        offset += len(line)


def _span(piece: str, start: int) -> Iterator[Span]:
    stripped = piece.strip()
    if stripped.strip("\u00a0\u200b"):
        lead = len(piece) - len(piece.lstrip())
        yield Span(start + lead, start + lead + len(stripped), stripped)


def _is_abbreviation(before: str) -> bool:
    word = re.search(r"([\w.]+)\.$", before)
    if not word:
        return False
    token = word.group(1)
    return token.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token))


# =========================================================================================
# Actors, places, figures, dates
# =========================================================================================


@dataclass(frozen=True)
class Mention:
    """An actor named in the text."""

    start: int
    end: int
    code: str
    form: str
    possessive: bool = False
    adjective: bool = False
    combining: bool = False


def country_names() -> dict[str, str]:
    """``{surface form: ISO alpha-3}`` from pycountry: names, official and common names,
    "Republic of Korea" for "Korea, Republic of", and the part before the comma when only one
    country has it ("Iran", "Venezuela")."""
    strong: dict[str, str] = {}
    weak: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            value = re.sub(r"\s*\(.*?\)", "", value).strip()
            value = re.sub(r"^the\s+", "", value)
            base, _, qualifier = value.partition(", ")
            if not qualifier:
                strong.setdefault(value, country.alpha_3)
                continue
            if qualifier.endswith((" of", " of the")) or " " not in qualifier:
                strong.setdefault(
                    re.sub(r"^[Tt]he\s+", "", f"{qualifier} {base}"), country.alpha_3
                )
            weak.setdefault(base, set()).add(country.alpha_3)
    for base, codes in weak.items():
        if len(codes) == 1 and base not in strong:
            strong[base] = next(iter(codes))
    for form in list(strong):
        if "'" in form:
            strong.setdefault(form.replace("'", "’"), strong[form])
    return strong


def actor_forms() -> dict[str, str]:
    """Every surface form that names an actor: pycountry, :data:`NEWS_NAMES`, groups."""
    forms = country_names()
    for code, names in NEWS_NAMES.items():
        for name in names:
            forms[name] = code
    for code, names in GROUP_NAMES.items():
        for name in names:
            forms[name] = code
    return forms


_ACTOR_FORMS = actor_forms()
_ADJECTIVE_FORMS = frozenset(d for names in DEMONYMS.values() for d in names)


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


#: Regions and actor names in one alternation, longest first: "East Asian Summit" (EAS)
#: wins over "East Asian" (region), "South African" (ZAF) over "African" (region).
_NAME_RE = re.compile(
    r"(?<![\w$€£])(?P<name>" + _alternation([*REGIONS, *_ACTOR_FORMS]) + r")(?![\w]|-[a-z]|\$)"
)
_REGION_SET = frozenset(REGIONS) - frozenset(_ACTOR_FORMS)
#: Region adjectives ("East Asian", "Western") are masked but not reported as places.
_REGION_ADJECTIVES = frozenset(r for r in _REGION_SET if r.endswith(("an", "ern")))
_COMBINING_RE = re.compile(r"\b(?P<form>" + _alternation(COMBINING_FORMS) + r")-(?=[A-Z])")
_PLACE_RE = re.compile(r"(?<![\w])(?:the\s+|The\s+)?(?:" + "|".join(PLACE_PATTERNS) + r")")
_POSSESSIVE = re.compile(r"^(?:’s|'s|’|')(?!\w)")


def find_places(text: str) -> list[Span]:
    """Geographic names that are not actors (landforms, waters, regions, towns)."""
    actors = [m.span("name") for m in _NAME_RE.finditer(text) if m.group("name") in _ACTOR_FORMS]
    places = []
    for m in _PLACE_RE.finditer(text):
        start = m.start() + len(m.group(0)) - len(re.sub(r"^[Tt]he\s+", "", m.group(0)))
        if not any(a <= start and m.end() <= b for a, b in actors):  # "Solomon Islands"
            places.append(Span(m.start(), m.end(), m.group(0)))
    for m in _NAME_RE.finditer(_mask(text, places)):
        if m.group("name") in _REGION_SET:
            places.append(Span(m.start(), m.end(), m.group(0)))
    return sorted(places, key=lambda s: s.start)


def find_actors(text: str, masked: Iterable[Span | Figure] = ()) -> list[Mention]:
    """Actors named in ``text`` outside the ``masked`` spans (places, figures)."""
    clear = _mask(text, masked)
    mentions = []
    for m in _COMBINING_RE.finditer(clear):
        code = COMBINING_FORMS[m.group("form")]
        if code:
            mentions.append(Mention(m.start(), m.end() - 1, code, m.group("form"), combining=True))
    for m in _NAME_RE.finditer(clear):
        form = m.group("name")
        if form in _REGION_SET or any(x.start <= m.start() < x.end for x in mentions):
            continue
        if form == "US" and re.match(r"\s*\$", clear[m.end() :]):
            continue
        mentions.append(
            Mention(
                m.start(),
                m.end(),
                _ACTOR_FORMS[form],
                form,
                possessive=bool(_POSSESSIVE.match(clear[m.end() :])),
                adjective=form in _ADJECTIVE_FORMS,
            )
        )
    return sorted(mentions, key=lambda x: x.start)


@dataclass(frozen=True)
class Figure:
    """A money amount (in billions of a currency) or a share (percent)."""

    start: int
    end: int
    value: float
    unit: str
    text: str

    @property
    def is_money(self) -> bool:
        return self.unit.endswith(" bn")


_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"  # ASCII digits: \d also matches ٣ and ３
_SYMBOLS = sorted((c for c in CURRENCIES if not c.isalpha() or c.isupper()), key=len, reverse=True)
_WORD_CURRENCIES = sorted(
    (c for c in CURRENCIES if c.islower() or " " in c), key=len, reverse=True
)
_MONEY_SYMBOL = re.compile(
    r"(?P<cur>"
    + "|".join(re.escape(c) for c in _SYMBOLS)
    + r")\s?(?P<num>"
    + _NUM
    + r")\s*(?P<scale>trillion|billion|million|tn|bn|mn|b|m)?(?![\w])"
)
_MONEY_WORDS = re.compile(
    r"(?P<num>"
    + _NUM
    + r")\s*(?P<scale>trillion|billion|million)\s+(?P<cur>"
    + "|".join(re.escape(c) for c in _WORD_CURRENCIES)
    + r")\b"
)
_PERCENT = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?:percent|per cent|%)")
_SHARE = re.compile(r"\b(?P<word>" + _alternation(SHARE_WORDS) + r")\s+of\b", re.IGNORECASE)
_NP_STOP = re.compile(
    r"^(?:go|goes|went|flow|flows|flowed|is|are|was|were|come|comes|came|to|in|from|with|"
    r"for|and|on|by|at|that|which|reached|rose|fell|will|would|has|have|had)$",
    re.IGNORECASE,
)


def find_figures(text: str) -> list[Figure]:
    """Money and shares in ``text``: "$33 billion", "US$10.6bn", "33 billion dollars",
    "€2 billion", "half of", "40 percent". Money is in billions of its currency."""
    figures: list[Figure] = []
    for m in [*_MONEY_SYMBOL.finditer(text), *_MONEY_WORDS.finditer(text)]:
        number = float(m.group("num").replace(",", ""))
        scale = m.group("scale")
        if scale is None:
            if number < 1e6:
                continue
            billions = number / 1e9
        else:
            billions = number * SCALES[scale]
        figures.append(
            Figure(
                m.start(),
                m.end(),
                billions,
                f"{CURRENCIES[m.group('cur').strip()]} bn",
                m.group(0),
            )
        )
    for m in _PERCENT.finditer(text):
        figures.append(
            Figure(
                m.start(), m.end(), float(m.group("num")), _share_unit(text, m.end()), m.group(0)
            )
        )
    for m in _SHARE.finditer(text):
        value = SHARE_WORDS[m.group("word").lower()]
        figures.append(
            Figure(
                m.start(),
                m.end() - 3,
                value,
                _share_unit(text, m.end() - 3),
                m.group(0)[:-3].rstrip(),
            )
        )
    figures = [
        f
        for f in figures
        if not any(
            g is not f
            and g.start <= f.start
            and f.end <= g.end
            and (g.end - g.start) > (f.end - f.start)
            for g in figures
        )
    ]
    return sorted(figures, key=lambda f: f.start)


def _share_unit(text: str, end: int) -> str:
    rest = re.match(r"\s+of\s+((?:[\w’'\-]+\s*){1,6})", text[end:])
    if not rest:
        return "percent"
    words: list[str] = []
    for word in rest.group(1).split():
        if _NP_STOP.match(word) or len(words) == 5:
            break
        words.append(word)
    return "percent of " + " ".join(words) if words else "percent"


@dataclass(frozen=True)
class DateRef:
    """A date expression and what it resolves to ("" when it cannot be resolved)."""

    start: int
    end: int
    text: str
    year: str
    date: str
    basis: str


class _Clock:
    """Resolves relative dates against the publication date and the last date mentioned."""

    def __init__(self, published: dt.date | None) -> None:
        self.published = published
        self.year: int | None = None
        self.day: dt.date | None = None

    def remember(self, ref: DateRef) -> None:
        if ref.year:
            self.year = int(ref.year)
        if len(ref.date) == 10:
            self.day = _parse_iso(ref.date)


_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
    r"(?![a-z])\.?"
)
_NAMED_MONTH = re.compile(
    r"\b(?P<rel>last|this|next|in|on|since)\s+" + _MONTH + r"(?![\w.]*\s*[0-9])"
)
_ABSOLUTE_DATES = (
    re.compile(
        r"\b(?P<day>[0-9]{1,2})\s+" + _MONTH + r"(?:,?\s+(?P<year>(?:18|19|20)[0-9]{2}))?\b"
    ),
    re.compile(
        r"\b" + _MONTH + r"\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\b"
        r"(?:,?\s+(?P<year>(?:18|19|20)[0-9]{2}))?"
    ),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:18|19|20)[0-9]{2})\b"),
    re.compile(r"(?<![\w$€£.,])(?P<year>(?:18|19|20)[0-9]{2})(?![\w%]|\.[0-9]|,[0-9]| ?percent)"),
)
_RELATIVE = [
    (re.compile(r"\b" + p + r"\b", re.IGNORECASE), unit, n) for p, unit, n in RELATIVE_DATES
]


def find_dates(text: str, clock: _Clock) -> list[DateRef]:
    """Date expressions in ``text``, resolved where possible, in text order.

    ``clock`` holds the publication date and the last year/day seen; it is updated.
    """
    found: list[tuple[int, int, re.Match[str], str]] = []
    for pattern in _ABSOLUTE_DATES:
        found += [(m.start(), m.end(), m, "absolute") for m in pattern.finditer(text)]
    found += [
        (m.start("month"), m.end(), m, "named-month")
        for m in _NAMED_MONTH.finditer(text)
        if m.group("month") != "May" or m.group("rel") != "in"
    ]
    for pattern, unit, n in _RELATIVE:
        found += [(m.start(), m.end(), m, f"{unit}:{n}") for m in pattern.finditer(text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    refs: list[DateRef] = []
    for start, end, m, how in found:
        if refs and start < refs[-1].end:
            continue
        ref = (
            _absolute(m, clock)
            if how == "absolute"
            else _named_month(m, clock)
            if how == "named-month"
            else _relative(m, how, clock)
        )
        ref = replace(ref, start=start, end=end)
        clock.remember(ref)
        refs.append(ref)
    return refs


def _absolute(m: re.Match[str], clock: _Clock) -> DateRef:
    groups = m.groupdict()
    year = groups.get("year")
    month = MONTHS[groups["month"][:3].lower()] if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    basis = ""
    if year is None and month and clock.published:
        candidate = dt.date(clock.published.year, month, min(day or 1, 28))
        year_n = clock.published.year - (1 if candidate > clock.published else 0)
        year, basis = str(year_n), f"'{m.group(0)}' = the last such date before publication"
    if year is None:
        return DateRef(0, 0, m.group(0), "", "", f"'{m.group(0)}' unresolved: no year")
    date = year if not month else f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
    return DateRef(0, 0, m.group(0), year, date if month else "", basis)


def _named_month(m: re.Match[str], clock: _Clock) -> DateRef:
    """'last November', 'in March' without a year: the nearest such month before (last, in,
    on, since) or after (next) publication; 'this' means the publication year."""
    phrase = re.sub(r"(?<=[a-z]{4})\.$", "", m.group(0))
    month, rel = MONTHS[m.group("month")[:3].lower()], m.group("rel")
    base = clock.published
    if base is None:
        return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved: no publication date")
    if rel == "this":
        year = base.year
    elif rel == "next":
        year = base.year + (1 if month <= base.month else 0)
    else:
        strictly_before = rel == "last"
        year = base.year - (
            1 if month > base.month or (strictly_before and month == base.month) else 0
        )
    return DateRef(
        0,
        0,
        phrase,
        str(year),
        f"{year}-{month:02d}",
        f"'{phrase}' = {year}-{month:02d} (published {base})",
    )


def _relative(m: re.Match[str], how: str, clock: _Clock) -> DateRef:
    unit, n = how.split(":")
    offset, phrase = int(n), m.group(0)
    base = clock.published
    if unit == "context-year":
        if clock.year is None:
            return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved")
        year = clock.year + offset
        return DateRef(0, 0, phrase, str(year), "", f"'{phrase}' = {year}")
    if unit == "context-day":
        if clock.day is None:
            return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved")
        day = clock.day + dt.timedelta(days=offset)
        return DateRef(0, 0, phrase, str(day.year), day.isoformat(), f"'{phrase}' = {day}")
    if base is None:
        return DateRef(0, 0, phrase, "", "", f"'{phrase}' unresolved: no publication date")
    if unit == "year":
        year = base.year + offset
        return DateRef(0, 0, phrase, str(year), "", f"'{phrase}' = {year} (published {base})")
    if unit == "years-ago":
        count = phrase.split()[0].lower()
        year = base.year - NUMBER_WORDS.get(count, int(count) if count.isdigit() else 0)
        return DateRef(0, 0, phrase, str(year), "", f"'{phrase}' = {year} (published {base})")
    if unit in {"week", "day"}:
        day = base + dt.timedelta(days=offset * (7 if unit == "week" else 1))
        date = day.isoformat()[:7] if unit == "week" else day.isoformat()
        return DateRef(
            0, 0, phrase, str(day.year), date, f"'{phrase}' = {date} (published {base})"
        )
    month_index = base.year * 12 + base.month - 1 + offset
    year, month = divmod(month_index, 12)
    return DateRef(
        0,
        0,
        phrase,
        str(year),
        f"{year}-{month + 1:02d}",
        f"'{phrase}' = {year}-{month + 1:02d} (published {base})",
    )


# =========================================================================================
# Clauses, actor groups and cues inside one sentence
# =========================================================================================


@dataclass
class Group:
    """Actors named together ("Japan, South Korea and Vietnam"), as one party."""

    mentions: list[Mention]
    compound: bool = False

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(m.code for m in self.mentions))

    @property
    def possessive(self) -> bool:
        return self.mentions[-1].possessive

    @property
    def adjective(self) -> bool:
        return self.mentions[-1].adjective

    @property
    def label(self) -> str:
        return "/".join(m.form for m in self.mentions)


@dataclass(frozen=True)
class Cue:
    """A matched kind cue."""

    start: int
    end: int
    rule: CueRule
    text: str


@dataclass
class Clause:
    """One clause of a sentence: its span, opener, actor groups, cues, figures, dates."""

    span: Span
    opener: str
    groups: list[Group]
    via: list[Group]
    cues: list[Cue]
    figures: list[Figure]
    dates: list[DateRef]
    places: list[Span]
    antecedent: Group | None = None


@dataclass
class Candidate:
    """One extracted relation before it becomes a row."""

    source: str
    target: str
    kind: str
    clause: Clause
    cue: Cue
    binding: str
    via: str = ""
    figure: Figure | None = None
    extra_figures: list[Figure] = field(default_factory=list)
    date: DateRef | None = None
    direction: str = ""


def _sentence_candidates(sentence: Span, clock: _Clock) -> list[Candidate]:
    text = sentence.text
    figures = find_figures(text)
    places = find_places(_mask(text, figures))
    mentions = find_actors(text, [*places, *figures])
    dates = find_dates(_mask(text, figures), clock)
    clauses = _clauses(text, mentions, figures, dates, places)
    leading = dates[0] if dates and _word_count(text[: dates[0].start]) <= 2 else None
    subject = _sentence_subject(text, clauses)
    found: list[Candidate] = []
    previous: list[tuple[str, str, str]] = []
    for clause in clauses:
        made = _clause_candidates(text, clause, subject, previous)
        date = clause.dates[0] if clause.dates else leading
        for candidate in made:
            candidate.date = date
        _attach_figures(made, clause.figures)
        found += made
        if made or clause.groups:
            previous = _pairs_of(text, clause, made, subject)
    for candidate in found:
        candidate.clause = replace(
            candidate.clause,
            span=Span(
                sentence.start + candidate.clause.span.start,
                sentence.start + candidate.clause.span.end,
                candidate.clause.span.text,
            ),
        )
    return found


def _clauses(
    text: str,
    mentions: list[Mention],
    figures: list[Figure],
    dates: list[DateRef],
    places: list[Span],
) -> list[Clause]:
    bounds = _clause_bounds(text, mentions)
    groups = _groups(text, mentions)
    cues = _cues(_mask(text, [*figures, *places, *mentions]))
    clauses = []
    for start, end, opener in bounds:
        inside = [g for g in groups if start <= g.start < end]
        via = [g for g in inside if _is_via(text, g, start)]
        span_text = text[start:end]
        lead = len(span_text) - len(span_text.lstrip(" ,;:—–-"))
        trail = len(span_text.rstrip(" ,;:—–-"))
        clauses.append(
            Clause(
                span=Span(start + lead, start + trail, span_text[lead:trail]),
                opener=opener,
                groups=[g for g in inside if g not in via],
                via=via,
                cues=[c for c in cues if start <= c.start < end],
                figures=[f for f in figures if start <= f.start < end],
                dates=[d for d in dates if start <= d.start < end],
                places=[p for p in places if start <= p.start < end],
            )
        )
    for before, clause in itertools.pairwise(clauses):
        if clause.opener in RELATIVE_OPENERS and before.groups:
            last = before.groups[-1]
            gap = text[last.end : clause.span.start]
            verbs = re.findall(r"\w+", clause.span.text[len(clause.opener) :])[:2]
            if re.fullmatch(r"(?:’s|'s)?\s*,?\s*", gap) and not EVENT_VERBS & set(verbs):
                clause.antecedent = last
    return [c for c in clauses if c.span.text]


def _clause_bounds(text: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """(start, end, opener) of each clause; relative clauses end at the next comma."""
    cuts: list[tuple[int, str]] = [(0, "")]
    for m in re.finditer(r"[;:]\s|\s[—–]\s|,\s+(\w+)", text):
        if m.group(0)[0] in ";:—– ":
            cuts.append((m.end(), m.group(0).strip()))
            continue
        word = m.group(1)
        if (
            word in CLAUSE_OPENERS
            or word in PRONOUN_SUBJECTS
            or (word.endswith("ing") and word.islower())
        ):
            if word in {"and", "or"} and _continues_list(text, m, mentions):
                continue
            cuts.append((m.start() + 1, word))
    cuts.sort()
    bounds = []
    for i, (start, opener) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        if opener in RELATIVE_OPENERS:
            comma = text.find(",", start + 1, end)
            if comma != -1:
                bounds.append((start, comma, opener))
                bounds.append((comma, end, "(main)"))
                continue
        bounds.append((start, end, opener))
    return bounds


def _continues_list(text: str, m: re.Match[str], mentions: list[Mention]) -> bool:
    before = any(
        x.end <= m.start() and not text[x.end : m.start()].strip(" ’'s") for x in mentions
    )
    after = any(
        re.fullmatch(r"\s*(?:and|or)\s+(?:the\s+|even\s+)?", text[m.start() + 1 : x.start])
        for x in mentions
        if x.start > m.start()
    )
    return before and after


def _groups(text: str, mentions: list[Mention]) -> list[Group]:
    """Join mentions into lists ("X, Y and Z") and hyphenated pairs ("Sino-Russian")."""
    groups: list[Group] = []
    for mention in mentions:
        if groups:
            last = groups[-1]
            gap = text[last.end : mention.start]
            if gap in {"-", "–"} and not last.possessive:
                last.mentions.append(mention)
                last.compound = True
                continue
            if mention.code == last.mentions[-1].code and re.fullmatch(r"\s*\(\s*", gap):
                continue  # "Asia-Pacific Economic Cooperation (APEC)"
            if not last.possessive and not last.compound and LIST_SEPARATOR.fullmatch(gap):
                last.mentions.append(mention)
                continue
        groups.append(Group([mention]))
    return [g for g in groups if not (len(g.mentions) == 1 and g.mentions[0].combining)]


def _cues(text: str) -> list[Cue]:
    """Kind cues in ``text``, longest first, not overlapping."""
    matches = []
    for rule in KIND_CUES:
        for m in re.finditer(r"\b(?:" + rule.pattern + r")\b", text, re.IGNORECASE):
            matches.append(Cue(m.start(), m.end(), rule, m.group(0)))
    blocked = [
        m.span() for p in NOT_CUES for m in re.finditer(r"\b" + p + r"\b", text, re.IGNORECASE)
    ]
    matches = [c for c in matches if not any(a <= c.start < b for a, b in blocked)]
    matches.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[Cue] = []
    for cue in matches:
        if all(cue.end <= c.start or cue.start >= c.end for c in chosen):
            chosen.append(cue)
    chosen = [
        c
        for c in chosen
        if not (c.rule.kind == "dispute" and _DISPUTE_PLAIN.match(c.text.lower()))
    ]
    return sorted(chosen, key=lambda c: c.start)


def _is_via(text: str, group: Group, clause_start: int) -> bool:
    return bool(
        VIA_BEFORE.search(text[clause_start : group.start]) or VIA_AFTER.match(text[group.end :])
    )


# =========================================================================================
# Pairing: which actors each cue relates
# =========================================================================================


def _sentence_subject(text: str, clauses: list[Clause]) -> Group | None:
    """The subject of the sentence's main clause, if it names an actor."""
    for i, clause in enumerate(clauses):
        if clause.opener in RELATIVE_OPENERS or clause.opener in {"where", "when", "while"}:
            continue
        subject = _clause_subject(text, clause)
        if subject is not None:
            return subject
        if clause.groups and i == 0:
            return clause.groups[0]
        if clause.groups:
            return None
    return None


def _pairs_of(
    text: str, clause: Clause, made: list[Candidate], sentence_subject: Group | None
) -> list[tuple[str, str, str]]:
    """What a following clause without actors continues: the pairs this clause made, or
    else its subject with each of its other actors ("... India and China, seeking ...")."""
    if made:
        return list(
            dict.fromkeys(
                (c.source, c.target, c.direction) for c in made if c.binding != "control"
            )
        )
    subject = _clause_subject(text, clause) or sentence_subject
    if subject is None:
        return []
    others = [g for g in clause.groups if g is not subject]
    return [(s, t, "subject") for g in others for s, t, _b, _d in _cross(subject, g, "", "")]


def _clause_subject(text: str, clause: Clause) -> Group | None:
    """A group is the subject when nothing but determiners, names or one adjective stand
    between the start of the clause (or a comma) and it, and no preposition governs it."""
    if clause.antecedent is not None:
        return clause.antecedent
    start = clause.span.start
    for group in clause.groups:
        before = text[start : group.start]
        segment = re.split(r"[,;:]", before)[-1]
        words = re.findall(r"[\w’'\-]+", segment)
        if clause.opener and words and words[0].lower() == clause.opener:
            words = words[1:]
        lower = [w for w in words if w[0].islower() and w.lower() not in DETERMINERS]
        if any(w.lower() in PRONOUN_SUBJECTS for w in words):
            return None
        if any(w.lower() in PREPOSITIONS for w in words):
            continue
        if len(lower) <= 1:
            return group
        return None
    return None


def _clause_candidates(
    text: str, clause: Clause, sentence_subject: Group | None, previous: list[tuple[str, str, str]]
) -> list[Candidate]:
    cues = _effective_cues(clause.cues, text)
    if not cues:
        return []
    control = _control(text, clause)
    if control is not None:
        return _controlled(text, clause, control, sentence_subject, cues)
    subject = _clause_subject(text, clause)
    if (
        subject is None
        and sentence_subject is not None
        and (
            sentence_subject in clause.groups
            or _has_pronoun_subject(text, clause)
            or clause.opener != ""
        )
    ):
        subject = sentence_subject
    found = []
    for cue in cues:
        for source, target, binding, direction in _pairs_for_cue(
            text, clause, cue, subject, sentence_subject, previous
        ):
            found.append(
                Candidate(source, target, cue.rule.kind, clause, cue, binding, direction=direction)
            )
    found += _reciprocal(text, clause, cues)
    _attach_via(found, clause)
    return _dedupe(found)


def _effective_cues(cues: list[Cue], text: str) -> list[Cue]:
    """Drop generic cues when a specific one is present, and exchange words whose object
    is a commodity of another kind ("buy Russia’s oil" is energy, not trade)."""
    specific = [c for c in cues if not c.rule.generic]
    kept = specific or cues

    def is_object(commodity: Cue, exchange: Cue) -> bool:
        """ "exports of oil", "buy Russia’s oil" (just after) or "oil exports" (just before)."""
        if commodity.start >= exchange.end:
            return _word_count(text[exchange.end : commodity.start]) <= 3
        return (
            commodity.end <= exchange.start
            and _word_count(text[commodity.end : exchange.start]) == 0
        )

    return [
        cue
        for cue in kept
        if not (
            cue.rule.exchange
            and any(
                other.rule.kind != cue.rule.kind
                and not other.rule.exchange
                and is_object(other, cue)
                for other in kept
            )
        )
    ]


def _pairs_for_cue(
    text: str,
    clause: Clause,
    cue: Cue,
    subject: Group | None,
    sentence_subject: Group | None,
    previous: list[tuple[str, str, str]],
) -> list[tuple[str, str, str, str]]:
    groups = clause.groups
    compound = _compound_before(text, groups, cue)
    if compound is not None:
        a, b = compound.codes[:2]
        return [(a, b, "compound", "symmetric")]
    passive = _passive_agent(text, groups, cue)
    if passive is not None:
        others = [g for g in groups if g is not passive and set(g.codes) - set(passive.codes)]
        target = (
            _nearest(text, others, cue)
            if others
            else (subject if subject is not None and subject is not passive else None)
        )
        if target is None:
            return []
        return _cross(passive, target, "passive-agent", "claimant")
    agent = _agent(text, groups, cue)
    if agent is not None:
        return _agent_pairs(text, clause, cue, agent, subject, sentence_subject)
    return _unbound_pairs(text, clause, cue, subject, sentence_subject, previous)


def _agent_pairs(
    text: str,
    clause: Clause,
    cue: Cue,
    agent: Group,
    subject: Group | None,
    sentence_subject: Group | None,
) -> list[tuple[str, str, str, str]]:
    if agent.possessive and (cue.rule.role or _role_after(text, cue)):
        holder = next(
            (
                g
                for g in (subject, sentence_subject)
                if g is not None and set(g.codes) - set(agent.codes)
            ),
            None,
        )
        if holder is None:
            return []
        if cue.rule.buyer:
            return _cross(agent, holder, "role", "seller")
        return _cross(holder, agent, "role", _direction_name(cue))
    partner = _partner_after(text, clause.groups, cue, agent)
    binding = "agent"
    if partner is None:
        partner = next(
            (
                g
                for g in (subject, sentence_subject)
                if g is not None and set(g.codes) - set(agent.codes)
            ),
            None,
        )
    if partner is None:
        others = [g for g in clause.groups if g is not agent and set(g.codes) - set(agent.codes)]
        partner = _nearest(text, others, cue) if others else None
    if partner is None:
        return []
    if _opposes(text[clause.span.start : cue.start]) and partner in (subject, sentence_subject):
        return _cross(partner, agent, binding, "opposer")
    return _cross(agent, partner, binding, _direction_name(cue))


def _unbound_pairs(
    text: str,
    clause: Clause,
    cue: Cue,
    subject: Group | None,
    sentence_subject: Group | None,
    previous: list[tuple[str, str, str]],
) -> list[tuple[str, str, str, str]]:
    groups = clause.groups
    if not groups or (
        previous
        and sentence_subject is not None
        and clause.span.start > sentence_subject.end
        and all(g.codes == sentence_subject.codes for g in groups)
    ):
        return [(s, t, "inherited", d) for s, t, d in previous]
    if subject is None:
        return []
    others = [g for g in groups if g is not subject and set(g.codes) - set(subject.codes)]
    if len(subject.codes) > 1 and subject in groups:
        linked = _partner_after(text, others, cue, subject)
        if linked is None:
            return [
                (a, b, "coordinated-subject", "symmetric")
                for i, a in enumerate(subject.codes)
                for b in subject.codes[i + 1 :]
            ]
        others = [linked]
    if others:
        target = _nearest(text, others, cue)
        binding = "subject-object" if subject in groups else "sentence-subject"
        pairs = _cross(subject, target, binding, _direction_name(cue))
        if _buyer_before(text, cue) and cue.rule.kind != "investment":
            pairs = [(t, s, b, "buyer") for s, t, b, _ in pairs]
        if _opposes(clause.span.text):
            pairs = [(s, t, b, "opposer") for s, t, b, _ in pairs]
        return pairs
    if len(subject.codes) > 1 and subject in groups:
        return [
            (a, b, "coordinated-subject", "symmetric")
            for i, a in enumerate(subject.codes)
            for b in subject.codes[i + 1 :]
        ]
    if sentence_subject is not None and set(sentence_subject.codes) - set(subject.codes):
        # the clause names its own subject ("..., as China steps up its claims"): it acts
        return _cross(subject, sentence_subject, "sentence-subject", _direction_name(cue))
    return []


def _reciprocal(text: str, clause: Clause, cues: list[Cue]) -> list[Candidate]:
    """'X, Y and Z ... with each other', 'between X and Y': pairs inside the list."""
    found = []
    for group in clause.groups:
        if len(group.codes) < 2:
            continue
        after = text[group.end : clause.span.end]
        before = text[clause.span.start : group.start]
        if not (RECIPROCAL.search(after) or BETWEEN.search(before)):
            continue
        cue = min(cues, key=lambda c: abs(c.start - group.end))
        kinds = dict.fromkeys(c.rule.kind for c in cues if c.start >= group.start - 80 or c is cue)
        for kind in kinds:
            chosen = next(c for c in cues if c.rule.kind == kind)
            codes = group.codes
            found += [
                Candidate(a, b, kind, clause, chosen, "reciprocal", direction="symmetric")
                for i, a in enumerate(codes)
                for b in codes[i + 1 :]
            ]
    return found


def _control(text: str, clause: Clause) -> Group | None:
    """The actor B in "... wants B to ...", if the clause has one."""
    for group in clause.groups:
        if CONTROL_VERBS.search(text[clause.span.start : group.start]) and re.match(
            r"\s+to\b", text[group.end :]
        ):
            return group
    return None


def _controlled(
    text: str, clause: Clause, controlled: Group, sentence_subject: Group | None, cues: list[Cue]
) -> list[Candidate]:
    """'A wants B to limit its arms sales to C': B→C arms, and A→B arms (A's wish)."""
    before = [g for g in clause.groups if g.end <= controlled.start]
    controller = _clause_subject(text, clause) if before else sentence_subject
    if controller is controlled:
        controller = sentence_subject
    inner_groups = [g for g in clause.groups if g.start >= controlled.start]
    inner = replace(
        clause,
        groups=inner_groups,
        cues=[c for c in cues if c.start > controlled.end],
        antecedent=None,
    )
    found: list[Candidate] = []
    for cue in inner.cues:
        others = [
            g for g in inner_groups if g is not controlled and set(g.codes) - set(controlled.codes)
        ]
        passive = _passive_agent(text, inner_groups, cue)
        if passive is not None:
            rest = [g for g in others if g is not passive]
            if rest:
                for s, t, b, d in _cross(
                    passive, _nearest(text, rest, cue), "passive-agent", "claimant"
                ):
                    found.append(Candidate(s, t, cue.rule.kind, clause, cue, b, direction=d))
            continue
        if others:
            for s, t, b, d in _cross(
                controlled, _nearest(text, others, cue), "subject-object", _direction_name(cue)
            ):
                found.append(Candidate(s, t, cue.rule.kind, clause, cue, b, direction=d))
    acts = [c for c in found if c.source in controlled.codes]
    wishes_kinds = (
        dict.fromkeys((c.kind, c.cue) for c in acts)
        if found
        else dict.fromkeys((c.rule.kind, c) for c in inner.cues)
    )
    if controller is not None:
        for kind, cue in wishes_kinds:
            for s, t, _b, _d in _cross(controller, controlled, "control", "control"):
                found.append(Candidate(s, t, kind, clause, cue, "control", direction="control"))
    _attach_via(found, clause)
    return _dedupe(found)


# --- small helpers for pairing -----------------------------------------------------------


def _cross(
    source: Group, target: Group, binding: str, direction: str
) -> list[tuple[str, str, str, str]]:
    return [(s, t, binding, direction) for s in source.codes for t in target.codes if s != t]


def _compound_before(text: str, groups: list[Group], cue: Cue) -> Group | None:
    for group in groups:
        if (
            group.compound
            and group.end <= cue.start
            and _word_count(text[group.end : cue.start]) <= 5
        ):
            return group
    return None


def _passive_agent(text: str, groups: list[Group], cue: Cue) -> Group | None:
    for group in groups:
        if group.start > cue.end and re.fullmatch(
            r"\s+by\s+(?:the\s+)?", text[cue.end : group.start]
        ):
            return group
    return None


def _agent(text: str, groups: list[Group], cue: Cue) -> Group | None:
    """A possessive ("Russia’s"), adjective ("Russian") or bare name right before the cue."""
    best = None
    for group in groups:
        if group.end > cue.start:
            break
        between = re.findall(r"[\w’'\-]+", text[group.end : cue.start])
        if between and between[0] in {"’s", "'s"}:
            between = between[1:]
        if any(w.lower() in AGENT_BREAKERS for w in between) or len(between) > 3:
            continue
        if group.possessive or group.adjective:
            best = group
    return best


def _partner_after(text: str, groups: list[Group], cue: Cue, agent: Group) -> Group | None:
    for group in groups:
        if group.start < cue.end or not set(group.codes) - set(agent.codes):
            continue
        words = re.findall(r"[\w’'\-]+", text[cue.end : group.start])
        if len(words) > 10:
            return None
        if any(w.lower() in PARTNER_PREPOSITIONS for w in words[-3:]):
            return group
    return None


def _nearest(text: str, groups: list[Group], cue: Cue) -> Group:
    def distance(group: Group) -> tuple[int, int]:
        if group.start >= cue.end:
            return (_word_count(text[cue.end : group.start]), 0)
        return (_word_count(text[group.end : cue.start]), 1)

    return min(groups, key=distance)


def _role_after(text: str, cue: Cue) -> bool:
    return bool(
        re.match(
            r"\s+(?:[\w\-]+\s+){0,1}(?:partners?|ally|allies|investors?|"
            r"suppliers?|customers?|gateway|source)\b",
            text[cue.end :],
        )
    )


def _buyer_before(text: str, cue: Cue) -> bool:
    if cue.rule.buyer:
        return True
    before = text[max(0, cue.start - 60) : cue.start]
    return bool(
        re.search(
            r"\b(?:buy|buys|bought|buying|imports?|imported|importing|"
            r"purchases?|purchased|purchasing|acquire[sd]?)\s+(?:[\w$€£.,\-]+\s+)"
            r"{0,3}$",
            before,
        )
    )


def _opposes(text: str) -> bool:
    return bool(
        re.search(
            r"\b(?:oppose[sd]?|opposing|objects? to|objected to|objection|"
            r"protest(?:s|ed)?|condemn(?:s|ed)?)\b",
            text,
        )
    )


def _has_pronoun_subject(text: str, clause: Clause) -> bool:
    first = clause.groups[0].start if clause.groups else clause.span.end
    return any(
        w.lower() in PRONOUN_SUBJECTS
        for w in re.findall(r"[\w’']+", text[clause.span.start : first])
    )


def _direction_name(cue: Cue) -> str:
    kind = cue.rule.kind
    if cue.rule.buyer:
        return "buyer"
    if cue.rule.exchange:
        return "seller"
    return {
        "arms": "seller",
        "energy": "seller",
        "investment": "investor",
        "dispute": "claimant",
        "trade": "symmetric",
    }.get(kind, "subject")


def _attach_via(found: list[Candidate], clause: Clause) -> None:
    if not clause.via:
        return
    via = clause.via[0].codes[0]
    for candidate in found:
        if candidate.kind in {"trade", "energy", "arms"} and via not in {
            candidate.source,
            candidate.target,
        }:
            candidate.via = via


def _dedupe(found: list[Candidate]) -> list[Candidate]:
    seen: dict[tuple[str, str, str], Candidate] = {}
    for candidate in found:
        if candidate.source == candidate.target:
            continue
        key = (candidate.source, candidate.target, candidate.kind)
        reverse = (candidate.target, candidate.source, candidate.kind)
        if key in seen or reverse in seen:
            continue
        seen[key] = candidate
    return list(seen.values())


def _attach_figures(found: list[Candidate], figures: list[Figure]) -> None:
    """Each figure goes to the relation with the nearest cue; USD money wins a tie."""
    if not found:
        return
    for figure in figures:
        fits = [
            c
            for c in found
            if not figure.is_money or c.kind in {"trade", "investment", "arms", "energy"}
        ] or found
        best = min(
            fits, key=lambda c: min(abs(c.cue.start - figure.end), abs(figure.start - c.cue.end))
        )
        for candidate in found:
            if candidate.cue is best.cue and (candidate.source, candidate.target) == (
                best.source,
                best.target,
            ):
                candidate.extra_figures.append(figure)
    for candidate in found:
        if candidate.extra_figures:
            ranked = sorted(
                candidate.extra_figures, key=lambda f: (not f.is_money, f.unit != "USD bn")
            )
            candidate.figure = ranked[0]


# =========================================================================================
# Rows
# =========================================================================================


def _row(candidate: Candidate, number: int, doc_id: str) -> dict[str, str]:
    figure, date = candidate.figure, candidate.date
    confidence, _ = PAIRING_RULES[candidate.binding]
    if candidate.cue.rule.generic:
        confidence -= 0.2
    note = [
        f"rule: {candidate.cue.rule.name}; matched '{candidate.cue.text}'",
        f"pairing: {candidate.binding}",
    ]
    if candidate.direction and candidate.direction not in {"subject", "symmetric"}:
        note.append(f"direction: {candidate.direction}")
    if date is not None and date.basis:
        note.append(date.basis)
    others = [f.text for f in candidate.extra_figures if f is not figure]
    if others:
        note.append("also: " + ", ".join(others))
    places = [p.text for p in candidate.clause.places if p.text not in _REGION_ADJECTIVES]
    if places:
        note.append("places: " + ", ".join(dict.fromkeys(places)))
    return {
        "id": f"x{number:03d}",
        "kind": candidate.kind,
        "source": candidate.source,
        "target": candidate.target,
        "via": candidate.via,
        "value": _number(figure.value) if figure else "",
        "unit": figure.unit if figure else "",
        "year": date.year if date else "",
        "date": date.date if date else "",
        "status": STATUS,
        "quote": candidate.clause.span.text,
        "source_doc": doc_id,
        "source_url": "",
        "note": "; ".join(note),
        "other_value": "",
        "other_source_url": "",
        "confidence": f"{max(0.05, min(confidence, 1.0)):.2f}",
    }


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _key_label(key: tuple[str, str, str]) -> str:
    return f"{key[0]}-{key[1]} {key[2]}"


# =========================================================================================
# Small text helpers
# =========================================================================================


def _mask(text: str, spans: Iterable[Span | Figure | DateRef | Mention]) -> str:
    """``text`` with each span replaced by one placeholder word padded with spaces, so
    offsets stay put and a masked name counts as one word."""
    chars = list(text)
    for span in spans:
        if span.end > span.start:
            chars[span.start : span.end] = ["X"] + [" "] * (span.end - span.start - 1)
    return "".join(chars)


def _word_count(text: str) -> int:
    return len(re.findall(r"[\w’'\-]+", text.replace("’s", "").replace("'s", "")))


def _mostly_non_latin(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF)
    return latin / len(letters) < 0.5


def _is_navigation(line: str) -> bool:
    parts = NAV_SEPARATORS.split(line)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def _parse_iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _published(value: str) -> dt.date:
    """The ``--published`` option as a date; an unusable value is an :class:`OptionError`."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise OptionError(f"--published: {shown(value)!r} is not a real date written YYYY-MM-DD")


#: The layers a map of a new article shows: what the article's relations give.
ARTICLE_LAYERS: tuple[str, ...] = (
    "partners",
    "trade-flows",
    "investment",
    "arms-transfers",
    "energy-ties",
    "diplomacy-and-events",
    "security",
    "territorial-claims",
)


def data_from_article(base: SourceData, text: str, *, path: str, published: str) -> SourceData:
    """``base`` with its document and relations replaced by those of a new article.

    Places, groups and geometries stay (they are sourced geography); the relations are the
    article's unreviewed candidates, so the usual validation, join and map apply. The base
    documents stay too, since routes and disputes cite them; a map of the article shows
    only its relation layers (see :data:`geo.layers.catalogue.ARTICLE_LAYERS`).

    Parameters
    ----------
    base
        Inputs as read by :func:`geo.sources.load_data`.
    text
        The new article, raw.
    path
        Where the article came from (shown in messages and on the map).
    published
        Its publication date, ISO ``YYYY-MM-DD``: needed to resolve "last year".
    """
    doc_id = "article"
    name = Path(path).name
    if not clean_article(text).strip().strip("\u00a0\u200b\ufeff"):
        raise DataError([Problem(shown(path), None, None, "the article is empty")])
    documents = pd.DataFrame(
        [document_from_article(text, doc_id=doc_id, path=name, published=published)], dtype=str
    )
    documents.attrs["path"] = f"{path} (document metadata)"
    relations = relations_from_article(text, doc_id=doc_id, published=published, path=path)
    relations.attrs["path"] = f"{path} (extracted relations)"
    documents = pd.concat([base.tables["documents"], documents], ignore_index=True)
    documents.attrs["path"] = f"{path} (document metadata)"
    events = base.tables["events"]
    events = events[events["relations"] == ""]  # the others cite the base's relations
    events.attrs = dict(base.tables["events"].attrs)
    tables = {**base.tables, "documents": documents, "relations": relations, "events": events}
    return replace(
        base,
        tables=tables,
        # quotes and the title are read from the text without page boilerplate (whole
        # lines dropped), so they are checked against that text
        texts={**base.texts, doc_id: clean_article(text)},
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
