"""Configuration: plain YAML in, typed dataclasses out, explicit ``--set`` overrides.

Run config (``summarize run``/``check``): sections ``summarizer``, ``checker``, ``input``,
``output``. Unknown keys and wrong types are errors that name the key, raised before any
work starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """A config file, key or value is wrong; the message names it."""


def parse_override(text: str) -> tuple[list[str], Any]:
    """``"checker.top_k=8"`` -> ``(["checker", "top_k"], 8)``; values are read as YAML.

    >>> parse_override("checker.threshold=0.4")
    (['checker', 'threshold'], 0.4)
    >>> parse_override("summarizer.model=facebook/bart-large-cnn")
    (['summarizer', 'model'], 'facebook/bart-large-cnn')
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set {text!r}: expected section.key=value")
    try:
        parsed = yaml.safe_load(value) if value.strip() else ""
    except yaml.YAMLError:
        parsed = value
    return key.strip().split("."), parsed


def apply_overrides(data: dict, overrides: list[str] | dict | None) -> dict:
    """Apply ``section.key=value`` overrides (strings or an already parsed dict) to ``data``."""
    items = overrides.items() if isinstance(overrides, dict) else [parse_override(o) for o in overrides or []]
    for path, value in items:
        path = path.split(".") if isinstance(path, str) else path
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"--set {'.'.join(path)}: {part} is not a section")
        node[path[-1]] = value
    return data


