"""Clause and relation rules at work: which actors each cue in a sentence relates.

A sentence is split into clauses, actors are grouped, kind cues are matched longest
first, each cue is tied to a pair of actors by the first pairing rule that applies, and
figures and dates attach to the nearest relation in the same clause.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from geo.extract.figures import find_dates, find_figures
from geo.extract.lexicon import (
    ADJECTIVE_FORMS,
    OFFICE_NOTE,
    PROGRAMMES,
    find_actors,
    find_people_mentions,
    find_places,
    find_pronouns,
    find_references,
    is_state,
)
from geo.extract.rules import (
    _DISPUTE_PLAIN,
    ACCUSED_BEFORE,
    AGENT_BREAKERS,
    ALSO_BETWEEN,
    APPRAISAL,
    BETWEEN,
    BORDER_BETWEEN,
    CLAIM_CUES,
    CLAUSE_OPENERS,
    COMPARISON,
    COMPLAINT,
    COMPLAINT_OBJECT,
    CONTROL_VERBS,
    DETERMINERS,
    EVENT_VERBS,
    HEDGED,
    INVESTED_IN,
    KIND_CUES,
    LENDER_AFTER,
    LIST_SEPARATOR,
    NEGATED,
    NEGATED_AFTER,
    NOT_CUES,
    NOUN_ING,
    PARALLEL_AND,
    PARALLEL_OPENERS,
    PARALLEL_VERB,
    PARTNER_EXAMPLES,
    PARTNER_PREPOSITIONS,
    PREPOSITIONS,
    PRONOUN_SUBJECTS,
    RECEIVER_BEFORE,
    RECIPROCAL,
    RELATIVE_OPENERS,
    REPORTED,
    REPORTING_VERB,
    SETTING_AFTER,
    SETTING_BEFORE,
    SPEAKER_AFTER,
    SPEAKER_BEFORE,
    SPEAKING_OFFICIAL,
    UNSETTLED,
    VIA_AFTER,
    VIA_BEFORE,
)
from geo.extract.spans import Candidate, Clause, Cue, DateRef, Figure, Group, Mention, Span, _Clock
from geo.extract.text import _mask, _word_count


def _sentence_candidates(
    sentence: Span,
    clock: _Clock,
    recent: list[str] | None = None,
    people: dict[str, tuple[str, str]] | None = None,
    paragraph: list[str] | None = None,
    subjects: list[tuple[str, ...]] | None = None,
    programmes: list[Mention] | None = None,
) -> list[Candidate]:
    """The candidates of one sentence; ``recent`` lists the states named before it (the
    most recent last) for references such as "the two countries", and is updated;
    ``people`` are the article's people by name (:func:`~geo.extract.lexicon.find_people`);
    ``subjects`` holds the states the paragraph's previous sentence had as its subject (for
    "it" and "they") and is set to this sentence's; ``programmes``, a state's programmes
    abroad ("Belt and Road") named earlier in the paragraph, gains this sentence's."""
    recent = [] if recent is None else recent
    subjects = [] if subjects is None else subjects
    text = sentence.text
    figures = find_figures(text)
    places = find_places(_mask(text, figures))
    mentions, readings = _sentence_actors(
        text, [*places, *figures], recent, people or {}, subjects[-1] if subjects else ()
    )
    dates = find_dates(_mask(text, figures), clock)
    clauses = _clauses(text, mentions, figures, dates, places)
    leading = dates[0] if dates and _word_count(text[: dates[0].start]) <= 2 else None
    subject = _sentence_subject(text, clauses)
    subjects[:] = [_states_of(subject)] if subject is not None and _states_of(subject) else []
    found: list[Candidate] = []
    previous: list[tuple[str, str, str]] = []
    named = [m for m in mentions if m.form in _PROGRAMME_NAMES]
    setting = _setting(text, clauses)
    for clause in clauses:
        before = [*(programmes or []), *(m for m in named if m.end <= clause.span.start)]
        made = _clause_or_context_candidates(text, clause, subject, previous, before, setting)
        date = clause.dates[0] if clause.dates else leading
        for candidate in made:
            candidate.date = date
        _attach_figures(made, clause.figures)
        found += made
        if made or clause.groups:
            previous = _pairs_of(text, clause, made, subject)
    if not found and subject is None and paragraph:
        found = _continued(clauses, list(paragraph))
    if programmes is not None:
        programmes += named
    found = _stated(text, found)
    for candidate in found:
        read = _resolution(candidate, readings)
        candidate.resolved = "; ".join(r for r in (candidate.resolved, read) if r)
        _widen_to_partners(text, candidate, mentions)
        candidate.clause = replace(
            candidate.clause,
            span=Span(
                sentence.start + candidate.clause.span.start,
                sentence.start + candidate.clause.span.end,
                candidate.clause.span.text,
            ),
        )
    return found


