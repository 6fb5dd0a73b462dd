"""Bad input, as a folder nobody cleaned gives it: never a hang, a lost file or a traceback.

Special files, unreadable folders, any file name the file system allows, outputs that would
overwrite inputs, broken metadata, two runs on one output folder. Each runs the command
line as a user does and checks the exit code, the one-line message and the tables.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import io
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from pipeline import load_tables
from pipeline.cli import build_parser
from pipeline.run import run
from pipeline.stages.s01_read import Skipped, UsageError, read_document
from pipeline.stages.s10_tables import TableWriter

TEXT = "Ван И прибыл в Астану 20 мая 2024 года. Товарооборот вырос на 5% и достиг 41 млрд долларов."
TABLES = ("documents", "tokens", "entities", "entity_index", "dates", "money", "percents", "skipped")
# Tables that need not have a row for every document: roles, and the one across the corpus.
OTHER_TABLES = ("roles", "corpus_entities")
_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_root_powers() -> None:
    """In the child before exec: root loses the right to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _cli(*args: str, timeout: float = 300, powerless: bool = False) -> subprocess.CompletedProcess[str]:
    """The command line; `powerless`: file permissions apply even when the tests run as root."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    preexec = _without_root_powers if powerless and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout, preexec_fn=preexec)  # fmt: skip


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _skipped(output: Path) -> dict[str, str]:
    return {Path(r["path"]).name: r["reason"] for r in _rows(output, "skipped")}


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under root with its bytes (None for folders)."""
    return {str(p): None if p.is_dir() else p.read_bytes() for p in sorted(root.rglob("*"))}


