"""Table folders for the view tests: the seed article's gold, and predictions made from it
with one error of each kind; and a hostile document whose text is markup.

Built from the real gold rows (no pipeline run), so the expected cases are known exactly.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.mentions import MENTION_TABLES
from pipeline.evaluation.pages import Folders

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "tokayev_wang_yi_sco_ministers_2024-05"
HOSTILE_ID = "hostile"
HOSTILE_TEXT = (
    "Глава «</span><b>Газпрома</b>» Алексей Миллер сообщил: <script>window.hacked = 1;</script> "
    'рост 5%.\n<img src=x onerror="window.hacked = 2"> &amp; Газпром & «Роснефть»</span></div>\n'
)
# The errors put into the seed article's predictions, and how many cases each makes.
EXPECTED_ERRORS = {"wrong_value": 2, "wrong_span": 1, "wrong_type": 1, "missed": 2, "spurious": 1}
HOSTILE_ERRORS = {"spurious": 1}
ENTITY_COLUMNS = ("doc_id", "start", "stop", "type", "text", "normal", "depth", "entity", "corpus_entity")


@dataclass(frozen=True)
class Built:
    folders: Folders
    gold: dict[str, list[dict[str, str]]]  # table → rows
    pred: dict[str, list[dict[str, str]]]


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _entity(doc_id: str, text: str, start: int, stop: int, kind: str, normal: str, depth: int = 0) -> dict:
    return {"doc_id": doc_id, "start": str(start), "stop": str(stop), "type": kind, "text": text[start:stop],
            "normal": normal, "depth": str(depth)}  # fmt: skip


def _find(rows: list[dict[str, str]], text: str, nth: int = 0) -> dict[str, str]:
    return [r for r in rows if r["text"] == text][nth]


def _hostile_entities() -> list[dict]:
    t = HOSTILE_TEXT
    org = t.index("</span><b>Газпрома</b>")
    per = t.index("Алексей Миллер")
    last = t.index("Роснефть")
    return [
        _entity(HOSTILE_ID, t, org, org + len("</span><b>Газпрома</b>"), "ORG", "</span><b>Газпром</b>"),
        _entity(HOSTILE_ID, t, per, per + len("Алексей Миллер"), "PER", "Алексей Миллер"),
        _entity(HOSTILE_ID, t, last, last + len("Роснефть"), "ORG", "<Роснефть>"),
    ]


def build(tmp: Path) -> Built:
    """Corpus, gold and prediction folders under `tmp`."""
    corpus = tmp / "corpus"
    corpus.mkdir(parents=True)
    seed_text = (ROOT / "corpus" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    (corpus / f"{SEED_ID}.txt").write_text(seed_text, encoding="utf-8", newline="")
    (corpus / f"{HOSTILE_ID}.txt").write_text(HOSTILE_TEXT, encoding="utf-8", newline="")
    gold = {t: [r for r in _read(ROOT / "corpus" / "gold" / f"{t}.csv") if r["doc_id"] == SEED_ID]
            for t in MENTION_TABLES}  # fmt: skip
    for row in gold["entities"]:
        row["depth"] = row.get("depth") or "0"
    # nested names (where the gold set does not have them yet): «КНР» in «Госсовета КНР»,
    # «Шанхайской организации сотрудничества» in the council of ministers
    gossovet = _find(gold["entities"], "Госсовета КНР")
    council = next(r for r in gold["entities"] if r["text"].startswith("Советом министров"))
    inner = seed_text.index("Шанхайской организации сотрудничества", int(council["start"]))
    for nested in (
        _entity(SEED_ID, seed_text, int(gossovet["stop"]) - 3, int(gossovet["stop"]), "LOC", "КНР", 1),
        _entity(SEED_ID, seed_text, inner, inner + 37, "ORG", "Шанхайская организация сотрудничества", 1),
    ):
        if not any(r["start"] == nested["start"] and r["stop"] == nested["stop"] for r in gold["entities"]):
            gold["entities"].append(nested)
    gold["entities"] += _hostile_entities()
    percent = HOSTILE_TEXT.index("5%")
    row = {"doc_id": HOSTILE_ID, "start": str(percent), "stop": str(percent + 2), "text": "5%", "value": "5"}
    gold["percents"].append(dict(row, value_max="", qualifier=""))

    pred = {table: [dict(r) for r in rows] for table, rows in gold.items()}
    entities = pred["entities"]
    _find(entities, "Ван И")["normal"] = "Ваня И"  # wrong value
    _find(pred["dates"], "20–21 мая")["value"] = "2024-05-21"  # wrong value
    wrong_span = next(r for r in entities if r["text"] == "Госсовета КНР")
    wrong_span.update(stop=str(int(wrong_span["stop"]) - 4), text="Госсовета")  # wrong span
    entities.remove(next(r for r in entities if r["text"] == "КНР" and r["depth"] == "1"))  # missed (nested)
    _find(entities, "Поднебесной")["type"] = "ORG"  # wrong type
    entities.remove(_find(entities, "К.Токаева"))  # missed
    special = seed_text.index("Особое взаимодоверие")
    entities.append(_entity(SEED_ID, seed_text, special, special + 6, "ORG", "Особое"))  # spurious
    script = HOSTILE_TEXT.index("<script>")
    stop = HOSTILE_TEXT.index("</script>") + len("</script>")
    entities.append(_entity(HOSTILE_ID, HOSTILE_TEXT, script, stop, "ORG", "<script>"))  # spurious
    ids: dict[tuple[str, str], int] = {}
    for row in entities:
        row["entity"] = str(ids.setdefault((row["doc_id"], row["normal"]), len(ids) + 1))
        row["corpus_entity"] = "Q-" + row["normal"].replace(" ", "_")
    for rows in (*gold.values(), *pred.values()):
        rows.sort(key=lambda r: (r["doc_id"], int(r["start"]), -int(r["stop"])))

    folders = Folders(tmp / "pred", tmp / "gold")
    for table, (columns, _) in MENTION_TABLES.items():
        extra = ("kind",) if table == "dates" else ("value_max",) if table == "percents" else ()
        wide = ENTITY_COLUMNS if table == "entities" else tuple(dict.fromkeys(columns + extra))
        _write(folders.gold / f"{table}.csv", wide[:7] if table == "entities" else wide, gold[table])
        _write(folders.pred / f"{table}.csv", wide, pred[table])
    _write(folders.gold / "documents.csv", ("doc_id",), [{"doc_id": SEED_ID}, {"doc_id": HOSTILE_ID}])
    _write(folders.pred / "documents.csv", ("doc_id", "path"),
           [{"doc_id": d, "path": str(corpus / f"{d}.txt")} for d in (HOSTILE_ID, SEED_ID)])  # fmt: skip
    return Built(folders, gold, pred)