def _clause_or_context_candidates(
    text: str,
    clause: Clause,
    subject: Group | None,
    previous: list[tuple[str, str, str]],
    programmes: list[Mention],
    setting: Group | None,
) -> list[Candidate]:
    """The clause's candidates by its own actors, else by the programme its paragraph names;
    and by the sentence's setting when no pair of states came of it."""
    made = _clause_candidates(text, clause, subject, previous)
    if not made:
        made = _programme_candidates(text, clause, programmes)
    if setting is not None and not any(is_state(c.target) and is_state(c.source) for c in made):
        made += _setting_candidates(text, clause, setting)
    return made


def _setting(text: str, clauses: list[Clause]) -> Group | None:
    """The state a sentence opens with as its setting ("In South Sudan, ...")."""
    first = next((c for c in clauses if c.groups), None)
    if first is None:
        return None
    group = first.groups[0]
    if (
        len(group.codes) == 1
        and is_state(group.codes[0])
        and SETTING_BEFORE.match(text[: group.start])
        and SETTING_AFTER.match(text[group.end :])
    ):
        return group
    return None


def _setting_candidates(text: str, clause: Clause, setting: Group) -> list[Candidate]:
    """The main clause's subject state and the sentence's setting, for a relation the clause
    states without another state ("In the Democratic Republic of Congo — ... — China has
    contributed 220 troops to the U.N. mission")."""
    if clause.span.start < setting.end or setting in clause.groups:
        return []
    subject = _clause_subject(text, clause)
    cues = [c for c in _effective_cues(clause.cues, text) if not c.rule.generic]
    if subject is None or subject.adjective or not cues:
        return []
    states = [code for code in subject.codes if is_state(code) and code not in setting.codes]
    cue = cues[0]
    return [
        Candidate(code, setting.codes[0], cue.rule.kind, clause, cue, "setting") for code in states
    ]


_PROGRAMME_NAMES = frozenset(name for names in PROGRAMMES.values() for name in names)


def _programme_candidates(text: str, clause: Clause, programmes: list[Mention]) -> list[Candidate]:
    """A state's project with no partner named, in a paragraph that has named another
    state's programme abroad, belongs to that programme ("... $20 billion in Belt and Road
    projects ... Nepal canceled its dam project last month"): the programme's state is the
    investor; ``note`` names the programme read."""
    cues = [c for c in clause.cues if c.rule.kind == "investment"]
    subject = _clause_subject(text, clause)
    if not programmes or not cues or subject is None or subject.adjective:
        return []
    states = {code for g in clause.groups for code in g.codes if is_state(code)}
    if states - set(subject.codes) or not set(subject.codes) <= states:
        return []  # another state in the clause: the usual rules pair it, or it is no project
    programme = programmes[-1]
    if programme.code in subject.codes:
        return []
    read = f"'{cues[0].text}' read as part of the {programme.form} ({programme.code}) named before"
    return [
        Candidate(
            programme.code,
            code,
            "investment",
            clause,
            cues[0],
            "programme",
            direction="investor",
            resolved=read,
        )
        for code in subject.codes
    ]


