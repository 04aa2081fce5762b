"""``NLIModel``: any ``AutoModelForSequenceClassification`` NLI checkpoint, 3-way or 2-way.

The entailment and contradiction rows are read from ``config.id2label`` (checkpoints order
them differently: roberta-large-mnli is contradiction, neutral, entailment; many DeBERTa
ones start with entailment), unless the config overrides them.

>>> label_indices({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})
(2, 0)
>>> label_indices({0: "entailment", 1: "not_entailment"})
(0, None)
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import torch
from tqdm.auto import tqdm

from .devices import pick_device, quantize_int8


class LabelError(ValueError):
    """The checkpoint's labels do not say which row is entailment."""


def label_indices(id2label: dict, entailment: int | None = None, contradiction: int | None = None,
                  model: str = "the model") -> tuple[int, int | None]:
    names = {int(i): str(label).lower() for i, label in id2label.items()}
    if entailment is None:
        found = [i for i, name in names.items() if name.startswith("entail") or name in ("supported", "consistent", "true")]
        if not found:
            raise LabelError(
                f"cannot tell which output of {model} is entailment: config.id2label is {id2label}. "
                "Set checker.entailment_index (and checker.contradiction_index for 3-way models).")
        entailment = found[0]
    if contradiction is None:
        found = [i for i, name in names.items() if name.startswith("contradict") or name == "refuted"]
        contradiction = found[0] if found else None
    for name, index in (("entailment", entailment), ("contradiction", contradiction)):
        if index is not None and index not in names:
            raise LabelError(f"checker.{name}_index {index} is not an output of {model} (outputs: {sorted(names)})")
    return entailment, contradiction


def fit_prompt(tokenizer, template: str, premise: str, claim: str, max_length: int, wrap=lambda text: text) -> tuple[str, bool]:
    """``template`` filled with ``premise``, ``claim`` and ``{eos}`` (the tokenizer's end token), and
    whether the premise had to be cut: only the premise's end is ever cut, never the claim.

    ``wrap`` turns the filled template into the model's input (an instruct model's chat template)."""
    eos = tokenizer.eos_token or tokenizer.sep_token or ""
    text = wrap(template.format(document=premise, claim=claim, eos=eos))
    total = len(tokenizer(text)["input_ids"])
    if total <= max_length:
        return text, False
    ids = tokenizer(premise, add_special_tokens=False)["input_ids"]
    room = max(0, len(ids) - (total - max_length) - 4)  # 4: re-tokenising the cut text may add a few
    return wrap(template.format(document=tokenizer.decode(ids[:room]), claim=claim, eos=eos)), True


class NLIModel:
    """Scores (premise, hypothesis) pairs: P(entailment) and P(contradiction).

    The last ``cache`` pairs' scores are kept: in ``summarize run`` the summarizer checks each
    rewrite against the cluster before it emits it, and the run's check then asks for the same
    pairs again."""

    def __init__(self, model: str, entailment_index: int | None = None, contradiction_index: int | None = None,
                 max_length: int = 256, device: str = "auto", quantize: bool = False, cache: int = 4096,
                 trust_remote_code: bool = False, loaded=None, template: str | None = None):
        from transformers import AutoModelForSequenceClassification

        from .hub import load

        extra = {"trust_remote_code": True} if trust_remote_code else {}
        self.loaded = loaded or load(model, AutoModelForSequenceClassification, "checker.model", **extra)
        self.device = pick_device(device)
        net = self.loaded.model.to(self.device).eval()
        if quantize and self.device.type == "cpu":
            net = quantize_int8(net)
        self.model = net
        self.template = template  # one text per pair (MiniCheck: "{document}{eos}{claim}") instead of a sentence pair
        self.truncated = 0  # pairs longer than max_length (the premise's end cut): see checker.chunk_words
        self.cache = cache
        self._scored: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self.tokenizer = self.loaded.tokenizer
        self.max_length = min(max_length, getattr(self.tokenizer, "model_max_length", max_length) or max_length)
        self.entailment, self.contradiction = label_indices(
            self.loaded.model.config.id2label, entailment_index, contradiction_index, model)
        from . import selfcheck

        if selfcheck.wants_check(model):  # a shipped model (its self-check input is known to pass) or one trained here
            selfcheck.check_nli(model, self.predict, "checker.quantize_int8" if net is not self.loaded.model else None)

    @torch.inference_mode()
    def predict(self, pairs: list[tuple[str, str]], batch_size: int = 32,
                show_progress_bar: bool = False) -> np.ndarray:
        """Array of shape (n, 2): P(entailment), P(contradiction) (0 for 2-way models)."""
        out = np.zeros((len(pairs), 2), dtype=np.float32)
        todo = []
        for i, pair in enumerate(pairs):
            known = self._scored.get((pair[0], pair[1])) if self.cache else None
            if known is None:
                todo.append(i)
            else:
                out[i] = known
        order = sorted(todo, key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for start in tqdm(range(0, len(order), batch_size), disable=not show_progress_bar, desc="nli"):
            idx = order[start:start + batch_size]
            if self.template:
                fitted = [fit_prompt(self.tokenizer, self.template, *pairs[i], self.max_length) for i in idx]
                self.truncated += sum(cut for _, cut in fitted)
                batch = self.tokenizer([text for text, _ in fitted], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt")
            else:
                batch = self.tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx], padding=True,
                                       truncation="longest_first", max_length=self.max_length, return_tensors="pt")
                self.truncated += int((batch["attention_mask"].sum(dim=1) >= self.max_length).sum())
            batch = {k: v.to(self.device) for k, v in batch.items()}
            probs = torch.softmax(self.model(**batch).logits.float(), dim=-1).cpu().numpy()
            out[idx, 0] = probs[:, self.entailment]
            if self.contradiction is not None:
                out[idx, 1] = probs[:, self.contradiction]
        if self.cache:
            for i in todo:
                self._scored[(pairs[i][0], pairs[i][1])] = out[i].copy()
            while len(self._scored) > self.cache:
                self._scored.popitem(last=False)
        return out
