"""Persons' names to the nominative: every part in the case and gender the name shares.

Each part of a name («Акиры», «Куросавы») has readings (`pipeline.inflect.readings`):
a case, genders, a nominative and a weight. The name's frame — one case, one gender — is
the one its parts' readings support most, with the tagger: each word it read in that case
adds, each it read in another takes away (so a case it gave no word wins only where the
dictionary insists: «Алёхину» read as a genitive), its gender adds, a nominative it gave
is kept where the readings tie. Each part then takes its best reading in the frame, or
stays as written if it has none. A document's evidence adds to a reading: its nominative
shown as a nominative elsewhere in the document (+1.5) or written there at all (+0.3), or
the part itself seen as a nominative elsewhere (+1.0). Initials, abbreviations («II»),
particles in lower case («фон», «де», «аль») stay as written; lower-case epithets agree
(«Буша-младшего» → «Буш-младший»).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pymorphy3

from pipeline.inflect.forms import Evidence, constraints, fold, restore
from pipeline.inflect.paradigms import Reading
from pipeline.inflect.readings import ADJECTIVES, CASE_ALIASES, lower_case_readings, readings
from pipeline.lexicon import is_abbreviation

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_FRAME_KEYS = {case: ((case, "masc"), (case, "femn")) for case in CASES}  # see `_weights_by_frame`
# document evidence: the nominative shown as a nominative elsewhere, or written at all;
# the part itself seen as a nominative elsewhere
ATTESTED_NOMINATIVE, ATTESTED, SEEN_NOMINATIVE = 1.5, 0.3, 1.0
TAGGED_CASE, OTHER_CASE, TAGGED_NOMINATIVE, TAGGED_GENDER, MASCULINE_PRIOR = 0.4, 0.4, 0.1, 0.5, 0.05
OTHER_GENDER = 0.3  # a reading of the frame's case in the other gender: «Эриха Марии Ремарка»
HYPHEN_LEADING, WORD_LEADING = 1.0, 0.5  # see `_best`
LEADING_ADJECTIVE = 0.3  # a first part read as an adjective the tagger does not see

# A piece of a word: letters (with inner apostrophes) or anything else («К», «.», «Токаева»).
PIECES = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[\W\d_]+")


def _weight(reading: Reading, lemma: str, piece: str, evidence: Evidence) -> float:
    """A reading's weight with the document's evidence (see the module doc); `lemma` and
    `piece` folded (`fold`), the piece once for all its readings."""
    same = lemma == piece
    if not same and evidence.shows_folded(lemma):
        return reading.weight + ATTESTED_NOMINATIVE
    if not same and lemma in evidence.words:
        return reading.weight + ATTESTED
    if same and evidence.shows_folded(piece):
        return reading.weight + SEEN_NOMINATIVE
    return reading.weight


# A part's readings, each with its weight and its weight with the document's evidence.
Weighed = tuple[tuple[Reading, float, float], ...]


def _weigh(options: Sequence[Reading], piece: str, evidence: Evidence) -> Weighed:
    if not evidence:
        return tuple((r, r.weight, r.weight) for r in options)
    folded = fold(piece)
    return tuple((r, r.weight, _weight(r, fold(r.lemma), folded, evidence)) for r in options)


def _best(
    options: Weighed, piece: str, case: str, gender: str, leading: float = 0.0, tagged: bool = True
) -> tuple[float, Reading | None]:
    """The heaviest reading of a part in (case, gender), with its weight. A leading part may
    stay a nominative as written, its reading counted at `leading` times its weight: the
    first half of a hyphenated first name («Касым-Жомартом», «Жан-Люка»: 1), a part before
    the surname («Ким Чен Ына», «Мун Чжэ Ина»: 0.5). The document's evidence counts for a
    reading in a case the tagger gave (`tagged`) or in any case: it chooses among the
    tagger's readings, it does not overrule them («Рэппу» is not «Рэппа» in the accusative
    because a genitive «Рэппа» was once read as a nominative)."""
    best: tuple[float, Reading | None] = (0.0, None)
    lower = piece.lower()
    for option in options:
        reading = option[0]
        if reading.case not in ("*", case) and not _as_written(reading, lower, leading):
            continue
        weight = _case_weight(option, case, leading, tagged)
        if gender not in reading.genders:
            weight *= OTHER_GENDER
        if best[1] is None or weight > best[0]:
            best = (weight, reading)
    return best


def _as_written(reading: Reading, lower: str, leading: float) -> bool:
    """Whether a leading part may stay the nominative it is written in (see `_best`)."""
    return leading > 0 and reading.case == "nomn" and reading.lemma == lower


def _case_weight(option: tuple[Reading, float, float], case: str, leading: float, tagged: bool) -> float:
    """A reading's weight in `case`, which it fits (its own, any «*», or as written)."""
    reading, plain, with_evidence = option
    weight = with_evidence if tagged or reading.case == "*" else plain
    return weight if reading.case in ("*", case) else weight * leading