def _sentence_actors(
    text: str,
    masked: list[Span | Figure],
    recent: list[str],
    people: dict[str, tuple[str, str]],
    previous: tuple[str, ...] = (),
) -> tuple[list[Mention], list[tuple[tuple[Mention, ...], str]]]:
    """The sentence's actors (names, people, references, subject pronouns) and how each
    reference, pronoun and person was read; ``recent`` gains the states the sentence names;
    ``previous`` are the states the paragraph's previous sentence had as its subject."""
    named = [m for m in find_actors(text, masked) if not SPEAKING_OFFICIAL.match(text[m.end :])]
    persons = [
        m
        for m in find_people_mentions(_mask(text, masked), people, named)
        if not (SPEAKER_AFTER.match(text[m.end :]) or SPEAKER_BEFORE.search(text[: m.start]))
    ]
    named = sorted([*named, *persons], key=lambda x: x.start)
    references = find_references(text, named, recent)
    references += find_pronouns(text, named, _lead(text, named), previous)
    readings = [
        *(
            (ref, f"'{ref[0].form}' read as {', '.join(m.code for m in ref)}")
            for ref in references
        ),
        *(((m,), _introduced(m, people)) for m in persons),
    ]
    mentions = sorted([*named, *(m for ref in references for m in ref)], key=lambda x: x.start)
    recent += [m.code for m in named if is_state(m.code)]
    return mentions, readings


def _states_of(group: Group) -> tuple[str, ...]:
    """The states a subject group names, by name or reference (not by a demonym alone)."""
    if any(m.adjective or m.combining for m in group.mentions):
        return ()
    return tuple(dict.fromkeys(m.code for m in group.mentions if is_state(m.code)))


def _lead(text: str, named: list[Mention]) -> tuple[str, ...]:
    """The states a sentence opens with as its subject ("Sierra Leone announced ...", "In
    2017, the Zambian government ..." is not one: a demonym is no state's name here)."""
    groups = _groups(text, named)
    if not groups:
        return ()
    first = groups[0]
    segment = re.split(r"[,;:]", text[: first.start])[-1]
    words = re.findall(r"[\w’'\-]+", segment)
    lower = [w for w in words if w[0].islower() and w.lower() not in DETERMINERS]
    if lower or any(w.lower() in PREPOSITIONS for w in words) or first.possessive:
        return ()
    return _states_of(first)


def _widen_to_partners(text: str, candidate: Candidate, mentions: list[Mention]) -> None:
    """Make the quote name both partners: when its clause lacks one, it grows to the nearest
    mention of that partner in the sentence (still a verbatim span), so a reviewer can check
    the row from its quote alone."""
    span = candidate.clause.span
    start, end = span.start, span.end
    for code in (candidate.source, candidate.target):
        named = [m for m in mentions if m.code == code]
        if not named or any(start <= m.start < end for m in named):
            continue
        nearest = min(named, key=lambda m: min(abs(m.start - end), abs(start - m.end)))
        start, end = min(start, nearest.start), max(end, nearest.end)
    if (start, end) != (span.start, span.end):
        grown = text[start:end].rstrip(" ,;:—–-")
        candidate.clause = replace(candidate.clause, span=Span(start, start + len(grown), grown))


def _stated(text: str, found: list[Candidate]) -> list[Candidate]:
    """Drop what the sentence does not state: open questions, negated and hedged cues."""
    if UNSETTLED.search(text):
        return []  # "Whether the United States will ... remains unclear"
    return [
        c
        for c in found
        if not NEGATED.search(text[c.clause.span.start : c.cue.start])
        and not HEDGED.search(text[c.clause.span.start : c.cue.start])
        and not NEGATED_AFTER.search(text[c.cue.end : c.clause.span.end])
    ]


def _continued(clauses: list[Clause], earlier: list[str]) -> list[Candidate]:
    """A sentence without an actor for its subject that relates states by a specific cue
    continues the paragraph's last state ("Algeria ... import many Chinese arms. And that
    portfolio is becoming more diverse, including tank deals ... with South Sudan")."""
    found = []
    for clause in clauses:
        cues = [c for c in clause.cues if not c.rule.generic]
        codes = [c for g in clause.groups for c in g.codes if is_state(c)]
        others = [c for c in reversed(earlier) if c not in codes]
        if not cues or not codes or not others:
            continue
        for code in codes:
            found.append(
                Candidate(others[0], code, cues[0].rule.kind, clause, cues[0], "continued")
            )
    return _dedupe(found)


def _introduced(person: Mention, people: dict[str, tuple[str, str]]) -> str:
    form = person.form if person.form in people else person.form.split()[-1]
    intro = people[form][1]
    if intro.startswith(OFFICE_NOTE):
        return f"'{person.form}' read as {person.code} ({intro})"
    return f"'{person.form}' read as {person.code} (introduced as '{intro}')"


