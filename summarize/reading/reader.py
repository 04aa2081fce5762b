"""Reading article clusters from a folder tree, one cluster at a time.

Every folder (at any depth) that directly holds article files is a cluster; its id is its
path relative to the input folder (``.`` for the input folder itself). Clusters are
streamed in sorted order, so memory does not grow with their number; a file that cannot be
used becomes a :class:`~summarize.records.FileError` and the rest of the cluster goes on.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..budget import Budget, BudgetExceeded
from ..config import InputConfig
from ..records import Article, Cluster, FileError
from .cleaning import UnreadableText, clean_sentences, clean_text, decode, drop_repeated_paragraphs, is_heading
from .dedup import DuplicateIndex
from .sentences import split_sentences


class ArticleError(ValueError):
    """One file (or one record of it) that cannot be used; ``code`` is the short error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# ----------------------------------------------------------------------------- discovery

def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def article_files(folder: Path, config: InputConfig) -> list[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    files = []
    for entry in entries:
        if _is_hidden(entry.name) or any(fnmatch.fnmatch(entry.name, p) for p in config.exclude):
            continue
        if Path(entry.name).suffix.lower() in config.extensions:
            try:
                if not entry.is_dir():  # FIFOs, sockets and dangling links too: reported, never opened, when read
                    files.append(Path(entry.path))
            except OSError:
                files.append(Path(entry.path))  # reported when read
    return files


def _keys(paths: Iterable[Path]) -> set[tuple[int, int]]:
    """``(device, inode)`` of each path that exists: a folder under any name or link."""
    keys = set()
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        keys.add((info.st_dev, info.st_ino))
    return keys


def walk_clusters(root: Path, config: InputConfig, errors: list | None = None,
                  skip: Iterable[Path] = ()) -> Iterator[tuple[str, Path, list[Path]]]:
    """Yield ``(cluster_id, folder, files)`` depth-first in sorted order; symlink loops are cut,
    and the folders in ``skip`` (the run's output folder) are left out with all they hold."""
    root = Path(root)
    seen: set[tuple[int, int]] = set()
    skipped = _keys(skip)
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            stat = folder.stat()
        except OSError as err:
            if errors is not None:
                errors.append(FileError(str(folder), None, "unreadable_folder", f"cannot open folder: {err.strerror or err}"))
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in skipped:
            continue
        if key in seen:
            if errors is not None:
                errors.append(FileError(str(folder), None, "symlink_loop",
                                        "folder links back to a folder already read (symlink loop); skipped"))
            continue
        seen.add(key)
        files = article_files(folder, config)
        if files:
            rel = os.path.relpath(folder, root)
            yield ("." if rel == "." else Path(rel).as_posix()), folder, files
        try:
            subfolders = sorted((Path(e.path) for e in os.scandir(folder)
                                 if not _is_hidden(e.name) and e.is_dir()), reverse=True)
        except OSError as err:
            if errors is not None:
                errors.append(FileError(str(folder), None, "unreadable_folder", f"cannot list folder: {err.strerror or err}"))
            continue
        stack.extend(subfolders)


def count_clusters(root: Path, config: InputConfig, skip: Iterable[Path] = ()) -> int:
    """Number of clusters under ``root`` (reads folder listings only, not files)."""
    return sum(1 for _ in walk_clusters(root, config, skip=skip))


# ----------------------------------------------------------------------------- parsing

def _split_title(text: str) -> tuple[str | None, str]:
    """A short first line (no closing punctuation) is the title; markdown '#' is dropped."""
    first, _, rest = text.partition("\n")
    candidate = first.lstrip("#").strip()
    if rest.strip() and is_heading(candidate, max_words=20):
        return candidate, rest
    return None, text


def _join_open_quotes(lines: list[str]) -> list[str]:
    """Join a line that opens a quotation it does not close with the lines that close it.

    >>> _join_open_quotes(['"None of that shows strength.', 'It shows weakness," he said.', 'Next.'])
    ['"None of that shows strength. It shows weakness," he said.', 'Next.']
    """
    out: list[str] = []
    for line in lines:
        if out and out[-1].count('"') % 2 == 1 and len(out[-1]) < 2000:
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


def _body(text: str, config: InputConfig, title: str | None) -> str:
    paragraphs = _join_open_quotes([p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()])
    paragraphs = drop_repeated_paragraphs(([title] if title else []) + paragraphs)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if config.drop_headings:
        paragraphs = [p for p in paragraphs if not is_heading(p)]
    return "\n".join(paragraphs)


def _make_article(id_: str, path: str, text: str, config: InputConfig, title: str | None = None,
                  meta: dict | None = None, detect_title: bool = True, budget: Budget | None = None) -> Article:
    text = clean_text(text)
    if detect_title and title is None:
        title, text = _split_title(text)
    title = clean_text(title) if title else None
    body = _body(text, config, title)
    sentences = split_sentences(body, budget)
    if config.drop_boilerplate:
        sentences = clean_sentences(sentences)
    if not sentences:
        raise ArticleError("empty_article", "holds no article text")
    meta = meta or {}
    return Article(id=id_, path=path, text=" ".join(sentences), title=title, sentences=sentences,
                   date=_opt_str(meta.get("date")), source=_opt_str(meta.get("source")), url=_opt_str(meta.get("url")))


def _opt_str(value) -> str | None:
    return None if value is None else str(value)


def _read_text_file(raw: bytes, rel: str, stem: str, config: InputConfig,
                    budget: Budget | None = None) -> Iterator[Article | ArticleError]:
    text = decode(raw)
    pieces = re.split(rf"(?m)^[ \t]*{re.escape(config.separator)}[ \t]*$", text) if config.separator else [text]
    pieces = [p for p in pieces if p.strip()]
    if not pieces:
        yield ArticleError("empty_file", "is empty")
        return
    for k, piece in enumerate(pieces, 1):
        id_ = stem if len(pieces) == 1 else f"{stem}#{k}"
        try:
            yield _make_article(id_, rel, piece, config, budget=budget)
        except ArticleError as err:
            yield err


def _read_html(raw: bytes, rel: str, stem: str, config: InputConfig,
               budget: Budget | None = None) -> Iterator[Article | ArticleError]:
    import trafilatura

    html = decode(raw)
    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                           favor_precision=True, with_metadata=True)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        yield ArticleError("no_article_text", "is an HTML page with no article text (only navigation or boilerplate)")
        return
    meta = {"date": getattr(document, "date", None), "source": getattr(document, "sitename", None),
            "url": getattr(document, "url", None)}
    try:
        yield _make_article(stem, rel, text, config, title=getattr(document, "title", None), meta=meta, detect_title=False,
                            budget=budget)
    except ArticleError:
        yield ArticleError("no_article_text", "is an HTML page with no article text (only navigation or boilerplate)")