def _weights_by_frame(
    options: Weighed, piece: str, leading: float, tagged: Mapping[str, bool]
) -> dict[tuple[str, str], float]:
    """`_best(options, piece, case, gender, leading, tagged[case])[0]` of every frame (case,
    gender) some reading fits, in one pass over the readings (scoring twelve frames called
    `_best` twelve times a part: ~8% of the names and normal forms' time). Each reading's
    weight per case is `_case_weight`'s, written out: this runs for every name of every
    document (~6% of the names and normal forms' time as calls)."""
    lower = piece.lower()
    best: dict[tuple[str, str], float] = {}
    for reading, plain, with_evidence in options:
        own = reading.case
        if own == "*":
            fitting: Sequence[tuple[str, float]] = [(case, with_evidence) for case in CASES]
        elif _as_written(reading, lower, leading):
            fitting = []
            for case in CASES:
                weight = with_evidence if tagged[case] else plain
                fitting.append((case, weight if case == own else weight * leading))
        elif own in tagged:
            fitting = ((own, with_evidence if tagged[own] else plain),)
        else:
            continue
        masculine, feminine = "masc" in reading.genders, "femn" in reading.genders
        for case, weight in fitting:
            key_masculine, key_feminine = _FRAME_KEYS[case]
            frame_weight = weight if masculine else weight * OTHER_GENDER
            known = best.get(key_masculine)
            if known is None or frame_weight > known:
                best[key_masculine] = frame_weight
            frame_weight = weight if feminine else weight * OTHER_GENDER
            known = best.get(key_feminine)
            if known is None or frame_weight > known:
                best[key_feminine] = frame_weight
    return best


def _frame(parts: Sequence[tuple[str, Weighed, float]], feats: Sequence[str | None]) -> tuple[str, str, bool]:
    """The (case, gender) that the parts' readings, the tagger and the evidence support most,
    and whether the tagger gave that case (or none)."""
    case_votes: dict[str, int] = {}
    masculine = feminine = tagged_words = 0
    for word_feats in feats:
        cases, gender, _ = constraints(word_feats)
        tagged_words += bool(cases)
        for case in {CASE_ALIASES.get(c, c) for c in cases or ()}:
            case_votes[case] = case_votes.get(case, 0) + 1
        masculine += gender == "masc"
        feminine += gender == "femn"
    # the gender most words were read in, if one was read in more than the other
    tagged_gender = "masc" if masculine > feminine else "femn" if feminine > masculine else None

    # the tagger's cases are trusted where some part declines in one of them; where none does
    # («Лиле Брик» read as a genitive), the evidence may choose any case
    trusted = False
    for piece, options, _ in parts:
        lower = piece.lower()
        if any(r.case in case_votes and r.lemma != lower for r, _, _ in options):
            trusted = True
            break

    tagged = {case: not trusted or case in case_votes for case in CASES}
    weights = [_weights_by_frame(options, piece, leading, tagged) for piece, options, leading in parts]

    # the parts' weights of each frame, summed part by part (a frame a part has no reading
    # of adds nothing: the same sums as adding 0.0 for it)
    sums = weights[0] if len(weights) == 1 else {}
    if len(weights) > 1:
        for part in weights:
            for frame, weight in part.items():
                sums[frame] = sums[frame] + weight if frame in sums else weight
    # the score of each frame, the first of the highest kept (as `max` keeps it); the terms
    # that depend on the case alone computed once a case, each sum in the same order as ever
    chosen: tuple[str, str] = _FRAME_KEYS[CASES[0]][0]
    highest: float | None = None
    for case in CASES:
        votes = case_votes.get(case, 0)
        nominative = TAGGED_NOMINATIVE if case == "nomn" and votes else 0.0  # nominatives stay
        other = OTHER_CASE * (tagged_words - votes)  # words the tagger read otherwise
        for frame in _FRAME_KEYS[case]:
            gender = frame[1]
            total = sums.get(frame, 0.0)
            total += TAGGED_CASE * votes + (TAGGED_GENDER if gender == tagged_gender else 0.0)
            total += nominative
            total -= other
            total = total + (MASCULINE_PRIOR if gender == "masc" else 0.0)
            if highest is None or total > highest:
                chosen, highest = frame, total
    case, gender = chosen
    return case, gender, tagged[case]


