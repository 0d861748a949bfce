"""Lexicon and references: who the actors are and how news prose names them.

Country names come from pycountry (``name``, ``official_name``, ``common_name``) plus the
small news-prose tables below; regions and place names that are not actors are found
first and masked, so "the Russian Far East" is not Russia.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry

from geo.extract.spans import Figure, Mention, Span, _alternation
from geo.extract.text import _mask

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
    "COD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"),
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
    "East Africa",
    "West Africa",
    "North Africa",
    "Southern Africa",
    "Central Africa",
    "Horn of Africa",
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


#: A state's named programmes abroad: "canceled $20 billion in Belt and Road projects"
#: names China as the other party.
PROGRAMMES: dict[str, tuple[str, ...]] = {
    "CHN": ("Belt and Road Initiative", "Belt and Road", "BRI", "One Belt, One Road"),
}

#: Prefix of the codes of :data:`NON_STATE_ACTORS`.
NON_STATE = "~"

#: Actors that are not states: a continent, organisations, armed groups. They take part in
#: pairing like any actor, so "Tillerson's visit to Africa" or "the U.N. mission" is not
#: read as a relation with the next country named, but no row is written for them: the
#: map draws relations between states (and the groups of ``groups.csv``).
NON_STATE_ACTORS: dict[str, tuple[str, ...]] = {
    "~AFRICA": (
        "Africa",
        "African countries",
        "African nations",
        "African governments",
        "African leaders",
        "African states",
        "African militaries",
        "the continent",
    ),
    "~AU": ("African Union",),
    "~UN": ("United Nations", "U.N.", "UN", "UNMISS", "MONUSCO"),
    "~EU": ("European Union", "EU"),
    "~NATO": ("NATO",),
    "~IMF": ("International Monetary Fund", "IMF", "World Bank"),
    "~TALIBAN": ("Taliban",),
    "~ISLAMIST": ("al-Qaida", "al-Qaeda", "Islamic State", "ISIS"),
}


#: References to states named before, by how many states they take: "the two countries"
#: takes the last two states named (in the sentence before it, else in the sentences
#: before it in the paragraph, else in the previous paragraph), "the country" the last one.
REFERENCES: dict[int, tuple[str, ...]] = {
    1: ("the country", "the nation", "the country’s", "the country's", "the nation’s"),
    2: (
        "the two countries",
        "both countries",
        "the two nations",
        "both nations",
        "the two sides",
        "both sides",
        "the two governments",
        "the two neighbors",
        "the two neighbours",
    ),
    3: ("the three countries", "the three nations"),
}


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
    for code, names in PROGRAMMES.items():
        for name in names:
            forms.setdefault(name, code)
    for code, names in NON_STATE_ACTORS.items():
        for name in names:
            forms.setdefault(name, code)
    return forms


_ACTOR_FORMS = actor_forms()


_ADJECTIVE_FORMS = frozenset(d for names in DEMONYMS.values() for d in names)
#: The demonyms used as adjectives ("Chinese", "Saudi").
ADJECTIVE_FORMS = _ADJECTIVE_FORMS


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


#: "Chinese-funded", "Chinese-built", "Saudi-backed": the name is the agent of the act.
_MADE_BY_RE = re.compile(
    r"(?<![\w$€£])(?P<name>"
    + _alternation(_ACTOR_FORMS)
    + r")(?=-(?:funded|financed|built|backed|owned|operated|made|supplied|led|sponsored)\b)"
)

#: Capitals and seats of power (:data:`METONYMS`) after "in" or "at" say where something
#: happened ("said at a screening in Washington"), not who acted.
_CAPITALS = frozenset(n for names in METONYMS.values() for n in names)
_CAPITAL_AS_PLACE = re.compile(r"\b(?:in|at)\s+$")

#: A name that only says where something is: "a news organization based in Hong Kong",
#: "the Washington, D.C.-based Center", "the Beijing-based group".
_PLACE_BEFORE = re.compile(r"\bbased in\s+$")
_PLACE_AFTER = re.compile(r"^(?:,\s*D\.C\.)?-based\b|^,\s*D\.C\.")


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
    for m in _MADE_BY_RE.finditer(clear):  # "Chinese-funded": the funder, as an adjective
        mentions.append(
            Mention(m.start(), m.end(), _ACTOR_FORMS[m.group("name")], m.group(0), adjective=True)
        )
    for m in _NAME_RE.finditer(clear):
        form = m.group("name")
        if _CAPITAL_AS_PLACE.search(clear[: m.start()]) and form in _CAPITALS:
            continue  # "a screening of the film in Washington": where, not who
        if form in _REGION_SET or any(x.start <= m.start() < x.end for x in mentions):
            continue
        if form == "US" and re.match(r"\s*\$", clear[m.end() :]):
            continue
        if _PLACE_BEFORE.search(clear[: m.start()]) or _PLACE_AFTER.match(clear[m.end() :]):
            continue  # "based in Hong Kong", "Washington, D.C.-based": a place
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


_REFERENCE_RE = re.compile(
    r"\b(?P<ref>"
    + _alternation([r for refs in REFERENCES.values() for r in refs])
    + r")(?![\w’'])",
    re.IGNORECASE,
)


def is_state(code: str) -> bool:
    """Whether ``code`` is a state's ISO alpha-3 code (not a group or a non-state actor)."""
    return len(code) == 3 and code.isalpha() and code.isupper()