def _resolution(candidate: Candidate, readings: list[tuple[tuple[Mention, ...], str]]) -> str:
    """How the references and people in the candidate's clause that give one of its
    partners were read."""
    span = candidate.clause.span
    read = []
    for mentions, reading in readings:
        inside = span.start <= mentions[0].start < span.end
        if inside and {candidate.source, candidate.target} & {m.code for m in mentions}:
            read.append(reading)
    return "; ".join(dict.fromkeys(read))


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
        via = [g for g in inside if is_state(g.codes[0]) and _is_via(text, g, start)]
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
    for clause in clauses:
        # "in Djibouti, where China opened a base": the place named before "where" is the
        # clause's partner (after its own actors, so it is never read as the subject)
        if clause.opener == "where":
            named = [g for g in groups if g.end <= clause.span.start and not g.adjective]
            if named and named[-1] not in clause.groups:
                clause.groups.append(named[-1])
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
            or (word.endswith("ing") and word.islower() and word not in NOUN_ING)
        ):
            if word in {"and", "or"} and _continues_list(text, m, mentions):
                continue
            if word == "as" and text.startswith("as well as", m.start(1)):
                continue  # ", as well as X" goes on with the phrase before it
            cuts.append((m.start() + 1, word))
    cuts += _parallel_cuts(text, mentions, cuts) + _reported_cuts(text, mentions)
    cuts.sort()
    bounds = []
    for i, (start, opener) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        if opener in RELATIVE_OPENERS or opener == "where":
            comma = text.find(",", start + 1, end)
            if comma != -1:
                bounds.append((start, comma, opener))
                bounds.append((comma, end, "(main)"))
                continue
        bounds.append((start, end, opener))
    return bounds


def _parallel_cuts(
    text: str, mentions: list[Mention], cuts: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """Cuts before "and"/"but" that start a parallel clause with its own subject and verb
    ("Nepal canceled its dam project last month and Sierra Leone announced ..."): the
    clause before must open with its own subject (only capitalised or determiner words
    before it) and hold two lower-case words after it, so "Japan and China signed" and
    "imports from Russia and China" stay one clause."""
    found = []
    for mention in mentions:
        joint = PARALLEL_AND.search(text[: mention.start])
        if joint is None or not PARALLEL_VERB.match(text[mention.end :]):
            continue
        start = max(c for c, _ in cuts if c <= joint.start())
        first = next((m for m in mentions if start <= m.start < joint.start()), None)
        if first is None:
            continue
        lead = re.findall(r"[\w’'\-]+", text[start : first.start])
        if any(w[0].islower() and w.lower() not in DETERMINERS for w in lead):
            continue
        middle = re.findall(r"\b[a-z][\w’'\-]*", text[first.end : joint.start()])
        if len(middle) >= 2:
            found.append((joint.start() + 1, joint.group(1)))
    return found


def _reported_cuts(text: str, mentions: list[Mention]) -> list[tuple[int, str]]:
    """Cuts where a speaker's report begins ("Beijing has noted | U.S. plans to draw down
    troops ..."): the speaker is no partner of what it reports."""
    found = []
    for before, after in itertools.pairwise(mentions):
        gap = text[before.end : after.start]
        if REPORTING_VERB.fullmatch(" " + gap.lstrip()) and gap[:1].isspace():
            found.append((after.start - len(gap) + len(gap.rstrip()) + 1, REPORTED))
    return found


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
            if mention.start == last.mentions[-1].start:  # one reference, several states
                last.mentions.append(mention)
                continue
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
    return [
        g
        for g in (part for group in groups for part in _split_unclosed(text, group))
        if not (len(g.mentions) == 1 and g.mentions[0].combining)
    ]


def _split_unclosed(text: str, group: Group) -> list[Group]:
    """A comma list is closed by "and" or "or" ("X, Y and Z"); without one, "visit to
    Africa, U.S. Secretary of State ..." names two parties, not a list."""
    if group.compound or len(group.mentions) < 2:
        return [group]
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(group.mentions)]
    closed = re.match(r"\s*,?\s*(?:and|or)\b", text[group.end :])  # "X, Y and dozens of"
    if closed or any(re.search(r"\b(?:and|or|nor)\b|&", gap) for gap in gaps):
        return [group]
    if all(not gap.strip() for gap in gaps):
        return [group]
    return [Group([m]) for m in group.mentions]


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


