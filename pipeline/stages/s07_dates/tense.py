"""What the tagged tokens say about a sentence or a line: told in the past, about the future,
a plan (an infinitive before the date), a photo caption. Used by `doc_date` to tell the news
of the day from background, plans and captions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from pipeline.records import Sentence, Token

_I = re.IGNORECASE
FUTURE_WORDS = re.compile(
    r"(?<![\w])(?:будет|будут|должен|должн[аоы]|планиру[ею]т(?:ся)?|намерен[аы]?|ожидается|намечен[аоы]?"
    r"|запланирован[аоы]?)(?![\w])",
    _I,
)
# Present and future endings: slovnet now and then tags «отречётся» as a past tense.
_NOT_PAST_ENDING = re.compile(r"(?:[еёиуюая]т|[её]шь|ишь|тся|ть)$", _I)
_REFLEXIVE_PAST = re.compile(r"[а-яё]{2,}(?:лся|лась|лось|лись)", _I)  # past forms only
_CAPTION_PREFIX = re.compile(r"^(?:thumb|мини|миниатюра|справа|слева)\|", _I)
_SENTENCE_END = re.compile(r"[.!?…:;»\"”')\]]$")


def sentence_bounds(sentences: Sequence[Sentence], position: int, line: tuple[int, int]) -> tuple[int, int]:
    """The bounds of the sentence at `position` (the line's where the segmenter gave none)."""
    index = bisect.bisect_right([s.start for s in sentences], position) - 1
    if index >= 0 and sentences[index].start <= position < sentences[index].stop:
        return sentences[index].start, sentences[index].stop
    return line


def after_infinitive(sentence: Sequence[Token], position: int) -> bool:
    """The last verb before the date is an infinitive: a plan, a wish, a duty («заявил о желании
    оставить пост 1 января 2013 года»), not what happened."""
    verbs = [t for t in sentence if t.start < position and t.pos in ("VERB", "AUX")]
    return bool(verbs) and "VerbForm=Inf" in verbs[-1].feats


def is_past(token: Token) -> bool:
    """A finite verb or a short participle in the past («одобрил», «умер», «назначен»)."""
    if _REFLEXIVE_PAST.fullmatch(token.text):
        return True  # the tagger now and then reads «повесился» as a noun
    if "Tense=Past" not in token.feats:
        return False
    if "Variant=Short" in token.feats:
        return True  # «назначен», «убит»
    return "VerbForm=Fin" in token.feats and not _NOT_PAST_ENDING.search(token.text)


def is_future(token: Token) -> bool:
    """A finite verb in the future, or a perfective form with a present ending («отметит»)."""
    if token.pos not in ("VERB", "AUX") or "VerbForm=Fin" not in token.feats:
        return False
    return "Tense=Fut" in token.feats or (
        "Tense=Past" in token.feats and bool(_NOT_PAST_ENDING.search(token.text))
    )


def is_caption(line: str, line_tokens: Sequence[Token]) -> bool:
    """A photo caption: a wiki image line, a line that does not end as a sentence does
    («Владимир Путин и Ларри Кинг 8 сентября 2000 года»), or one without a finite verb
    («Гроб с телом Мохсена Ходжаджи в аэропорту, 25 сентября 2017 г.»)."""
    stripped = line.strip()
    if _CAPTION_PREFIX.match(stripped) or not _SENTENCE_END.search(stripped):
        return True
    return not any(_finite(t) or _REFLEXIVE_PAST.fullmatch(t.text) for t in line_tokens)


def _finite(token: Token) -> bool:
    return "VerbForm=Fin" in token.feats or "Variant=Short" in token.feats