def read_yaml(path: str | Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML ({err})") from err
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of sections")
    return data


def read_yaml_sections(path: str | Path, sections: tuple[str, ...], overrides=None) -> dict[str, dict]:
    """A training recipe: exactly ``sections``, each a mapping; unknown sections are errors."""
    data = apply_overrides(read_yaml(path), overrides)
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {unknown}; expected {list(sections)}")
    return {name: dict(data.get(name) or {}) for name in sections}


# --------------------------------------------------------------------------- run config
import dataclasses  # noqa: E402
import difflib  # noqa: E402
import math  # noqa: E402
import types  # noqa: E402
import typing  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402


@dataclass
class SummarizerConfig:
    model: str = "embedded:summarizer-minilm"  # hub id, local folder, "embedded:NAME", "extractive:minilm" or "extractive:lead"
    backend: str = "auto"  # auto | seq2seq | causal | fusion | extractive
    max_input_tokens: int = 1024
    reserved_tokens: int = 0  # kept free in the window (prompt, prefix)
    separator: str = "auto"  # auto: "<doc-sep>" for LED/PRIMERA, " ||||| " otherwise
    prefix: str = ""  # T5-style task prefix, e.g. "summarize: "
    prompt: str = ("Summarize the following news articles about one event in one paragraph. "
                   "Use only facts stated in the articles.\n\n{articles}")
    gguf_file: str | None = None
    article_order: str = "input"  # input | longest_first | shortest_first
    include_titles: bool = True
    dedupe_sentences: bool = True
    dedupe_threshold: float = 90.0  # rapidfuzz ratio above which a sentence repeats another
    long_input: str = "truncate"  # truncate | hierarchical
    group_size: int = 4  # articles per group in the hierarchical path
    num_beams: int = 4
    length_penalty: float = 1.0
    min_new_tokens: int = 0
    max_new_tokens: int = 256
    no_repeat_ngram_size: int = 3
    early_stopping: bool = True
    max_words: int | str = "auto"  # extractive / lead / fusion length: auto (half the cluster's distinct words, at most 260) or a number
    max_sentences: int | None = None  # extractive / lead / fusion: at most this many sentences
    verifier: str | None = "embedded:checker-minilm"  # fusion: NLI model every rewrite must be entailed by
    verifier_threshold: float = 0.9  # fusion: P(entailment | its sources) a rewrite needs, else the source sentence stays
    rewrites: str = "clause-trims"  # fusion: clause-trims (a rewrite must be a source sentence cut at clause boundaries) | any
    batch_size: int = 4
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    dtype: str = "auto"  # auto (bf16 on GPU, fp32 on CPU) | float32 | bfloat16 | float16
    quantize_int8: bool = False  # dynamic int8 quantization on CPU


@dataclass
class CheckerConfig:
    model: str = "embedded:checker-minilm"  # hub id, local folder or embedded:NAME
    backend: str = "auto"  # auto (from the model's config) | nli | binary | seq2seq-judge | llm-judge
    threshold: float = 0.77  # calibrated for embedded:checker-minilm on FRANK valid (summarize calibrate)
    top_k: int = 5  # units scored per summary sentence; 0 scores every unit
    retriever: str = "bm25"  # bm25 | embedding | hybrid
    window_sizes: list[int] = field(default_factory=lambda: [1, 2, 3])
    max_length: int = 256
    batch_size: int = 32
    entailment_index: int | None = None  # override config.id2label
    contradiction_index: int | None = None
    contradiction_margin: float = 0.0  # contradicted when P(contra) beats P(entail) by this
    rules: bool = True
    copies_supported: bool = True  # a sentence that is word for word a premise unit is supported without NLI
    claims: bool = False  # also judge a long sentence claim by claim (relative and coordinated clauses); supported when every claim is
    join_units: int = 0  # also score premises joining two of the sentence's best N units (other articles or positions); 0: off
    score: str = "nli"  # nli: best P(entailment) | blend: its mean with similarity and lexical support
    evidence: int = 3  # evidence units kept per sentence
    device: str = "auto"
    quantize_int8: bool = False
    chunk_words: int = 0  # premises: 0 = windows of window_sizes sentences; N = chunks of whole sentences, about N words each (MiniCheck)
    prompt: str | None = None  # {document}, {claim}, {eos}: a judge's prompt, or one text per pair for nli/binary
    answers: list[str | int] | None = None  # seq2seq-judge / llm-judge: [supported, unsupported] answers (text or token id); None: the backend's own
    trust_remote_code: bool = False  # run code shipped with the model (HHEM-2.1-Open needs it); only for models you trust
    gguf_file: str | None = None  # llm-judge: a GGUF file in the model folder or repo
    max_pair_seconds: float = 300.0  # check --pairs: time budget for one pair (reading and checking it); 0: none


@dataclass
class InputConfig:
    separator: str = "NEXT NEWS"  # a line exactly this splits a text file into articles
    extensions: list[str] = field(default_factory=lambda: [".txt", ".md", ".html", ".htm", ".json", ".jsonl"])
    exclude: list[str] = field(default_factory=lambda: ["summary.txt", "README.md"])
    max_file_mb: float = 20.0  # a file (or a pairs line's documents) larger than this is refused
    max_file_seconds: float = 120.0  # time budget for reading one file; 0: none
    max_articles: int = 0  # 0: no cap
    near_duplicate_threshold: float = 90.0
    drop_headings: bool = True
    drop_boilerplate: bool = True  # photo captions, "File -" lines, share buttons, bylines, credit lines and (photo: ...) credits


@dataclass
class OutputConfig:
    report: bool = True
    progress: bool = True


@dataclass
class RunConfig:
    summarizer: SummarizerConfig = field(default_factory=SummarizerConfig)
    checker: CheckerConfig = field(default_factory=CheckerConfig)
    input: InputConfig = field(default_factory=InputConfig)
    output: OutputConfig = field(default_factory=OutputConfig)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


_SECTIONS = {"summarizer": SummarizerConfig, "checker": CheckerConfig, "input": InputConfig, "output": OutputConfig}


def _check_type(key: str, value: Any, annotation: Any) -> Any:
    """Validate ``value`` against a field annotation; ints are accepted for floats."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                return _check_type(key, value, option)
            except ConfigError as err:
                errors.append(err)
        raise errors[0]
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {value!r}")
        (inner,) = typing.get_args(annotation)
        return [_check_type(f"{key}[{i}]", v, inner) for i, v in enumerate(value)]
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if annotation is bool and not isinstance(value, bool):
        raise ConfigError(f"{key}: expected true or false, got {value!r}")
    if annotation in (int, float) and isinstance(value, bool):
        raise ConfigError(f"{key}: expected {annotation.__name__}, got {value!r}")
    if not isinstance(value, annotation):
        raise ConfigError(f"{key}: expected {annotation.__name__}, got {value!r}")
    return value


_CHOICES = {
    "summarizer.backend": ("auto", "seq2seq", "causal", "fusion", "extractive"),
    "summarizer.rewrites": ("clause-trims", "any"),
    "summarizer.article_order": ("input", "longest_first", "shortest_first"),
    "summarizer.long_input": ("truncate", "hierarchical"),
    "summarizer.dtype": ("auto", "float32", "bfloat16", "float16"),
    "checker.retriever": ("bm25", "embedding", "hybrid"),
    "checker.score": ("nli", "blend"),
}


def _choices(key: str) -> tuple | None:
    """The values ``key`` may take; checker backends are whatever the judges registry holds."""
    if key == "checker.backend":
        from .checker.judges import backend_names

        return backend_names()
    return _CHOICES.get(key)


def _did_you_mean(name: str, known, prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean {prefix}{close[0]}? " if close else ""


def _build(cls, data: dict, section: str):
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ConfigError(f"unknown key {section}.{unknown[0]} ({_did_you_mean(unknown[0], names, section + '.')}"
                          f"known keys: {', '.join(sorted(names))})")
    values = {}
    for name, value in data.items():
        key = f"{section}.{name}"
        values[name] = _check_type(key, value, hints[name])
        choices = _choices(key)
        if choices is not None and values[name] not in choices:
            raise ConfigError(f"{key}: {value!r} is not one of {list(choices)}")
    return cls(**values)


# The range of every numeric setting: (lowest, highest), None where unbounded; a list's items and
# a number inside a union type (``int | str``, ``int | None``) are checked the same way.
_RANGES: dict[str, tuple[float | None, float | None]] = {
    "summarizer.max_input_tokens": (16, None),
    "summarizer.reserved_tokens": (0, None),
    "summarizer.dedupe_threshold": (0, 100),
    "summarizer.group_size": (2, None),
    "summarizer.num_beams": (1, None),
    "summarizer.length_penalty": (None, None),
    "summarizer.min_new_tokens": (0, None),
    "summarizer.max_new_tokens": (1, None),
    "summarizer.no_repeat_ngram_size": (0, None),
    "summarizer.max_words": (1, None),
    "summarizer.max_sentences": (1, None),
    "summarizer.verifier_threshold": (0, 1),
    "summarizer.batch_size": (1, None),
    "checker.threshold": (0, 1),
    "checker.top_k": (0, None),
    "checker.window_sizes": (1, None),
    "checker.max_length": (32, None),
    "checker.batch_size": (1, None),
    "checker.entailment_index": (0, None),
    "checker.contradiction_index": (0, None),
    "checker.contradiction_margin": (0, 1),
    "checker.join_units": (0, None),
    "checker.evidence": (0, None),
    "checker.chunk_words": (0, None),
    "checker.answers": (0, None),
    "checker.max_pair_seconds": (0, None),
    "input.max_file_mb": (0.001, None),
    "input.max_articles": (0, None),
    "input.near_duplicate_threshold": (0, 100),
    "input.max_file_seconds": (0, None),
}


def _leaf_types(annotation: Any) -> set:
    """``list[int | str] | None`` -> ``{int, str, NoneType}``."""
    args = typing.get_args(annotation)
    return {annotation} if not args else set().union(*(_leaf_types(a) for a in args))


def allowed_range(key: str) -> str:
    """The range of ``key`` in words: ``an integer >= 1``, ``a number in [0, 1]``.

    >>> allowed_range("checker.batch_size"), allowed_range("checker.threshold")
    ('an integer >= 1', 'a number in [0, 1]')
    """
    low, high = _RANGES[key]
    section, name = key.split(".")
    types_ = _leaf_types(typing.get_type_hints(_SECTIONS[section])[name])
    kind = "a number" if float in types_ else "an integer"
    if low is not None and high is not None:
        text = f"{kind} in [{low:g}, {high:g}]"
    elif low is not None:
        text = f"{kind} >= {low:g}"
    else:
        text = f"{kind} <= {high:g}" if high is not None else f"{kind} (finite)"
    if str in types_ and key == "summarizer.max_words":
        text = f"auto or {text}"
    return f"{text}, or null" if type(None) in types_ else text


def _check_ranges(config: RunConfig) -> None:
    """Every numeric setting in its range, before any work starts; the error names the key and the range."""
    for key, (low, high) in _RANGES.items():
        section, name = key.split(".")
        value = getattr(getattr(config, section), name)
        for number in (value if isinstance(value, list) else [value]):
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                continue  # "auto", null, an answer given as text: checked elsewhere
            if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
                raise ConfigError(f"{key}: {value!r} is out of range; allowed: {allowed_range(key)}")


def _validate(config: RunConfig) -> None:
    _check_ranges(config)
    s, c = config.summarizer, config.checker
    if s.min_new_tokens > s.max_new_tokens:
        raise ConfigError(f"summarizer.min_new_tokens: {s.min_new_tokens} is out of range; allowed: "
                          f"an integer in [0, summarizer.max_new_tokens = {s.max_new_tokens}]")
    if s.reserved_tokens >= s.max_input_tokens:
        raise ConfigError(f"summarizer.reserved_tokens: {s.reserved_tokens} is out of range; allowed: "
                          f"an integer in [0, summarizer.max_input_tokens = {s.max_input_tokens})")
    if c.entailment_index is not None and c.entailment_index == c.contradiction_index:
        raise ConfigError(f"checker.contradiction_index: {c.contradiction_index} is the entailment index too; "
                          "allowed: another label's index")
    words = config.summarizer.max_words
    if words != "auto" and (not isinstance(words, int) or words < 1):
        raise ConfigError(f"summarizer.max_words: {words!r} must be auto or a positive number of words")
    if config.summarizer.max_sentences is not None and config.summarizer.max_sentences < 1:
        raise ConfigError(f"summarizer.max_sentences: {config.summarizer.max_sentences} must be positive (or null)")
    if not 0.0 <= config.checker.threshold <= 1.0:
        raise ConfigError(f"checker.threshold: {config.checker.threshold} is not in [0, 1]")
    if config.checker.join_units < 0 or config.checker.join_units == 1:
        raise ConfigError(f"checker.join_units: {config.checker.join_units} must be 0 (off) or 2 and more")
    if config.checker.top_k < 0:
        raise ConfigError(f"checker.top_k: {config.checker.top_k} must be 0 (all units) or positive")
    if not config.checker.window_sizes or min(config.checker.window_sizes) < 1:
        raise ConfigError("checker.window_sizes: give one or more positive sizes, e.g. [1, 2, 3]")
    for key in ("summarizer.model", "checker.model"):
        section, name = key.split(".")
        model = getattr(getattr(config, section), name)
        problem = model_reference_problem(model)
        if problem:
            raise ConfigError(f"{key}: {problem}")


def model_reference_problem(model: str) -> str | None:
    """Why ``model`` cannot name a model (a missing local path), or None when it can."""
    from .models.hub import BUILTIN_MODELS, BUILTIN_PREFIXES, resolve_embedded

    if not model:
        return "no model given"
    if model.startswith("embedded:"):
        try:
            resolve_embedded(model)
        except FileNotFoundError as err:
            return str(err)
        return None
    if model in BUILTIN_MODELS:
        return None
    if model.startswith(BUILTIN_PREFIXES):
        return f"unknown built-in model {model} (built in: {', '.join(sorted(set(BUILTIN_MODELS.values())))})"
    path = Path(model).expanduser()
    if path.exists():
        return None
    looks_local = model.startswith(("/", "./", "../", "~", ".\\")) or model.count("/") > 1 or "\\" in model
    if looks_local:
        return f"local model path {model} does not exist"
    return None  # a hub id; checked (online or in the local cache) when it is loaded


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> RunConfig:
    """Read a run config; defaults are the dataclass defaults (== ``configs/default.yaml``)."""
    data = read_yaml(path) if path else {}
    data = apply_overrides(data, overrides)
    sections = {f.name: f.type for f in dataclasses.fields(RunConfig)}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"unknown section {unknown[0]!r} ({_did_you_mean(unknown[0], sections)}"
                          f"known: {', '.join(sections)})")
    built = {}
    for f in dataclasses.fields(RunConfig):
        section = data.get(f.name) or {}
        if not isinstance(section, dict):
            raise ConfigError(f"{f.name}: expected a mapping of keys, got {section!r}")
        built[f.name] = _build(typing.get_type_hints(RunConfig)[f.name], section, f.name)
    config = RunConfig(**built)
    _validate(config)
    return config
