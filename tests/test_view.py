"""Document views, index and report without a browser: cases, markup, escaping, CLI.

What a browser shows of these pages is tested in test_view_browser.py.
"""

from __future__ import annotations

import re
from collections import Counter, namedtuple
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.cli import main
from pipeline.evaluation.evaluate import evaluate
from pipeline.evaluation.html import view_file
from pipeline.evaluation.marks import Side, classify
from pipeline.evaluation.markup import Span, render
from pipeline.evaluation.mentions import MENTION_COLUMNS, empty_mentions
from pipeline.evaluation.pages import build_view, load_views
from tests.view_cases import EXPECTED_ERRORS, HOSTILE_ID, HOSTILE_TEXT, SEED_ID, build

TEXT = "Глава МИД КНР Ван И прибыл в Астану 20 мая, рост торговли 30%."


Mention = namedtuple("Mention", MENTION_COLUMNS)  # a row as load_mentions gives it


def side(text: str, kind: str, value: str | None = None, nth: int = 0, depth: int = 0) -> Side:
    start = [m.start() for m in re.finditer(re.escape(text), TEXT)][nth]
    value = text if value is None else value
    mention = Mention("d", start, start + len(text), kind, text, value, depth, "")
    return Side(start, start + len(text), kind, text, value, depth, mention=mention)


