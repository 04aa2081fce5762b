"""Sentence embeddings from the verified MiniLM base (mean pooling, L2-normalised).

Used by the extractive planner (centrality) and by the checker's embedding retriever.
One model per process.
"""

from __future__ import annotations

import functools

import torch


class SentenceEmbedder:
    """all-MiniLM-L6-v2 as sentence-transformers runs it: mean pooling over tokens, then L2 norm."""

    def __init__(self, max_length: int = 128, device: str = "cpu"):
        from transformers import AutoTokenizer

        from .base_model import load_minilm, minilm_path

        self.tokenizer = AutoTokenizer.from_pretrained(minilm_path())
        self.model = load_minilm().to(device)
        self.max_length = max_length
        self.device = device
        from . import selfcheck
        from .base_model import MINILM_ID

        selfcheck.check_embedder(MINILM_ID, self.encode)

    @torch.inference_mode()
    def encode(self, sentences: list[str], batch_size: int = 64) -> torch.Tensor:
        if not sentences:
            return torch.zeros(0, self.model.config.hidden_size)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out = torch.empty(len(sentences), self.model.config.hidden_size)
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            batch = self.tokenizer([sentences[i] for i in idx], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="pt").to(self.device)
            hidden = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1).float().cpu()
        return out


@functools.lru_cache(maxsize=2)
def shared_embedder(device: str = "cpu") -> SentenceEmbedder:
    return SentenceEmbedder(device=device)