def _corpus(root: Path, *names: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in names or ("a",):
        (root / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    return root


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr


def _refused(result: subprocess.CompletedProcess[str], *named: object) -> str:
    """Exit 2 with exactly one line on stderr, naming what it must name."""
    _no_traceback(result)
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines
    for part in named:
        assert str(part) in lines[0], (part, lines[0])
    return lines[0]


# --- only regular files are documents -----------------------------------------------------


def test_fifos_devices_and_sockets_are_skipped_without_being_opened(tmp_path):
    corpus = _corpus(tmp_path / "corpus", "a")
    os.mkfifo(corpus / "pipe.txt")  # opening it for reading would wait for a writer forever
    (corpus / "zero.txt").symlink_to("/dev/zero")  # reading it never ends
    (corpus / "null.txt").symlink_to("/dev/null")
    listener = socket.socket(socket.AF_UNIX)
    with contextlib.suppress(OSError):  # a path too long for a socket address: the rest still counts
        listener.bind(str(corpus / "sock.txt"))
    output = tmp_path / "out"
    result = _cli("extract", "--input", str(corpus), "--output", str(output), "--jobs", "1", timeout=120)
    listener.close()
    _no_traceback(result)
    assert result.returncode == 3, result.stderr
    skipped = _skipped(output)
    assert skipped["pipe.txt"] == "not a regular file (FIFO)"
    assert skipped["zero.txt"] == skipped["null.txt"] == "not a regular file (character device)"
    if (corpus / "sock.txt").exists():
        assert skipped["sock.txt"] == "not a regular file (socket)"
    assert [r["doc_id"] for r in _rows(output, "documents")] == ["a"]


def test_reading_stops_at_max_bytes_actually_read(tmp_path):
    # Files under /proc say they hold 0 bytes and hold more: the limit counts what is read.
    link = tmp_path / "maps.txt"
    link.symlink_to("/proc/self/maps")
    result = read_document(link, max_bytes=64)
    assert isinstance(result, Skipped), "a file longer than --max-bytes was read whole"
    assert result.reason == "too large: more than 64 bytes (--max-bytes)"


# --- outputs never overwrite inputs -------------------------------------------------------


def _same_folder(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    return ["--output", str(corpus)], corpus


def _same_folder_spelled_otherwise(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    return ["--output", f"{corpus}/sub/.."], Path(f"{corpus}/sub/..")


def _gold_folder(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (corpus / "gold").mkdir()
    (corpus / "gold" / "entities.csv").write_text("doc_id,start,stop,type,text,normal\n", encoding="utf-8")
    return ["--output", str(corpus / "gold")], corpus / "gold"


def _metadata_in_output(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    output = tmp_path / "out"
    output.mkdir()
    (output / "documents.csv").write_text("doc_id,date\na,2024-05-22\n", encoding="utf-8")
    return ["--output", str(output), "--metadata", str(output / "documents.csv")], output / "documents.csv"


@pytest.mark.parametrize(
    ("case", "by_cli"),
    [(_same_folder, True), (_same_folder_spelled_otherwise, False), (_gold_folder, False),
     (_metadata_in_output, False)],
)  # fmt: skip
def test_output_that_would_overwrite_an_input_is_refused_before_anything_is_written(tmp_path, case, by_cli):
    corpus = _corpus(tmp_path / "corpus", "a")
    (corpus / "sub").mkdir()
    (corpus / "documents.csv").write_text("doc_id,date\na,2024-05-22\n", encoding="utf-8")
    args, named = case(tmp_path, corpus)
    before = _snapshot(tmp_path)
    if by_cli:
        _refused(_cli("extract", "--input", str(corpus), *args), named)
    else:
        assert str(named) in _refusal(["--input", str(corpus), *args])
    assert _snapshot(tmp_path) == before


def test_an_output_folder_inside_the_input_is_not_read_back(tmp_path):
    corpus = _corpus(tmp_path / "corpus", "a")
    for output in ("out", "other"):  # the second run finds the first one's tables in the corpus
        result = _cli("extract", "--input", str(corpus), "--output", str(corpus / output))
        assert result.returncode == 0, result.stderr
        assert [r["doc_id"] for r in _rows(corpus / output, "documents")] == ["a"]
        assert _rows(corpus / output, "skipped") == []


# --- every file not processed is in skipped.csv ------------------------------------------


def test_unreadable_folders_and_files_are_listed_in_skipped_csv(tmp_path):
    corpus = _corpus(tmp_path / "corpus", "a")
    _corpus(corpus / "locked", "inside")
    (corpus / "secret.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "secret.txt").chmod(0)
    (corpus / "locked").chmod(0)
    try:
        result = _cli("extract", "--input", str(corpus), "--output", str(tmp_path / "out"), powerless=True)
    finally:
        (corpus / "locked").chmod(0o755)
    _no_traceback(result)
    assert result.returncode == 3, result.stderr
    assert _skipped(tmp_path / "out") == {
        "locked": "cannot read folder: Permission denied",
        "secret.txt": "cannot read: Permission denied",
    }
    assert "locked: cannot read folder" in result.stderr


# --- user errors: one line naming the file, exit 2 ----------------------------------------

Case = Callable[[Path, Path], tuple[list[str], Path]]


def _input_missing(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    return ["--input", str(tmp_path / "nowhere")], tmp_path / "nowhere"


def _input_is_a_file(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    return ["--input", str(corpus / "a.txt")], corpus / "a.txt"


def _output_is_a_file(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (tmp_path / "out").write_text("not a folder")
    return ["--output", str(tmp_path / "out")], tmp_path / "out"


def _output_under_a_file(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (tmp_path / "file").write_text("not a folder")
    return ["--output", str(tmp_path / "file" / "out")], tmp_path / "file" / "out"


def _output_unwritable(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    return ["--output", str(tmp_path / "out")], tmp_path / "out"


def _metadata_in_cp1251(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (corpus / "documents.csv").write_bytes("doc_id,date\nстатья,2024-05-22\n".encode("cp1251"))
    return [], Path(f"{corpus / 'documents.csv'}:2")


def _metadata_is_a_folder(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (corpus / "documents.csv").mkdir()
    return [], corpus / "documents.csv"


def _metadata_unreadable(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (corpus / "documents.csv").write_text("doc_id,date\na,2024-05-22\n", encoding="utf-8")
    (corpus / "documents.csv").chmod(0)
    return [], corpus / "documents.csv"


def _metadata_with_nul(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (corpus / "documents.csv").write_bytes(b"doc_id,date\na\x00,2024-05-22\n")
    return [], Path(f"{corpus / 'documents.csv'}:2")


def _metadata_special_file(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    os.mkfifo(tmp_path / "dates.csv")
    return ["--metadata", str(tmp_path / "dates.csv")], tmp_path / "dates.csv"


def _input_is_an_output(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    (corpus / ".extract.lock").write_text("")
    return ["--input", str(corpus)], corpus


def _metadata_missing(tmp_path: Path, corpus: Path) -> tuple[list[str], Path]:
    return ["--metadata", str(tmp_path / "dates.csv")], tmp_path / "dates.csv"


def _refusal(args: list[str]) -> str:
    """The message a run refused in-process raises (what the command prints after «error: »)."""
    options = build_parser().parse_args(["extract", *args])
    with pytest.raises(UsageError) as refused:
        run(options.input, options.output, metadata=options.metadata, quiet=True)
    assert "\n" not in str(refused.value)
    return str(refused.value)


# The command line for a few (those that need file permissions to apply to root, and the
# exit code and single line); in-process for the others, which is faster.
@pytest.mark.parametrize(
    ("case", "by_cli"),
    [(_input_missing, False), (_input_is_a_file, False), (_input_is_an_output, False),
     (_output_is_a_file, True), (_output_under_a_file, False), (_output_unwritable, True),
     (_metadata_missing, True), (_metadata_in_cp1251, True), (_metadata_is_a_folder, False),
     (_metadata_unreadable, True), (_metadata_with_nul, False), (_metadata_special_file, False)],
)  # fmt: skip
def test_user_errors_are_one_line_naming_the_file(tmp_path, case: Case, by_cli: bool):
    corpus = _corpus(tmp_path / "corpus", "a")
    args, named = case(tmp_path, corpus)
    if "--output" not in args:
        args = [*args, "--output", str(tmp_path / "out")]
    if "--input" not in args:
        args = ["--input", str(corpus), *args]
    try:
        if by_cli:
            _refused(_cli("extract", *args, powerless=True, timeout=120), named)
        else:
            assert str(named) in _refusal(args)
    finally:
        for path in tmp_path.rglob("*"):
            path.chmod(0o755)
    assert not list(tmp_path.glob("out/*"))


# --- any file name is a doc_id ------------------------------------------------------------

# (file name as bytes, the doc_id it gets)
NAMES = [
    (b"plain.txt", "plain"),
    ("Москва.txt".encode(), "Москва"),
    (b"carriage\rreturn.txt", "carriage\\u000dreturn"),
    (b"line\nbreak.txt", "line\\u000abreak"),
    (b"tab\tand\x07bell.txt", "tab\\u0009and\\u0007bell"),
    ("para\u2029sep.txt".encode(), "para\\u2029sep"),
    ("Привет".encode("cp1251") + b".txt", "\\xcf\\xf0\\xe8\\xe2\\xe5\\xf2"),
    (b"back\\slash.txt", "back\\\\slash"),
    (b'quote",comma.txt', 'quote",comma'),
    (b"same.txt", "same.txt"),
    (b"same.TXT", "same.TXT"),
    (b"Other.TXT", "Other"),
    (b"notes\r.docx", None),  # not a document: in skipped.csv, under the same escaped name
]


def test_any_file_name_becomes_a_doc_id_that_round_trips_through_every_table(tmp_path):
    from pipeline.records import parse_path

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, _ in NAMES:
        with open(os.fsencode(corpus) + b"/" + name, "w", encoding="utf-8") as handle:
            handle.write(TEXT)
    (corpus / "documents.csv").write_text("doc_id,date\ncarriage\\u000dreturn,2020-02-02\n", encoding="utf-8")
    output = tmp_path / "out"
    result = _cli("extract", "--input", str(corpus), "--output", str(output), "--jobs", "2")
    _no_traceback(result)
    assert result.returncode == 3, result.stderr
    assert f"skipped {corpus}/notes\\u000d.docx: not a .txt file (.docx)" in result.stderr.splitlines()
    (skipped,) = _rows(output, "skipped")
    assert os.fsencode(parse_path(skipped["path"])) == os.fsencode(corpus) + b"/notes\r.docx"
    documents = _rows(output, "documents")
    doc_ids = [r["doc_id"] for r in documents]
    assert doc_ids == sorted(doc_id for _, doc_id in NAMES if doc_id)
    # The path column leads back to the file, byte for byte.
    for row in documents:
        assert os.fsencode(parse_path(row["path"])) in {os.fsencode(corpus) + b"/" + n for n, _ in NAMES}
    assert next(r for r in documents if r["doc_id"] == "carriage\\u000dreturn")["doc_date"] == "2020-02-02"
    typed = load_tables(output)  # the notebook's way
    for table in TABLES[1:-1]:
        with open(output / f"{table}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        frame = pd.read_csv(output / f"{table}.csv", dtype=str, keep_default_na=False)
        assert typed[table]["doc_id"].tolist() == [r["doc_id"] for r in rows], table
        assert frame["doc_id"].tolist() == [r["doc_id"] for r in rows], table
        assert set(frame["doc_id"]) == set(doc_ids), table  # every document has rows in every table
        assert frame["doc_id"].tolist() == sorted(frame["doc_id"]), table


# --- two runs on one output folder --------------------------------------------------------


def test_a_second_run_on_the_same_output_is_refused_and_deletes_nothing(tmp_path):
    corpus = _corpus(tmp_path / "corpus", "a")
    output = tmp_path / "out"
    with TableWriter(output) as first:  # a run under way: it holds the folder, its rows in temporaries
        temporaries = sorted(output.glob(".*.csv.tmp-*"))
        second = _cli("extract", "--input", str(corpus), "--output", str(output), "--jobs", "1")
        _refused(second, output, "another run is writing to this folder")
        assert temporaries and all(path.exists() for path in temporaries)
        assert not list(output.glob("*.csv"))
        first.commit()
    written = sorted(path.name for path in output.glob("*.csv"))
    assert written == sorted(f"{name}.csv" for name in (*TABLES, *OTHER_TABLES))
    TableWriter(output).discard()  # once the first run has ended, the folder is free again


# --- numbers too large for their column ---------------------------------------------------

# 40 and 70 digits: beyond decimal(38, 10), the Parquet column (and DuckDB's and Spark's widest).
LARGE_NUMBERS = (
    f"Долг составил {'1' * 40} рублей. Оценки: от {'2' * 70} до {'3' * 70},5 долларов. Товарооборот "
    f"достиг 41 млрд долларов. Рост составил {'4' * 40}%, а доля {'5' * 40}–{'6' * 70}%. Ставка 7,25%."
)


def test_numbers_too_large_for_the_parquet_decimal_are_kept_exactly(tmp_path, capsys):
    from pipeline.cli import main

    corpus = _corpus(tmp_path / "corpus", "small")
    (corpus / "large.txt").write_text(LARGE_NUMBERS, encoding="utf-8")
    for table_format in ("csv", "parquet"):
        args = ["--input", str(corpus), "--output", str(tmp_path / table_format), "--format", table_format]
        assert main(["extract", *args, "--quiet"]) == 0  # no document skipped
    message = capsys.readouterr().err.splitlines()[-1]
    out = tmp_path / "parquet"
    assert message == (
        f"6 number(s) too large for Parquet's decimal(38, 10) kept exactly as text: {out}/money.parquet "
        f"(amount_text 2, amount_max_text 1), {out}/percents.parquet (value_text 2, value_max_text 1); "
        "pipeline.load_tables reads them back"
    )
    from_csv, from_parquet = load_tables(tmp_path / "csv"), load_tables(tmp_path / "parquet")
    assert from_parquet["skipped"].empty and len(from_parquet["documents"]) == 2
    for name, frame in from_csv.items():  # the same frames, exact
        pd.testing.assert_frame_equal(frame, from_parquet[name], check_exact=True)
    money, percents = from_parquet["money"], from_parquet["percents"]
    large = money["doc_id"] == "large"
    assert money[large]["amount"].tolist() == [Decimal("1" * 40), Decimal("2" * 70), Decimal("41000000000")]
    assert money[large]["amount_max"].tolist() == [None, Decimal("3" * 70 + ".5"), None]
    assert percents[percents["doc_id"] == "large"]["value"].tolist() == [
        Decimal("4" * 40),
        Decimal("5" * 40),
        Decimal("7.25"),
    ]
    # In the file: null in the decimal, the digits in the text column — and the other way round.
    raw = pq.read_table(tmp_path / "parquet" / "money.parquet")
    assert raw.schema.field("amount").type == pa.decimal128(38, 10)
    rows = [r for r in raw.to_pylist() if r["doc_id"] == "large"]
    assert [(r["amount"], r["amount_text"]) for r in rows] == [
        (None, "1" * 40),
        (None, "2" * 70),
        (Decimal("41000000000.0000000000"), None),
    ]


# --- evaluate: bad paths too -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--pred", "{tmp}/nowhere"], "{tmp}/nowhere"),
        (["--pred", "{tmp}/file"], "{tmp}/file"),
        (["--gold", "{tmp}/nowhere"], "{tmp}/nowhere"),
        (["--report", "{tmp}/file/report"], "{tmp}/file/report"),
    ],
)
def test_evaluate_refuses_bad_paths_in_one_line(tmp_path, args, named):
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "pred").mkdir()
    args = [arg.format(tmp=tmp_path) for arg in args]
    if "--pred" not in args:
        args += ["--pred", str(tmp_path / "pred")]
    if "--gold" not in args:
        args += ["--gold", str(ROOT / "corpus" / "gold")]
    _refused(_cli("evaluate", *args), named.format(tmp=tmp_path))
    assert not (tmp_path / "nowhere").exists()


# --- names, as properties -----------------------------------------------------------------

FILE_NAME_BYTES = st.binary(min_size=1, max_size=30).filter(
    lambda name: b"/" not in name and b"\0" not in name
)


@given(FILE_NAME_BYTES)
def test_a_written_name_is_one_printable_utf8_line_that_leads_back_to_the_same_bytes(raw):
    from pipeline.records import format_path, parse_path

    written = format_path(os.fsdecode(raw))
    assert os.fsencode(parse_path(written)) == raw
    written.encode("utf-8")  # no lone surrogate
    assert len(f"{written}x".splitlines()) == 1  # no character any reader takes for a line break
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([written, "next"])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [written, "next"]


@given(st.sets(st.sampled_from(["a", "a.txt", "A", "b\r", "б", "a.b"]), min_size=1),
       st.lists(st.sampled_from([".txt", ".TXT", ".Txt"]), min_size=6, max_size=6))  # fmt: skip
def test_doc_ids_are_unique_and_name_their_file(stems, endings):
    from pipeline.records import parse_path
    from pipeline.stages.s01_read import doc_ids

    root = Path("/corpus")
    # Every stem as .txt, and again with another ending: a.txt and a.TXT, a.txt.txt and a.txt, ...
    paths = {root / f"{stem}{ending}" for stem, ending in zip(sorted(stems), endings, strict=False)}
    paths |= {root / f"{stem}.txt" for stem in stems}
    ids = doc_ids(paths, root)
    assert len(set(ids.values())) == len(paths)
    for path, doc_id in ids.items():
        assert parse_path(doc_id) in (path.name, path.name[:-4])
