"""Start-up self-check of the embedded models: one fixed input each, checked for sense.

A library release can change what a model computes without raising anything: transformers
5.24 renamed the decoder's cache argument, the embedded summarizer then wrote word salad, and
its guard quietly replaced every rewrite with the planned sentence. So every shipped model
(``embedded:...``, and the MiniLM base they build on) is run once on a fixed input when it is loaded, and output that makes no sense stops the run
with :class:`SelfCheckError`, whose message names the model, the library versions and the
versions this release was tested with. There is no fallback: a run either uses the model as
it was tested, or stops.

The checks look for breakage, not for quality: the fusion model must copy the input's words
without doubling any; the NLI model must rank an entailed hypothesis above a contradicted one;
the sentence embedder must find a paraphrase closer than an unrelated sentence.

>>> degenerate("the the city the the engineers", "City engineers close the bridge.")
"doubled words ('the the')"
>>> degenerate("the bridge will close on monday.", "The bridge will close on Monday for repairs.") is None
True
"""

from __future__ import annotations

import re
from importlib import metadata

PREMISE = ("The Harbor Bridge in Port Alden will close to all traffic on Monday for six weeks of repairs, "
           "city officials said.")
ENTAILED = "The Harbor Bridge will close on Monday for six weeks."
CONTRADICTED = "The Harbor Bridge will stay open to traffic on Monday."
PARAPHRASE = "City officials said the bridge in Port Alden shuts for six weeks from Monday."
UNRELATED = "Wheat prices rose sharply in Chicago after a dry summer."
FUSION_INPUT = ("City engineers will close the Harbor Bridge from Monday after finding corroded cables. " + PREMISE)

LIBRARIES = ("transformers", "torch", "tokenizers")
_WORD = re.compile(r"[a-z0-9]+")


class SelfCheckError(RuntimeError):
    """An embedded model gave a nonsensical answer to its fixed start-up input."""


def degenerate(output: str, source: str, min_words: int = 4, min_copied: float = 0.7) -> str | None:
    """Why ``output`` (a rewrite of ``source``) is degenerate, or None: too short, doubled
    words, or too few of its words taken from ``source``."""
    words = _WORD.findall(output.lower())
    if len(words) < min_words:
        return f"{len(words)} words"
    doubled = [a for a, b in zip(words, words[1:]) if a == b]
    if doubled:
        return f"doubled words ('{doubled[0]} {doubled[0]}')"
    known = set(_WORD.findall(source.lower()))
    copied = sum(w in known for w in words) / len(words)
    if copied < min_copied:
        return f"only {copied:.0%} of its words are in the input"
    return None


def versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:  # pragma: no cover - all three are dependencies
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def requirement_pins() -> str:
    """This release's requirement strings for the libraries that compute the models' outputs."""
    try:
        required = metadata.requires("summarize") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return ""
    keep = [r.split(";")[0].strip() for r in required if re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0] in LIBRARIES]
    return " ".join(f'"{r}"' for r in keep)


TRAINED_MARKER = "summarize_training.json"  # written by summarize train-summarizer / train-checker


def trained_here(reference: str) -> bool:
    """Whether ``reference`` is a local folder that ``summarize train-*`` wrote (an ``embedded/``
    delta or a full model folder): such a model runs the self-check when it is loaded."""
    from pathlib import Path

    if reference.startswith("embedded:"):
        return False
    folder = Path(reference).expanduser()
    return (folder / TRAINED_MARKER).is_file() or (folder / "embedded.json").is_file()


def wants_check(reference: str) -> bool:
    """Shipped models (``embedded:...``) and models trained with ``summarize train-*``."""
    return reference.startswith("embedded:") or trained_here(reference)


def fail(model: str, what: str, quantized: str | None = None) -> SelfCheckError:
    """The error to raise; ``quantized`` names the setting that int8-quantized the model, if one did
    (then the quantization, not the library versions, is what to undo). A model trained here
    failing is the training's result, not the libraries': the message says so."""
    if trained_here(model) and not quantized:
        return SelfCheckError(f"{model} failed its start-up self-check: {what}. This trained model is not yet "
                              "usable (degenerate output): train it longer, with more data, or start from a "
                              "shipped model (model_name_or_path: embedded:...)")
    if quantized:
        return SelfCheckError(f"{model} failed its start-up self-check with {quantized}=true: {what}. Dynamic int8 "
                              f"quantization degrades this model; set {quantized}=false")
    pins = requirement_pins()
    hint = f"; install the tested versions with: pip install {pins}" if pins else ""
    return SelfCheckError(f"{model} failed its start-up self-check with {versions()}: {what}. "
                          f"This release of summarize is tested with {pins or 'the versions in its pyproject.toml'}{hint}")


def check_fusion(model: str, generate, quantized: str | None = None) -> None:
    """``generate``: a batch of source texts -> rewrites (``Summarizer.generate``)."""
    (output,) = generate([FUSION_INPUT])
    reason = degenerate(output, FUSION_INPUT)
    if reason:
        raise fail(model, f"on a fixed input it wrote {output[:120]!r} ({reason})", quantized)


def check_nli(model: str, predict, quantized: str | None = None) -> None:
    """``predict``: (premise, hypothesis) pairs -> rows of (P(entailment), P(contradiction))."""
    scores = predict([(PREMISE, ENTAILED), (PREMISE, CONTRADICTED)])
    entailed, contradicted = float(scores[0][0]), float(scores[1][0])
    if not entailed >= 0.5 > contradicted:
        raise fail(model, f"P(entailment) is {entailed:.2f} for a hypothesis the premise entails and "
                          f"{contradicted:.2f} for one it contradicts", quantized)


def check_embedder(model: str, encode) -> None:
    """``encode``: sentences -> L2-normalised embeddings."""
    vectors = encode([PREMISE, PARAPHRASE, UNRELATED])
    close, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    if not close > far + 0.2:
        raise fail(model, f"a paraphrase scores cosine {close:.2f} and an unrelated sentence {far:.2f}")