def _sentence_subject(text: str, clauses: list[Clause]) -> Group | None:
    """The subject of the sentence's main clause, if it names an actor."""
    for i, clause in enumerate(clauses):
        if clause.opener in RELATIVE_OPENERS or clause.opener in {"where", "when", "while"}:
            continue
        if i + 1 < len(clauses) and clauses[i + 1].opener == REPORTED:
            continue  # "Beijing has noted | U.S. plans ...": the speaker is no subject
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
    others = [g for g in clause.groups if g is not subject and not _compared(text, subject, g)]
    return [(s, t, "subject") for g in others for s, t, _b, _d in _cross(subject, g, "", "")]


def _compared(text: str, a: Group, b: Group) -> bool:
    """Whether a comparison or ranking stands between two groups ("the U.S. approach
    contrasts sharply with China", "second-biggest exporter after America"): set side by
    side, they are not partners."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    return bool(COMPARISON.search(text[first.end : second.start]))


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
        if _names_its_partners(text, clause, cue):
            continue  # "tensions between the two countries": the list's pairs (below)
        for source, target, binding, direction in _pairs_for_cue(
            text, clause, cue, subject, sentence_subject, previous
        ):
            found.append(
                Candidate(source, target, cue.rule.kind, clause, cue, binding, direction=direction)
            )
    for candidate in found:
        turned = _received(text, clause, candidate.cue)
        # an inherited pair keeps the direction its own clause gave it ("loans from China,
        # which many have described as debt traps": China stays the lender)
        if turned and candidate.binding not in {"passive-agent", "role", "compound", "inherited"}:
            candidate.source, candidate.target = candidate.target, candidate.source
            candidate.direction = turned
    if subject is not None:
        found = [c for c in found if not _appraised(text, subject, c)]
    found += _reciprocal(text, clause, cues)
    _attach_via(found, clause)
    return _dedupe(found)


def _appraised(text: str, subject: Group, candidate: Candidate) -> bool:
    """Whether the candidate pairs the subject with a relation it only welcomes or praises
    ("China has praised investments Saudi Arabia intends to contribute ...")."""
    if candidate.binding not in {"subject-object", "sentence-subject"}:
        return False  # bound by its own words ("Chinese-funded"), not through the subject
    if not set(subject.codes) & {candidate.source, candidate.target}:
        return False
    if set(subject.codes) >= {candidate.source, candidate.target}:
        return False
    between = text[subject.end : candidate.cue.start]
    return bool(APPRAISAL.search(between)) and subject.end <= candidate.cue.start


def _names_its_partners(text: str, clause: Clause, cue: Cue) -> bool:
    """Whether 'between' or 'among' just after the cue introduces its partners, two or more
    ("tensions between the two countries"): then the clause's subject is no partner."""
    return any(
        len(g.codes) >= 2
        and g.start >= cue.end
        and _word_count(text[cue.end : g.start]) <= 3
        and BETWEEN.search(text[cue.end : g.start])
        for g in clause.groups
    )


def _effective_cues(cues: list[Cue], text: str) -> list[Cue]:
    """Drop what an investment pays for ("projects for railway and pipelines" is investment,
    not energy), a complaint about a relation of another kind ("complaints about the terms of
    the loans"), generic cues when a specific one is present, and exchange words whose object
    is a commodity of another kind ("buy Russia’s oil" is energy, not trade)."""

    def invested_in(commodity: Cue) -> bool:
        return (
            commodity.rule.kind in {"energy", "trade"}
            and not commodity.rule.exchange
            and any(
                other.rule.kind == "investment"
                and other.end <= commodity.start
                and INVESTED_IN.fullmatch(text[other.end : commodity.start])
                for other in cues
            )
        )

    def complaint_about(dispute: Cue) -> bool:
        return (
            dispute.rule.kind == "dispute"
            and bool(COMPLAINT.fullmatch(dispute.text.lower()))
            and any(
                other.rule.kind != "dispute"
                and other.start >= dispute.end
                and COMPLAINT_OBJECT.fullmatch(text[dispute.end : other.start])
                for other in cues
            )
        )

    cues = [c for c in cues if not invested_in(c) and not complaint_about(c)]
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
    if cue.rule.name in _CLAIM_NAMES:
        return _claim_pairs(text, groups, cue)
    compound = _compound_before(text, groups, cue)
    if compound is not None and any(compound.end <= c.start < cue.start for c in clause.cues):
        compound = None  # "U.S.-Africa relations and accused China": the nearer cue's
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