def _from_object(obj, id_: str, rel: str, config: InputConfig, budget: Budget | None = None) -> Article:
    if not isinstance(obj, dict):
        raise ArticleError("bad_record", f"expected an object with 'text', got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError("missing_text", "has no non-empty 'text' field")
    title = obj.get("title")
    return _make_article(str(obj.get("id") or id_), rel, text, config,
                         title=str(title) if title else None, meta=obj, detect_title=False, budget=budget)


def _read_json(raw: bytes, rel: str, stem: str, config: InputConfig,
               budget: Budget | None = None) -> Iterator[Article | ArticleError]:
    try:
        data = json.loads(decode(raw))
    except json.JSONDecodeError as err:
        yield ArticleError("malformed_json", f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})")
        return
    items = data if isinstance(data, list) else [data]
    if not items:
        yield ArticleError("empty_file", "holds an empty JSON list")
    for k, obj in enumerate(items, 1):
        try:
            yield _from_object(obj, stem if len(items) == 1 else f"{stem}#{k}", rel, config, budget)
        except ArticleError as err:
            yield ArticleError(err.code, f"item {k} {err}" if len(items) > 1 else str(err))


def _read_jsonl(raw: bytes, rel: str, stem: str, config: InputConfig,
                budget: Budget | None = None) -> Iterator[Article | ArticleError]:
    lines = decode(raw).splitlines()
    if not any(line.strip() for line in lines):
        yield ArticleError("empty_file", "is empty")
    for k, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield ArticleError("malformed_json", f"line {k} is not valid JSON ({err.msg})")
            continue
        try:
            yield _from_object(obj, f"{stem}#{k}", rel, config, budget)
        except ArticleError as err:
            yield ArticleError(err.code, f"line {k} {err}")


