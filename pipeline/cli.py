"""Command line: `ruextract extract|evaluate|view|bench` (the same as `python -m pipeline …`)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from pathlib import Path

from pipeline.interrupts import stop_on_signals
from pipeline.ner_models import DEFAULT_NER_MODEL, NER_MODELS
from pipeline.records import format_path
from pipeline.shards import DEFAULT_SHARD_SIZE
from pipeline.stages.s01_read import DEFAULT_MAX_BYTES

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3

EPILOG = """exit codes:
  0  every document was processed
  1  the run failed unexpectedly (nothing was written; the previous tables are intact): one
     line says why, --debug adds the traceback
  2  bad arguments, paths or metadata (documents.csv, gold tables), or the output folder is
     in use by another run: nothing was written; the one-line message names file and line
  3  the tables were written, but some files were skipped: see skipped.csv and the messages
  130, 143  stopped by Ctrl-C (SIGINT) or SIGTERM: the previous tables are intact
"""


VIEW_EPILOG = """exit codes:
  0  the pages were written
  1  an unexpected failure: one line says why, --debug adds the traceback
  2  bad arguments, a DOC_ID that is not in PRED/documents.csv, or tables that do not fit the
     text: the message names the file (and line)
"""


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def program_name() -> str:
    """How the user called us: the `ruextract` console script or `python -m pipeline`."""
    return "ruextract" if Path(sys.argv[0]).name == "ruextract" else "python -m pipeline"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        help="on an unexpected failure, print the whole traceback, not only the one-line error",
    )
    parser = argparse.ArgumentParser(
        prog=program_name(),
        description="ruextract: Russian news text → normalized tables of persons, places, organisations, "
        "dates, money and percentages, and their evaluation against a gold set.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        parents=[common],
        help="run a folder of .txt articles, or JSONL/CSV/Parquet records, into CSV or Parquet tables",
        description="Read every .txt file under --input (UTF-8, UTF-16 with BOM, cp1251 or KOI8-R), or "
        "every record of the JSONL, CSV or Parquet files it names, and write documents, tokens, entities, "
        "entity_index, roles, corpus_entities, dates, money, percents and skipped tables to --output "
        "(.csv or .parquet). The corpus is worked through in shards, each committed as it is done "
        "(--resume goes on from them); the tables are replaced only when the run completes.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    extract.add_argument(
        "--input",
        type=Path,
        default=Path("corpus"),
        metavar="PATH",
        help="a folder of .txt documents, searched recursively (its gold/ folder and documents.csv "
        "are metadata, not documents); or a .jsonl, .csv or .parquet file of records, a folder of "
        "them (with no .txt file), or a quoted glob such as 'news/*.parquet', one document per "
        "record (default: corpus)",
    )
    extract.add_argument(
        "--text-column",
        default="text",
        metavar="NAME",
        help="the record field holding a document's text; offsets index it as stored (default: text)",
    )
    extract.add_argument(
        "--id-column",
        default="id",
        metavar="NAME",
        help="the record field holding its doc_id, read as text (default: id)",
    )
    extract.add_argument(
        "--date-column",
        default="date",
        metavar="NAME",
        help="the record field holding its publication date, YYYY-MM-DD or a date type; "
        "empty or missing: from --metadata, else from the text (default: date)",
    )
    extract.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="csv: UTF-8 CSV with a header (default); parquet: typed columns (strings, int32 offsets, "
        "decimal(38, 10) amounts, parsed date_start/date_end), zstd-compressed — a number too large "
        "for the decimal is null there and kept exactly in a text column beside it (amount_text, "
        "value_text, …); read either back with pipeline.load_tables",
    )
    extract.add_argument(
        "--shard-size",
        type=_positive,
        default=DEFAULT_SHARD_SIZE,
        metavar="N",
        help=f"commit the tables every N listed documents (default: {DEFAULT_SHARD_SIZE}); a stopped "
        "run loses at most the shards in progress",
    )
    extract.add_argument(
        "--resume",
        action="store_true",
        help="go on from the shards a stopped run committed in --output (same input and options), "
        "instead of starting over; the tables come out the same bytes as an uninterrupted run",
    )
    extract.add_argument(
        "--doc-timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="skip a document whose analysis takes longer, with the reason in skipped (default: no limit; "
        "not applied on --engine dask, whose tasks run in threads)",
    )
    extract.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: --jobs worker processes on this machine (default); dask: the tasks of a Dask "
        "cluster at --scheduler (pip install -e '.[dask]'); the tables are the same",
    )
    extract.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="the Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786; input and output must be "
        "on storage the workers and this machine share",
    )
    extract.add_argument(
        "--output",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="folder for the tables (default: outputs); not the input folder or its gold/; "
        "one run at a time per folder",
    )
    extract.add_argument(
        "--metadata",
        type=Path,
        default=None,
        metavar="CSV",
        help="doc_id,date table (UTF-8) of publication dates that relative dates are resolved "
        "against (default: documents.csv inside --input, if present; a file named here must "
        "exist); a document without a row gets the first full date its text mentions",
    )
    extract.add_argument(
        "--jobs",
        type=_positive,
        default=default_jobs(),
        metavar="N",
        help=f"worker processes, each loading the models once (default: the number of "
        f"cores, here {default_jobs()}); the tables are identical whatever N is",
    )
    extract.add_argument(
        "--ner-model",
        choices=tuple(NER_MODELS),
        default=DEFAULT_NER_MODEL,
        help="the NER weights for persons, places and organisations: ruextract, slovnet's news model "
        "fine-tuned on human gold (pipeline/data/MODEL_CARD.md; the default), or natasha, the weights "
        "natasha ships (for comparison); the name rules are the same",
    )
    extract.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"skip files larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    extract.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar and no per-file messages (only errors); the bar is also "
        "off when stderr is not a terminal",
    )

    evaluate = commands.add_parser(
        "evaluate",
        parents=[common],
        help="score predicted tables against a gold set",
        description="Compare the mention tables (entities, dates, money, percents) in --pred with those in "
        "--gold, per type, strict and overlap, in the flat view (depth-0 rows) and the nested view (all "
        "rows), for each group of gold documents (the group column of GOLD/documents.csv) and all "
        "together; print F1 and value accuracy, and write metrics.csv (with TP/FP/FN/P/R), errors.csv "
        "and, with --pubdates, pubdates.csv to --report.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument(
        "--pred",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="folder with the predicted tables (default: outputs)",
    )
    evaluate.add_argument(
        "--gold",
        type=Path,
        default=Path("corpus/gold"),
        metavar="DIR",
        help="folder with the gold tables (default: corpus/gold)",
    )
    evaluate.add_argument(
        "--report",
        type=Path,
        default=None,
        metavar="DIR",
        help="where metrics.csv and errors.csv go (default: PRED/eval)",
    )
    evaluate.add_argument(
        "--pubdates",
        type=Path,
        default=None,
        metavar="CSV",
        help="also score the publication date each document got (doc_date in PRED/documents.csv) "
        "against this doc_id,date table, e.g. corpus/documents.csv; meaningful for a run made "
        "without it (make eval-no-dates); a gold document with no row has no date (default: off)",
    )
    evaluate.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write the report as one self-contained HTML page: metrics, plots of P/R/F1 and value "
        "accuracy, confusion between types, every error in context; the views of the scored documents "
        "it links to go to view/ beside FILE",
    )

    view = commands.add_parser(
        "view",
        parents=[common],
        help="write a document's text with its mentions marked, gold beside predicted, as HTML",
        description="Write one self-contained HTML page per document (no server, no network): the text "
        "with every mention highlighted by type, its normal form or value on hover and in a side list, "
        "the entities it links to; where the gold set covers the document, each mention marked right, "
        "wrong span, wrong type, wrong value, missed or spurious, with counts and an errors-only filter.",
        epilog=VIEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    view.add_argument("doc_id", nargs="?", metavar="DOC_ID", help="the document to show (its doc_id)")
    view.add_argument(
        "--all",
        action="store_true",
        help="write the view of every document and index.html listing them with counts and F1",
    )
    view.add_argument(
        "--pred",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="folder with the predicted tables; the text is read from the path in its documents.csv "
        "(default: outputs)",
    )
    view.add_argument(
        "--gold",
        type=Path,
        default=Path("corpus/gold"),
        metavar="DIR",
        help="folder with the gold tables, used for the documents it lists (default: corpus/gold)",
    )
    view.add_argument("--no-gold", action="store_true", help="show the predictions only")
    view.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="the page to write for DOC_ID (default: PRED/view/DOC_ID.html, with any character that is "
        "not safe in a file name replaced), or with --all the folder (default: PRED/view)",
    )

    bench = commands.add_parser(
        "bench",
        parents=[common],
        help="time the user's extract command against plain natasha on the public texts",
        description="Run, as fresh commands in this environment, plain natasha (pipeline.bench.baseline), "
        "the same with one BLAS thread, `extract --jobs 1` and `extract` with its default jobs on the "
        "same texts; print documents/s, tokens/s, CPU time, peak memory and their ratios, then the "
        "time of each analysis stage.",
    )
    bench.add_argument(
        "--datasets",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder with nerel-train/ and factru-dev/ (default: ../shared/datasets)",
    )
    bench.add_argument(
        "--limit", type=_positive, default=None, metavar="N", help="use only the first N texts (default: all)"
    )
    bench.add_argument(
        "--repeat",
        type=_positive,
        default=1,
        metavar="R",
        help="run every command R times, in turn, and keep the best time of each (default: 1)",
    )
    bench.add_argument(
        "--copies",
        type=_positive,
        default=5,
        metavar="K",
        help="also measure peak memory of extract on the corpus copied K times (default: 5)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """`ruextract` and `python -m pipeline`: run one command, return its exit code."""
    args: argparse.Namespace | None = None
    command = ""
    try:
        # Ctrl-C and SIGTERM: one line and 128 + the signal's number, no traceback. A signal
        # held back while the program started arrives here, so this is inside the try.
        stop_on_signals()
        args = build_parser().parse_args(argv)
        command = args.command
        if command == "extract":
            return _extract(args)
        if command == "evaluate":
            return _evaluate(args)
        if command == "view":
            return _view(args)
        from pipeline.bench.speed import main as bench_main

        return bench_main(args)
    except KeyboardInterrupt as interrupt:
        signum = getattr(interrupt, "signum", signal.SIGINT)
        kept = (
            ": the previous tables are left as they were; the shards committed so far are kept "
            "(--resume goes on from them)"
            if command == "extract"
            else ""
        )
        print(f"stopped by {signal.Signals(signum).name}{kept}", file=sys.stderr)
        return 128 + signum
    except Exception as error:  # what no command expects: one line, the traceback on request
        if args is not None and args.debug:
            traceback.print_exc()
        print(
            f"error: unexpected {type(error).__name__} in {command or 'the command line'} — {error} "
            "(--debug shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _refuse(problem: object) -> int:
    """A refused command: one line, `error: ` and the problem (naming the file), and exit 2."""
    print(f"error: {problem}", file=sys.stderr)
    return EXIT_USAGE


def _extract(args: argparse.Namespace) -> int:
    from pipeline.inputs import Columns, InputError
    from pipeline.run import run
    from pipeline.shards import ResumeError
    from pipeline.stages.s01_read import UsageError

    if (args.engine == "dask") != (args.scheduler is not None):
        return _refuse("--engine dask needs --scheduler ADDRESS, and --scheduler needs --engine dask")
    try:
        summary = run(
            args.input,
            args.output,
            jobs=args.jobs,
            max_bytes=args.max_bytes,
            metadata=args.metadata,
            quiet=args.quiet,
            columns=Columns(args.text_column, args.id_column, args.date_column),
            table_format=args.format,
            shard_size=args.shard_size,
            resume=args.resume,
            doc_timeout=args.doc_timeout,
            scheduler=args.scheduler,
            ner_model=args.ner_model,
        )
    except (UsageError, FileNotFoundError, InputError, ResumeError) as error:
        return _refuse(error)
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    if summary.resumed_shards:
        print(f"resumed after {summary.resumed_shards} committed shard(s)", file=sys.stderr)
    print(
        f"{summary.documents} documents, {summary.tokens} tokens in {summary.seconds:.1f} s "
        f"({rate:.1f} documents/s) → {args.output}/",
        file=sys.stderr,
    )
    if summary.numbers_as_text:
        print(_numbers_as_text(summary.numbers_as_text, args.output), file=sys.stderr)
    if summary.skipped:
        print(f"{len(summary.skipped)} file(s) skipped, listed in {args.output}/skipped.{args.format}",
              file=sys.stderr)  # fmt: skip
        return EXIT_SKIPPED
    return EXIT_OK


def _numbers_as_text(found: tuple[tuple[str, str, int], ...], output: Path) -> str:
    """The line that says how many numbers a Parquet run kept as text, and where."""
    columns: dict[str, list[str]] = {}
    for file, column, count in found:
        columns.setdefault(file, []).append(f"{column} {count}")
    places = ", ".join(f"{output}/{file} ({', '.join(names)})" for file, names in columns.items())
    return (
        f"{sum(count for *_, count in found)} number(s) too large for Parquet's decimal(38, 10) kept exactly "
        f"as text: {places}; pipeline.load_tables reads them back"
    )


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluation.evaluate import evaluate_dirs
    from pipeline.evaluation.report import format_report
    from pipeline.evaluation.tables import TableError

    for option, folder in (("--pred", args.pred), ("--gold", args.gold)):
        if not folder.is_dir():
            return _refuse(f"{format_path(str(folder))}: not a folder ({option})")
    try:
        evaluation = evaluate_dirs(args.pred, args.gold, args.report, args.pubdates)
        if args.html:
            from pipeline.evaluation.report_page import write_report_page

            write_report_page(evaluation, args.pred, args.gold, args.html)
    except (TableError, FileNotFoundError) as error:
        return _refuse(error)
    except OSError as error:  # the report folder cannot be written
        return _refuse(f"{format_path(str(error.filename))}: {error.strerror}")
    report = args.report or args.pred / "eval"
    print(format_report(evaluation))
    written = f"{report}/metrics.csv, {len(evaluation.errors)} errors (both views) → {report}/errors.csv"
    print(f"\nmetrics → {written}" + (f", {report}/pubdates.csv" if evaluation.pubdates is not None else ""))
    if args.html:
        print(f"report → {args.html}")
    return EXIT_OK


def _view(args: argparse.Namespace) -> int:
    from pipeline.evaluation.html import view_file
    from pipeline.evaluation.pages import Folders, ViewError, load_views, write_views
    from pipeline.evaluation.tables import TableError

    if args.all == (args.doc_id is not None):
        return _refuse("give one DOC_ID, or --all for every document")
    folders = Folders(args.pred, None if args.no_gold else args.gold)
    try:
        if args.all:
            out = args.out or args.pred / "view"
            written = write_views(folders, out)
            print(f"{len(written) - 1} document views and the index → {out / 'index.html'}")
        else:
            view = next(load_views(folders, [args.doc_id]))
            print(view.save(args.out or args.pred / "view" / view_file(args.doc_id)))
    except (TableError, ViewError, FileNotFoundError) as error:
        return _refuse(error)
    return EXIT_OK