_CLAIM_NAMES = frozenset(rule.name for rule in CLAIM_CUES)


def _claim_pairs(text: str, groups: list[Group], cue: Cue) -> list[tuple[str, str, str, str]]:
    """A claim worded as belonging: "Taiwan, a country that China considers its own
    territory" (the state nearest before the cue claims the one before it); "Taiwan is part
    of China" (the state right after the cue claims the one right before it). Only states
    by name: "Afghanistan, which is part of BRI" names a programme, not a claimant."""
    before = [g for g in groups if g.end <= cue.start and _named_state(g)]
    if cue.rule.name == "dispute-part-of":
        after = [g for g in groups if g.start >= cue.end and _named_state(g)]
        if not before or not after or _word_count(text[before[-1].end : cue.start]) > 0:
            return []
        if _word_count(text[cue.end : after[0].start]) > 1:
            return []
        return _cross(after[0], before[-1], "agent", "claimant")
    if len(before) < 2 or _word_count(text[before[-1].end : cue.start]) > 2:
        return []
    return _cross(before[-1], before[-2], "agent", "claimant")


def _named_state(group: Group) -> bool:
    return (
        len(group.codes) == 1
        and is_state(group.codes[0])
        and not (group.adjective or group.mentions[0].form in _PROGRAMME_NAMES)
    )


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
    # a comparison ("U.S. investment ... is dwarfed by Chinese investments") sets two
    # agents of the same kind side by side: neither is the other's partner
    rivals = [
        g
        for c in clause.cues
        if c is not cue and c.rule.kind == cue.rule.kind
        for g in clause.groups
        if g is not agent and g.end <= c.start and _word_count(text[g.end : c.start]) <= 1
    ]
    if partner is None:
        partner = next(
            (
                g
                for g in (subject, sentence_subject)
                if g is not None and set(g.codes) - set(agent.codes) and g not in rivals
            ),
            None,
        )
    if partner is None:
        others = [
            g
            for g in clause.groups
            if g is not agent and set(g.codes) - set(agent.codes) and g not in rivals
        ]
        partner = _nearest(text, others, cue) if others else None
    if partner is None:
        return []
    if _opposes(text[clause.span.start : cue.start]) and partner in (subject, sentence_subject):
        return _cross(partner, agent, binding, "opposer")
    # "China’s military engagements span ..., from partners such as A, B and C, to more
    # recent relationships with D and E": every list the cue introduces is a partner
    partners = [partner]
    if partner.start >= cue.end:
        partners += _more_partners(text, clause.groups, partner, agent)
    return [p for g in partners for p in _cross(agent, g, binding, _direction_name(cue))]


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
    # a list pairs its own members only as the clause's grammatical subject ("X and Y
    # signed ..."), not when it is the object of a preposition ("officials in X, Y and Z")
    coordinated = _clause_subject(text, clause) is subject
    if len(subject.codes) > 1 and subject in groups:
        linked = _partner_after(text, others, cue, subject)
        if linked is None and not coordinated:
            return []
        if linked is None:
            return [
                (a, b, "coordinated-subject", "symmetric")
                for i, a in enumerate(subject.codes)
                for b in subject.codes[i + 1 :]
            ]
        others = [linked]
    others = [g for g in others if not _compared(text, subject, g)]
    if others:
        # "has borrowed ... from China": a partner the cue introduces wins over a nearer name
        target = _object_after(text, others, cue, subject) or _nearest(text, others, cue)
        binding = "subject-object" if subject in groups else "sentence-subject"
        pairs = _cross(subject, target, binding, _direction_name(cue))
        if _buyer_before(text, cue) and cue.rule.kind != "investment":
            pairs = [(t, s, b, "buyer") for s, t, b, _ in pairs]
        if _opposes(clause.span.text):
            pairs = [(s, t, b, "opposer") for s, t, b, _ in pairs]
        return pairs
    if len(subject.codes) > 1 and subject in groups and coordinated:
        return [
            (a, b, "coordinated-subject", "symmetric")
            for i, a in enumerate(subject.codes)
            for b in subject.codes[i + 1 :]
        ]
    if (
        sentence_subject is not None
        and set(sentence_subject.codes) - set(subject.codes)
        and not (clause.opener in PARALLEL_OPENERS and subject in groups)
    ):
        # the clause names its own subject ("..., as China steps up its claims"): it acts
        # on the sentence's; set beside it (", and Pakistan lopped ..."), it acts alike
        return _cross(subject, sentence_subject, "sentence-subject", _direction_name(cue))
    return []


