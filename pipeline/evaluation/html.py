"""Writing self-contained HTML: escaping, elements, the page frame and its inline assets.

Every string that comes from a document or a table goes through `esc` (text) or `attrs`
(attribute values), so a document containing `<script>` or `</span>` shows them as text.
The style sheet and script are files of this package, inlined into each page; a
Content-Security-Policy forbids every fetch, so a page works offline and leaks nothing.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from pipeline.evaluation.style import css

# Nothing is loaded from anywhere: only the inline style and script, and data: images.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
_UNSAFE_NAME = re.compile(r"[^\w.-]")


def esc(text: object) -> str:
    """Text content, escaped (quotes too, so the result is also safe inside an attribute)."""
    return html.escape(str(text), quote=True)


def attrs(**values: object) -> str:
    """` name="value"` for each value that is not None or False; `_` in a name becomes `-`."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(f" {key}" if value is True else f' {key}="{esc(value)}"')
    return "".join(parts)


def tag(name: str, content: str = "", **values: object) -> str:
    """An element; `content` is HTML already (escape text with `esc`)."""
    return f"<{name}{attrs(**values)}>{content}</{name}>"


@cache
def asset(name: str) -> str:
    """The text of one of this package's assets (assets/NAME)."""
    return resources.files("pipeline.evaluation").joinpath("assets", name).read_text(encoding="utf-8")


def styles() -> str:
    """The style sheet of views and reports, scoped to `.rx` (safe to inline in a notebook)."""
    return asset("view.css") + css()


def page(title: str, body: str, script: bool = True) -> str:
    """A whole HTML document with the inline style sheet and (optionally) the script."""
    code = f"<script>{asset('view.js')}</script>" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ru"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>body{{margin:0}}\n{styles()}</style></head>\n"
        f"<body>{body}{code}</body></html>\n"
    )


def view_file(doc_id: str) -> str:
    """The file name of a document's view: the doc_id where it is a safe name, else a
    readable form of it plus a short hash (so two ids never share a file)."""
    safe = _UNSAFE_NAME.sub("_", doc_id)[:80].lstrip(".") or "doc"
    if safe != doc_id:
        safe += "-" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return safe + ".html"


def href(path: str) -> str:
    """A relative link to a file name (percent-encoded; `esc` it inside an attribute)."""
    return quote(path)


def write_atomic(path: Path, text: str) -> None:
    """Write a page whole, then rename it into place (a reader never sees half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