def find_references(
    text: str, mentions: list[Mention], recent: list[str]
) -> list[tuple[Mention, ...]]:
    """References to states named before, each as the mentions it stands for.

    Parameters
    ----------
    text
        One sentence.
    mentions
        The actors named in it (:func:`find_actors`).
    recent
        States named before this sentence, the most recent last.

    Returns
    -------
    Per reference, one :class:`Mention` per state it is read as, all on the reference's
    span; a reference with too few states named before it is left out.
    """
    found = []
    for m in _REFERENCE_RE.finditer(text):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        phrase = m.group("ref").lower()
        count = next(n for n, refs in REFERENCES.items() if phrase in refs)
        before = [x.code for x in mentions if x.end <= m.start() and is_state(x.code)]
        # the states named in this sentence if there are enough, else those named before
        pool = before if len(set(before)) >= count else recent
        codes = list(dict.fromkeys(reversed(pool)))[:count]
        if len(codes) < count:
            continue
        possessive = phrase.endswith(("’s", "'s"))
        found.append(
            tuple(
                Mention(m.start(), m.end(), code, m.group("ref"), possessive=possessive)
                for code in reversed(codes)
            )
        )
    return found


#: Pronouns read as states: "it" stands for one state, "they" for a list of two or more.
#: Only a pronoun that is a clause's subject is read (at the start of the sentence, or
#: after a comma or a word that opens a clause), and never before a verb that makes it an
#: expletive ("it is unclear", "it remains to be seen").
PRONOUNS: dict[str, str] = {"it": "one", "they": "several"}
_PRONOUN_RE = re.compile(
    r"(?:^|[,;:]\s+|\b(?:that|and|but|because|as|while|when|where|if|so|after|before|since)\s+)"
    r"(?P<pronoun>[Ii]t|[Tt]hey)\s+(?!(?:is|was|’s|'s|are|were|seems?|appears?|remains?|"
    r"means?|takes?|would be|will be|may be|might be|could be|has been|had been|"
    r"have been|say|said)\b)(?=[a-z])"
)


def find_pronouns(
    text: str, mentions: list[Mention], lead: tuple[str, ...], previous: tuple[str, ...]
) -> list[tuple[Mention, ...]]:
    """Subject pronouns read as states, each as the mentions it stands for.

    Parameters
    ----------
    text
        One sentence.
    mentions
        The actors named in it.
    lead
        The states the sentence opens with as its subject ("Sierra Leone announced ...
        that it was dropping"): a pronoun after them stands for them.
    previous
        The states the paragraph's previous sentence had as its subject: a pronoun
        opening this sentence stands for them ("... It also ...").
    """
    found = []
    for m in _PRONOUN_RE.finditer(text):
        start = m.start("pronoun")
        if any(x.start <= start < x.end for x in mentions):
            continue
        before = [x for x in mentions if x.end <= start]
        codes = lead if lead and before else previous if not before else ()
        number = PRONOUNS[m.group("pronoun").lower()]
        if not codes or (number == "one") != (len(codes) == 1):
            continue
        end = m.end("pronoun")
        found.append(tuple(Mention(start, end, code, m.group("pronoun")) for code in codes))
    return found