def _reciprocal(text: str, clause: Clause, cues: list[Cue]) -> list[Candidate]:
    """'X, Y and Z ... with each other', 'between X and Y': pairs inside the list."""
    found = []
    listed: Group | None = None  # the last list "between" or "among" introduced
    for group in clause.groups:
        if len(group.codes) < 2:
            continue
        after = text[group.end : clause.span.end]
        before = text[clause.span.start : group.start]
        also = listed is not None and ALSO_BETWEEN.match(text[listed.end : group.start])
        if not (RECIPROCAL.search(after) or BETWEEN.search(before) or also):
            continue
        listed = group
        if BORDER_BETWEEN.search(before):
            continue  # "on the border between Pakistan and Afghanistan": a place
        cue = min(cues, key=lambda c: abs(c.start - group.end))
        near = [c for c in cues if c.start >= group.start - 80 or c is cue]
        if not RECIPROCAL.search(after):
            # "the improvement of relationship between X and Y": what "between" names is
            # the relation just before it, not "these projects" earlier in the sentence
            near = [
                c
                for c in cues
                if c.end <= group.start and _word_count(text[c.end : group.start]) <= 6
            ] or [cue]
        kinds = dict.fromkeys(c.rule.kind for c in near)
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


def _received(text: str, clause: Clause, cue: Cue) -> str:
    """The direction rule that turns a pair around, if one applies: the clause's party is
    a borrower or a recipient (the lender is the source), or the accused (the accuser is)."""
    before = text[clause.span.start : cue.start]
    creditor = re.search(r"([\w\-]+)\s+$", before)  # "Chinese debts": owed to China
    if cue.rule.debtor and creditor and creditor.group(1) in ADJECTIVE_FORMS:
        return ""
    if cue.rule.debtor or (
        cue.rule.name == "investment-finance"
        and (RECEIVER_BEFORE.search(before) or LENDER_AFTER.match(text[cue.end :]))
    ):
        return "lender"
    if cue.rule.kind == "dispute" and ACCUSED_BEFORE.search(before):
        return "accuser"
    return ""


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
        if _introduces_partner(text[cue.end : group.start], words):
            return group
    return None


def _object_after(text: str, groups: list[Group], cue: Cue, subject: Group) -> Group | None:
    """The cue's object: the first group right after it ("accused China") or, before
    any other group, one a preposition introduces ("borrowed ... from China")."""
    for group in groups:
        if group.start < cue.end or not set(group.codes) - set(subject.codes):
            continue
        words = re.findall(r"[\w’'\-]+", text[cue.end : group.start])
        if len(words) <= 1 or (len(words) <= 12 and _introduces_partner("", words)):
            return group
        return None
    return None


def _more_partners(text: str, groups: list[Group], first: Group, agent: Group) -> list[Group]:
    """Further lists after a partner, each introduced like one ("..., to ... with D")."""
    found, last = [], first
    for group in groups:
        if group.start < last.end or not set(group.codes) - set(agent.codes):
            continue
        words = re.findall(r"[\w’'\-]+", text[last.end : group.start])
        if len(words) > 10 or not _introduces_partner(text[last.end : group.start], words):
            break
        found.append(group)
        last = group
    return found


def _introduces_partner(gap: str, words: list[str]) -> bool:
    """Whether the words before a group introduce it as a partner: a preposition among
    the last three words, or "such as", "including", "like"."""
    return any(w.lower() in PARTNER_PREPOSITIONS for w in words[-3:]) or bool(
        PARTNER_EXAMPLES.search(gap)
    )


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
