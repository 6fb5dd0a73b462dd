"""The views and the report in a real browser: headless Chromium from Debian, driven by selenium.

`make test` installs chromium and chromium-driver first (`make browser`); where no browser
can be had the tests skip with the reason, except in CI, where they must run.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from pipeline.bench.browser import chromium, missing
from pipeline.evaluation.html import view_file
from pipeline.evaluation.mentions import load_mentions
from pipeline.evaluation.pages import load_views, write_views
from pipeline.evaluation.report_page import write_report_page
from tests.view_cases import EXPECTED_ERRORS, HOSTILE_ID, HOSTILE_TEXT, SEED_ID, build


@pytest.fixture(scope="module")
def browser():
    reason = missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: `make test` installs it first (`make browser`)")
        pytest.skip(f"{reason}: `make browser` installs Debian's chromium and chromium-driver")
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The views (with index) and the report of the test documents, written once."""
    built = build(tmp_path_factory.mktemp("browser"))
    out = built.folders.pred.parent / "site"
    write_report_page(_evaluation(built), built.folders.pred, built.folders.gold, out / "report.html")
    write_views(built.folders, out / "view")
    return built, out


def _evaluation(built):
    from pipeline.evaluation.evaluate import evaluate_dirs

    return evaluate_dirs(built.folders.pred, built.folders.gold, built.folders.pred / "eval")


def _open(browser, path: Path) -> list[str]:
    """Load a page; the console messages of level error it produced."""
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _view(out: Path, doc_id: str) -> Path:
    return out / "view" / view_file(doc_id)


@pytest.mark.parametrize("page", ["seed", "hostile", "index", "report"])
def test_the_page_loads_without_console_errors(browser, pages, page):
    _, out = pages
    paths = {"seed": _view(out, SEED_ID), "hostile": _view(out, HOSTILE_ID)}
    paths.update(index=out / "view" / "index.html", report=out / "report.html")
    path = paths[page]
    assert _open(browser, path) == []
    assert browser.execute_script("return document.body.innerText.length") > 200


MARKS = """return Array.from(document.querySelectorAll('.m:not(.cont)')).map(e => [
    e.dataset.side, +e.dataset.start, +e.dataset.stop, e.dataset.type, e.dataset.value,
    e.dataset.goldType || null, e.dataset.goldValue || null, e.dataset.status]);"""


def test_every_mention_is_an_element_with_its_type_and_value(browser, pages):
    built, out = pages
    _open(browser, _view(out, SEED_ID))
    marks = browser.execute_script(MARKS)
    shown_gold = {(m[1], m[2], m[5], m[6]) for m in marks if m[0] != "pred"}
    shown_pred = {(m[1], m[2], m[3], m[4]) for m in marks if m[0] != "gold"}
    for folder, shown in ((built.folders.gold, shown_gold), (built.folders.pred, shown_pred)):
        mentions = load_mentions(folder)
        rows = mentions[mentions["doc_id"] == SEED_ID].itertuples()
        expected = {(m.start, m.stop, m.type, m.value) for m in rows}
        assert shown == expected
    # the nested place the prediction missed sits inside its organisation's element
    outer = 'return document.querySelector(\'.m[data-depth="1"][data-status="missed"]\').parentElement'
    assert browser.execute_script(outer + ".dataset.type") == "ORG"
    assert browser.execute_script(outer + ".textContent").startswith("Госсовета")


SHOWN = """return Array.from(document.querySelectorAll('.m:not(.cont)')).map(e => {
    const s = getComputedStyle(e);
    const row = document.querySelector('tr[data-case="' + e.dataset.case + '"]');
    return [e.dataset.status, s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.backgroundImage !== 'none',
            getComputedStyle(row).display !== 'none'];
});"""


def test_the_error_filter_hides_the_right_mentions_and_only_them(browser, pages):
    _, out = pages
    _open(browser, _view(out, SEED_ID))
    counts = browser.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('[data-count]'))"
        ".map(e => [e.dataset.count, +e.textContent]))"
    )
    assert {k: v for k, v in counts.items() if k != "right"} == EXPECTED_ERRORS
    assert all(highlighted and listed for _, highlighted, listed in browser.execute_script(SHOWN))
    browser.find_element("css selector", "input.only-errors").click()
    after = browser.execute_script(SHOWN)
    assert {status for status, _, _ in after} == {"right", *EXPECTED_ERRORS}
    for status, highlighted, listed in after:
        assert highlighted == listed == (status != "right"), status
    browser.find_element("css selector", "input.only-errors").click()
    assert all(highlighted and listed for _, highlighted, listed in browser.execute_script(SHOWN))


def test_clicking_a_mention_lights_up_every_mention_of_its_entity(browser, pages):
    built, out = pages
    _open(browser, _view(out, SEED_ID))
    rows = [
        r for r in built.pred["entities"] if r["doc_id"] == SEED_ID and r["normal"] == "Касым-Жомарт Токаев"
    ]
    entity = rows[0]["entity"]
    browser.find_element("css selector", f'.m[data-entity="{entity}"]').click()
    lit = browser.execute_script(
        "return Array.from(document.querySelectorAll('.m.lit')).map(e => +e.dataset.start)"
    )
    assert sorted(lit) == sorted(int(r["start"]) for r in rows) and len(rows) == 3
    info = browser.find_element("css selector", ".info").text
    assert "Касым-Жомарт Токаев" in info and "corpus entity" in info
    corpus = rows[0]["corpus_entity"]
    browser.find_element("css selector", f'li[data-corpus-entity="{corpus}"]').click()
    lit = browser.execute_script("return document.querySelectorAll('.m.lit').length")
    assert lit == len(rows)


def test_a_screenshot_shows_the_marked_text(browser, pages):
    from PIL import Image

    _, out = pages
    _open(browser, _view(out, SEED_ID))
    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert image.size[0] >= 1000 and len(colours) > 200
    present = {colour for _, colour in colours}
    for kind in ("PER", "LOC", "ORG", "DATE"):  # the highlights of the first screen
        from pipeline.evaluation.style import TYPE_COLORS

        rgb = tuple(int(TYPE_COLORS[kind][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in present, kind


def test_a_hostile_document_shows_its_markup_as_text(browser, pages):
    _, out = pages
    assert _open(browser, _view(out, HOSTILE_ID)) == []
    shown = browser.execute_script(
        "return [document.querySelector('.doc').textContent, window.hacked === undefined,"
        " document.querySelectorAll('.doc script, .doc img, .doc b, aside b').length]"
    )
    assert shown == [HOSTILE_TEXT, True, 0]
    assert "<script>window.hacked = 1;</script>" in browser.find_element("css selector", ".doc").text


def test_an_error_in_the_report_opens_its_place_in_the_view(browser, pages):
    _, out = pages
    _open(browser, out / "report.html")
    assert browser.execute_script("return document.querySelectorAll('svg rect').length") > 40
    link = browser.find_element("css selector", 'details a[href*="#c"]')
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert browser.execute_script(f"return document.getElementById('{target}').classList.contains('lit')")


def test_the_notebook_display_works_inside_another_page(browser, pages, tmp_path):
    built, _ = pages
    view = next(load_views(built.folders, [SEED_ID]))
    page = tmp_path / "notebook.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>In [1]:</p>'
        f"{view._repr_html_()}</body></html>",
        encoding="utf-8",
    )
    assert _open(browser, page) == []
    browser.find_element("css selector", '.m[data-type="PER"]').click()
    assert browser.execute_script("return document.querySelectorAll('.m.lit').length") >= 2