#: Title words between a country and a person's name: "U.S. Secretary of State Rex
#: Tillerson", "Zambia’s President Edgar Lungu", "Chinese Foreign Ministry spokesman Lu
#: Kang". The person then stands for that country in the rest of the article (the
#: introduction is the evidence, named in ``note``); no outside table is needed.
TITLE_WORDS = (
    r"(?:President|Vice President|Prime Minister|Premier|Chancellor|King|Emperor|"
    r"Secretary of State|Secretary of Defense|Secretary|Minister|Ministry|"
    r"Foreign|Defen[cs]e|Finance|Trade|Petroleum|Commerce|Economy|Interior|Deputy|"
    r"Assistant|Senior|Chief|General|Gen\.|Lt\.|Maj\.|Adm\.|Ambassador|Envoy|"
    r"leader|president|prime minister|minister|spokesman|spokeswoman|spokesperson|"
    r"ambassador|envoy|diplomat|official|general|newly elected|former)"
)
_PERSON = r"(?P<person>(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\s+){0,2}[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)"


def find_people(text: str) -> dict[str, tuple[str, str]]:
    """People the article introduces with a country's title, by each part of their name.

    Returns
    -------
    ``{name part: (code, introduction)}``: "Tillerson" and "Rex" for "U.S. Secretary of
    State Rex Tillerson". A name part claimed by two countries, or that is itself an
    actor's name, is left out.
    """
    intro = re.compile(
        r"(?P<actor>" + _alternation(_ACTOR_FORMS) + r")(?:’s|'s)?\s+"
        r"(?:" + TITLE_WORDS + r"\s+){1,5}" + _PERSON + r"\b"
    )
    people: dict[str, tuple[str, str]] = {}
    clashes: set[str] = set()
    for m in intro.finditer(text):
        code = _ACTOR_FORMS[m.group("actor")]
        if not is_state(code):
            continue
        for part in m.group("person").split():
            if part in _ACTOR_FORMS or len(part) < 2 or re.fullmatch(TITLE_WORDS, part):
                continue
            if part in people and people[part][0] != code:
                clashes.add(part)
            people.setdefault(part, (code, m.group(0)))
    return {k: v for k, v in people.items() if k not in clashes}


def find_people_mentions(
    text: str, people: dict[str, tuple[str, str]], mentions: list[Mention]
) -> list[Mention]:
    """Mentions of the article's people (:func:`find_people`) outside ``mentions``; the
    introduction itself ("Chinese President Xi Jinping") is left to its country's name."""
    if not people:
        return []
    found: list[Mention] = []
    for m in re.finditer(r"\b(?P<name>" + _alternation(people) + r")\b(?!-)", text):
        if any(x.start <= m.start() < x.end for x in [*mentions, *found]):
            continue
        before = text[: m.start()]
        run = re.search(r"(?:(?:" + TITLE_WORDS + r"|[A-Z][a-z]+)\s+)+$", before)
        if run and not people[m.group("name")][1].startswith(OFFICE_NOTE):
            continue  # inside the introduction or a longer name ("Edgar Lungu")
        if run and any(run.start() - 3 <= x.end <= m.start() for x in mentions):
            continue  # "Chinese President Xi Jinping": left to the country's name
        code = people[m.group("name")][0]
        end = m.end()
        while (nxt := re.match(r"\s+(" + _alternation(people) + r")\b", text[end:])) and people[
            nxt.group(1)
        ][0] == code:
            end += nxt.end()
        found.append(
            Mention(
                m.start(),
                end,
                code,
                text[m.start() : end],
                possessive=bool(_POSSESSIVE.match(text[end:])),
            )
        )
    return found