def _is_name_part(piece: str) -> bool:
    letters = piece.replace("'", "").replace("’", "")
    return letters.isalpha() and len(letters) > 1 and piece[0].isupper() and not is_abbreviation(piece)


def _name_parts(pieces: Sequence[str], last_word: bool) -> list[tuple[int, float]]:
    """Indices of the name parts among a word's pieces, each with how much it may stay a
    nominative in another case (see `_best`): 1 before a hyphen and another part, 0.5 in
    a word before the last, 0 otherwise."""
    found = []
    for index, piece in enumerate(pieces):
        if _is_name_part(piece):
            hyphen = index + 2 < len(pieces) and pieces[index + 1] == "-" and pieces[index + 2].isalpha()
            found.append((index, HYPHEN_LEADING if hyphen else 0.0 if last_word else WORD_LEADING))
    return found


def normalize_person(
    morph: pymorphy3.MorphAnalyzer, words: Sequence[str], feats: Sequence[str | None], evidence: Evidence
) -> str:
    pieces_per_word = [PIECES.findall(word) for word in words]
    parts_per_word = [_name_parts(pieces, w == len(words) - 1) for w, pieces in enumerate(pieces_per_word)]
    located = [(w, i, leading) for w, parts in enumerate(parts_per_word) for i, leading in parts]
    options_at = {(w, i): readings(morph, pieces_per_word[w][i]) for w, i, _ in located}
    if len(located) > 1 and "Degree=" not in (feats[located[0][0]] or ""):
        # a first part is an adjective only where the tagger reads one («Святого Петра»),
        # not «Полой Бродвелл» (Пола, not «полая»)
        w, i, _ = located[0]
        options_at[w, i] = tuple(
            replace(r, weight=LEADING_ADJECTIVE) if r.kind in ADJECTIVES else r for r in options_at[w, i]
        )
    weighed = {(w, i): _weigh(options_at[w, i], pieces_per_word[w][i], evidence) for w, i, _ in located}
    parts = [(pieces_per_word[w][i], weighed[w, i], leading) for w, i, leading in located]
    # the tagger's reading of initials («Д. И. Бурдина») says little: the parts' words only
    named = [f for f, word_parts in zip(feats, parts_per_word, strict=True) if word_parts]
    case, gender, tagged = _frame(parts, named or feats)
    result = []
    for w, pieces in enumerate(pieces_per_word):
        normal = list(pieces)
        name_parts = dict(parts_per_word[w])
        for index, piece in enumerate(pieces):
            if index in name_parts:
                options, leading = weighed[w, index], name_parts[index]
            elif piece.isalpha() and piece.islower() and len(piece) > 2:
                options, leading = _weigh(lower_case_readings(morph, piece), piece, evidence), 0.0
            else:
                continue
            _, reading = _best(options, piece, case, gender, leading, tagged)
            if reading is not None:
                normal[index] = restore(reading.lemma, piece, reading.written, evidence)
        result.append("".join(normal))
    return " ".join(result)