_PARSERS = {".txt": _read_text_file, ".md": _read_text_file, ".html": _read_html, ".htm": _read_html,
            ".json": _read_json, ".jsonl": _read_jsonl}


def read_file(path: Path, rel: str, config: InputConfig) -> Iterator[Article | ArticleError]:
    """Articles of one file, or the errors that stop it (or some of its records) being used."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            yield ArticleError("dangling_symlink", f"is a symbolic link to {os.readlink(path)}, which does not exist")
            return
        yield ArticleError("unreadable", "cannot be read (it no longer exists)")
        return
    except OSError as err:
        yield ArticleError("unreadable", f"cannot be read ({err.strerror or err})")
        return
    if not stat.S_ISREG(info.st_mode):  # never opened: opening a FIFO waits for a writer
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
        yield ArticleError("not_a_file", f"is {kind}, not a regular file; not read")
        return
    try:
        size = info.st_size
        if size > config.max_file_mb * 1024 * 1024:
            yield ArticleError("file_too_large", f"is {size / 1048576:.1f} MB, over input.max_file_mb "
                                                 f"({config.max_file_mb:g} MB); raise it to read this file")
            return
        raw = path.read_bytes()
    except OSError as err:
        yield ArticleError("unreadable", f"cannot be read ({err.strerror or err})")
        return
    if not raw.strip():
        yield ArticleError("empty_file", "is empty")
        return
    budget = Budget(config.max_file_seconds, "input.max_file_seconds")  # the file's time budget
    try:
        yield from _PARSERS[path.suffix.lower()](raw, rel, path.stem, config, budget)
    except UnreadableText as err:
        yield ArticleError("not_text", f"is {err}")
    except BudgetExceeded as err:  # the articles read before it stay; the rest of the cluster goes on
        yield ArticleError("over_budget", f"was not read to its end: reading it {err}")
    except Exception as err:  # a parser bug or odd input must not stop the cluster
        yield ArticleError("parse_failed", f"could not be parsed ({type(err).__name__}: {err})")


def read_cluster(cluster_id: str, folder: Path, files: list[Path], root: Path, config: InputConfig,
                 errors: list[FileError]) -> Cluster | None:
    """Read one cluster; problems go to ``errors``; None when no article is usable."""
    articles: list[Article] = []
    seen: DuplicateIndex[Article] = DuplicateIndex(config.near_duplicate_threshold)  # linear, not all pairs
    taken: set[str] = set()
    for path in files:
        rel = Path(os.path.relpath(path, root)).as_posix()
        for item in read_file(path, rel, config):
            if isinstance(item, ArticleError):
                errors.append(FileError(rel, cluster_id, item.code, f"{rel} {item}"))
                continue
            duplicate = seen.find(item.text)
            if duplicate is not None:
                errors.append(FileError(rel, cluster_id, "duplicate_article",
                                        f"{rel} ({item.id}) repeats article {duplicate.id}; kept one copy"))
                continue
            if item.id in taken:  # ids must be unique within a cluster (evidence names them)
                item.id = next(f"{item.id}~{n}" for n in range(2, len(articles) + 3) if f"{item.id}~{n}" not in taken)
            taken.add(item.id)
            seen.add(item.text, item)
            articles.append(item)
    if config.max_articles and len(articles) > config.max_articles:
        errors.append(FileError(str(folder), cluster_id, "too_many_articles",
                                f"cluster {cluster_id} has {len(articles)} articles; kept the first "
                                f"{config.max_articles} (input.max_articles)"))
        articles = articles[: config.max_articles]
    if not articles:
        errors.append(FileError(Path(os.path.relpath(folder, root)).as_posix(), cluster_id, "no_articles",
                                f"cluster {cluster_id} has no usable article"))
        return None
    return Cluster(id=cluster_id, path=Path(os.path.relpath(folder, root)).as_posix(), articles=articles)


def iter_clusters(root: str | Path, config: InputConfig | None = None) -> Iterator[Cluster | FileError]:
    """Stream clusters under ``root`` with the errors met on the way, in order."""
    config = config or InputConfig()
    root = Path(root)
    errors: list = []
    for cluster_id, folder, files in walk_clusters(root, config, errors):
        yield from errors
        errors.clear()
        cluster = read_cluster(cluster_id, folder, files, root, config, errors)
        yield from errors
        errors.clear()
        if cluster is not None:
            yield cluster
    yield from errors