CASES = [
    # what happened, predicted, gold, the statuses of the cases in reading order
    ("all right", [side("Ван И", "PER")], [side("Ван И", "PER")], ["right"]),
    ("normal form differs", [side("Астану", "LOC")], [side("Астану", "LOC", "Астана")], ["wrong_value"]),
    ("title taken in", [side("КНР Ван И", "PER")], [side("Ван И", "PER")], ["wrong_span"]),
    ("place as organisation", [side("Астану", "ORG", "Астана")], [side("Астану", "LOC", "Астана")],
     ["wrong_type"]),
    ("date not found", [], [side("20 мая", "DATE", "2024-05-20")], ["missed"]),
    ("common noun as a name", [side("Глава", "ORG")], [], ["spurious"]),
    ("nested place missed", [side("МИД КНР", "ORG")], [side("МИД КНР", "ORG"), side("КНР", "LOC", depth=1)],
     ["right", "missed"]),
    ("span and type both wrong", [side("МИД", "LOC")], [side("МИД КНР", "ORG")], ["wrong_type"]),
    ("two errors, two cases", [side("30", "PERCENT", "30%"), side("прибыл", "PER")],
     [side("30%", "PERCENT", "30%")], ["spurious", "wrong_span"]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "pred", "gold", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_mention_becomes_the_case_of_its_error(what, pred, gold, expected):
    assert [c.status for c in classify(pred, gold)] == expected


def test_without_gold_every_prediction_is_a_case_with_no_status():
    cases = classify([side("Ван И", "PER"), side("МИД КНР", "ORG")], None)
    assert [(c.status, c.pred.text, c.gold) for c in cases] == [("", "МИД КНР", None), ("", "Ван И", None)]


kinds = st.sampled_from(["PER", "LOC", "DATE"])
sides = st.lists(
    st.tuples(
        st.integers(0, 40), st.integers(1, 8), kinds, st.sampled_from(["a", "b"]), st.sampled_from([0, 1])
    ),
    max_size=10,
    unique_by=lambda t: (t[0], t[1], t[2]),
)


def _sides(rows):
    return [
        Side(a, a + n, k, "x" * n, v, d, mention=Mention("d", a, a + n, k, "x" * n, v, d, ""))
        for a, n, k, v, d in rows
    ]


@settings(deadline=None, max_examples=30)  # evaluate with pandas takes ~0.1 s a call
@given(sides, sides)
def test_cases_account_for_every_mention_once_and_agree_with_evaluate(pred_rows, gold_rows):
    pred, gold = _sides(pred_rows), _sides(gold_rows)
    cases = classify(pred, gold)
    assert Counter(id(c.pred) for c in cases if c.pred) == Counter(id(p) for p in pred)
    assert Counter(id(c.gold) for c in cases if c.gold) == Counter(id(g) for g in gold)
    frames = [pd.DataFrame([s.mention for s in side], columns=list(MENTION_COLUMNS)) for side in (pred, gold)]
    frames = [f if len(f) else empty_mentions() for f in frames]
    documents = pd.DataFrame({"doc_id": ["d"], "group": ["g"]}, dtype="string")
    strict = evaluate(frames[0], frames[1], documents).metric("ALL", "strict", view="nested")
    statuses = Counter(c.status for c in cases)
    assert strict["tp"] == statuses["right"] + statuses["wrong_value"]
    if strict["tp"]:  # metrics holds the share of right values; share × tp gives their number back
        assert round(strict["value_accuracy"] * strict["tp"]) == statuses["right"]
    assert strict["fp"] == sum(1 for c in cases if c.pred and c.status not in ("right", "wrong_value"))
    assert strict["fn"] == sum(1 for c in cases if c.gold and c.status not in ("right", "wrong_value"))


class _Collect(HTMLParser):
    """The text inside each span element (by its data-i), and the whole text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.inside: dict[str, str] = {}
        self.heads: Counter[str] = Counter()
        self.text = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.open.append(values["data-i"])
        self.inside.setdefault(values["data-i"], "")
        if "class" not in values:
            self.heads[values["data-i"]] += 1

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        self.text += data
        for i in self.open:
            self.inside[i] += data


@given(
    st.text(alphabet="аб <>&\"'/\n", max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8),
)
def test_markup_keeps_the_text_and_each_span_holds_exactly_its_characters(text, bounds):
    spans = [
        Span(a, b, f'<span data-i="{i}">', f'<span data-i="{i}" class="cont">')
        for i, (a, b) in enumerate(bounds)
    ]
    parser = _Collect()
    parser.feed(render(text, spans))
    parser.close()
    assert parser.text == text and parser.open == []
    for i, (a, b) in enumerate(bounds):
        a, b = max(0, a), min(len(text), b)
        assert parser.inside.get(str(i), "") == (text[a:b] if a < b else "")
        assert parser.heads[str(i)] == (1 if a < b else 0)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.doc_text = ""
        self.depth = 0  # inside <div class="doc">

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        if self.depth or (tag == "div" and ("class", "doc") in attrs):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.doc_text += data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("view"))


def test_a_hostile_document_shows_its_markup_as_text(built):
    view = next(load_views(built.folders, [HOSTILE_ID]))
    parser = _Elements()
    parser.feed(view.html)
    assert parser.doc_text == HOSTILE_TEXT
    assert parser.tags["script"] == 1  # the page's own
    assert parser.tags["img"] == parser.tags["b"] == 0


def test_a_hostile_doc_id_is_escaped_everywhere():
    doc_id = '<script>alert("x")</script></span>'
    view = build_view(doc_id, TEXT, [side("Ван И", "PER")], None)
    assert doc_id not in view.html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in view.html


@pytest.mark.parametrize(
    ("doc_id", "pattern"),
    [
        ("tokayev_2024-05", r"tokayev_2024-05\.html"),
        ("news/2024/a", r"news_2024_a-[0-9a-f]{8}\.html"),
        ("../etc/passwd", r"_etc_passwd-[0-9a-f]{8}\.html"),
        ("Новости дня", r"Новости_дня-[0-9a-f]{8}\.html"),
    ],
)
def test_view_file_names_are_safe(doc_id, pattern):
    assert re.fullmatch(pattern, view_file(doc_id))


def test_view_files_of_different_ids_differ():
    assert len({view_file(d) for d in ("a/b", "a_b", "a b", "a:b")}) == 4


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_view_writes_the_same_page_twice(built, tmp_path, capsys):
    args = ["view", SEED_ID, "--pred", str(built.folders.pred), "--gold", str(built.folders.gold)]
    assert _run(capsys, *args, "--out", str(tmp_path / "a.html"))[0] == 0
    assert _run(capsys, *args, "--out", str(tmp_path / "b.html"))[0] == 0
    page = (tmp_path / "a.html").read_bytes()
    assert page == (tmp_path / "b.html").read_bytes()
    counts = dict(re.findall(rb'data-count="(\w+)">(\d+)<', page))
    assert {k.decode(): int(v) for k, v in counts.items() if k != b"right"} == EXPECTED_ERRORS


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["view"], "give one DOC_ID, or --all"),
        (["view", "x", "--all"], "give one DOC_ID, or --all"),
        (["view", "tokayev"], f"no document 'tokayev' (did you mean {SEED_ID}?)"),
    ],
)
def test_view_refuses_in_one_line(built, capsys, argv, message):
    code, _, err = _run(capsys, *argv, "--pred", str(built.folders.pred))
    assert code == 2 and message in err and err.count("\n") == 1


def test_view_refuses_gold_that_does_not_fit_the_text(built, tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "entities.csv").write_text(
        f"doc_id,start,stop,type,text,normal\n{SEED_ID},0,5,PER,Токаев,Токаев\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, "view", SEED_ID, "--pred", str(built.folders.pred), "--gold", str(gold))
    assert code == 2 and f"{gold / 'entities.csv'}:2" in err


def test_view_all_writes_an_index_linking_every_view(built, tmp_path, capsys):
    out = tmp_path / "views"
    code, printed, _ = _run(capsys, "view", "--all", "--pred", str(built.folders.pred),
                            "--gold", str(built.folders.gold), "--out", str(out))  # fmt: skip
    assert code == 0 and "2 document views" in printed
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]+)">', index)
    assert sorted(links) == sorted([view_file(HOSTILE_ID), view_file(SEED_ID)])
    assert all((out / link).exists() for link in links)


def test_report_links_every_error_to_its_place_in_a_view(built, tmp_path, capsys):
    report = tmp_path / "report.html"
    folders = built.folders
    argv = [
        "evaluate",
        "--pred",
        str(folders.pred),
        "--gold",
        str(folders.gold),
        "--report",
        str(tmp_path / "eval"),
    ]
    code, _, _ = _run(capsys, *argv, "--html", str(report))
    assert code == 0
    page = report.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(view/[^"#]+)#(c\d+)">', page)
    assert len(links) == sum(EXPECTED_ERRORS.values()) + 1  # and the hostile document's spurious ORG
    for link, anchor in links:
        assert f'id="{anchor}"' in (tmp_path / link).read_text(encoding="utf-8")
    metrics = pd.read_csv(tmp_path / "eval" / "metrics.csv")  # F1 written with 4 decimals, the page has 3
    for row in metrics[metrics["group"] == "all"].itertuples():
        cells = rf"<td>{row.view}</td><td>{row.mode}</td><td>{row.type}</td>(?:<td class=num>[^<]*</td>){{7}}"
        shown = re.search(cells + r"<td class=num>([^<]*)</td>", page).group(1)
        assert shown == "—" if pd.isna(row.f1) else abs(float(shown) - row.f1) < 6e-4


def test_show_a_document_of_the_tables(built):
    view = pipeline.show(SEED_ID, pred=built.folders.pred, gold=built.folders.gold)
    fragment = view._repr_html_()
    assert fragment.startswith("<style>") and fragment.endswith("</script>")
    assert Counter(c.status for c in view.cases)["missed"] == EXPECTED_ERRORS["missed"]


def test_show_the_result_of_extract(models):
    doc = pipeline.extract(
        "Президент Казахстана Касым-Жомарт Токаев провел 20–21 мая встречу с министром иностранных дел КНР "
        "Ван И в Астане; товарооборот вырос на 30%.",
        doc_date="2024-05-22",
    )
    found = [(m.start, m.stop, m.type, m.normal) for m in doc.entities]
    found += [(m.start, m.stop, "DATE", m.value) for m in doc.dates]
    found += [(m.start, m.stop, "PERCENT", f"{m.value}%") for m in doc.percents]
    assert len(found) >= 5
    fragment = pipeline.show(doc)._repr_html_()
    for start, stop, kind, value in found:
        pattern = (rf'<span id="c\d+" class="m t-{kind}"[^>]* data-start="{start}" data-stop="{stop}" '
                   rf'data-type="{kind}" data-value="{re.escape(value)}"')  # fmt: skip
        assert re.search(pattern, fragment), (kind, value)


def test_a_missing_table_folder_is_one_line(tmp_path, capsys):
    code, _, err = _run(capsys, "view", "x", "--pred", str(tmp_path / "nothing"))
    assert code == 2 and "documents.csv: no such file" in err