@dataclass(frozen=True)
class OfficeHolder:
    """A head of state or government, foreign minister or senior official, by date.

    ``names`` are the forms news prose uses for the person (full name first); ``start`` and
    ``end`` are ISO dates, ``""`` where the cited page does not state them (an open term).
    ``url`` is a primary or reputable page that states the office and the dates given.
    """

    names: tuple[str, ...]
    code: str
    office: str
    start: str
    end: str
    url: str


#: Office holders of the states the development corpus and the project's article are
#: about, so that "Bolton said ..." or "President Donald Trump" stands for the United
#: States in an article written during the term. Only rows whose dates a cited page
#: states are here; an article outside a row's term does not read the name as the state.
OFFICE_HOLDERS: tuple[OfficeHolder, ...] = (
    OfficeHolder(
        ("Donald Trump", "Trump"),
        "USA",
        "President of the United States",
        "2017-01-20",
        "",
        "https://www.independent.co.uk/news/world/americas/donald-trump-president-inauguration-latest-sworn-in-45th-white-house-washington-a7537961.html",
    ),
    OfficeHolder(
        ("Mike Pompeo", "Pompeo"),
        "USA",
        "U.S. Secretary of State",
        "2018-04-26",
        "",
        "https://www.state.gov/secretary/index.htm",
    ),
    OfficeHolder(
        ("John Bolton", "Bolton"),
        "USA",
        "U.S. National Security Advisor",
        "2018-04-09",
        "",
        "https://apnews.com/40552d5ae459a8bbbf365ed24f3a0b50",
    ),
    OfficeHolder(
        ("Xi Jinping", "Xi"),
        "CHN",
        "President of the People's Republic of China",
        "2013-03-14",
        "",
        "https://www.aljazeera.com/news/2013/3/14/xi-jinping-named-president-of-china",
    ),
    OfficeHolder(
        ("Imran Khan",),
        "PAK",
        "Prime Minister of Pakistan",
        "2018-08-18",
        "",
        "https://www.news18.com/news/world/imran-khan-to-take-oath-as-pakistan-pm-shortly-wife-bushra-maneka-and-pal-navjot-singh-sidhu-in-attend-1848693.html",
    ),
    OfficeHolder(
        ("Mahathir Mohamad", "Mahathir"),
        "MYS",
        "Prime Minister of Malaysia",
        "2018-05-10",
        "",
        "http://indianexpress.com/article/world/mahathir-mohamad-sworn-in-as-malaysias-seventh-prime-minister/",
    ),
    OfficeHolder(
        ("Edgar Lungu", "Lungu"),
        "ZMB",
        "President of Zambia",
        "2015-01-25",
        "",
        "https://www.southerneye.co.zw/2015/01/26/lungu-sworn-zambias-president/",
    ),
    OfficeHolder(
        ("Robert Mugabe", "Mugabe"),
        "ZWE",
        "President of Zimbabwe",
        "",
        "2017-11-21",
        "http://www.winknews.com/2017/11/21/zimbabwe-parliament-speaker-mugabe-resigned/",
    ),
)

#: How a person read through :data:`OFFICE_HOLDERS` is introduced in ``note``.
OFFICE_NOTE = "office holder"


def office_holders(text: str, published: str | None) -> dict[str, tuple[str, str]]:
    """The office holders the text names whose term covers its publication date, in the
    form of :func:`find_people`: ``{name form: (code, how the person is known)}``.

    An article without a publication date reads no one through the table: a name alone does
    not say when the article was written.
    """
    if not published:
        return {}
    people: dict[str, tuple[str, str]] = {}
    for holder in OFFICE_HOLDERS:
        if not (holder.start or "0000") <= published <= (holder.end or "9999"):
            continue
        if not any(re.search(r"\b" + re.escape(n) + r"\b", text) for n in holder.names):
            continue
        term = f"{holder.start or '?'} to {holder.end or '?'}"
        known = f"{OFFICE_NOTE}: {holder.office}, {term}, {holder.url}"
        for name in holder.names:
            people.setdefault(name, (holder.code, known))
    return people
