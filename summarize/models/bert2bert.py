"""A shared BERT2BERT encoder-decoder warm-started from the MiniLM base (Rothe et al., 2020).

Encoder and decoder start from the same checkpoint and share every weight they both have
(embeddings, self-attention, feed-forward); the decoder's self-attention is causal and only
its cross-attention and LM-head transform are its own. ``transformers``' own
``tie_encoder_decoder`` flag ties nothing in v5, so :func:`share_weights` ties parameters one
by one (the modules keep their own causal flags) and declares the ties (``all_tied_weights_keys``,
``_tied_weights_keys``), so ``save_pretrained`` and ``tie_weights`` know them. The output projection is the word-embedding
matrix, which stays frozen, so an embedded delta leaves it out.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
from transformers import EncoderDecoderModel
from transformers.models.encoder_decoder.modeling_encoder_decoder import shift_tokens_right

SHARED = "bert2bert"


class PointerBert2Bert(EncoderDecoderModel):
    """A BERT2BERT with a copy head (pointer-generator, See et al. 2017).

    At each step the next-token distribution mixes the decoder's vocabulary softmax with a
    copy distribution: attention over the source tokens (a query projection of the decoder
    state against the encoder states), scattered onto their token ids; a gate computed from
    the decoder state and the attended source picks the mix. Copying names, numbers and
    phrases is then one attention away instead of having to be learnt through the vocabulary
    softmax, which a sentence-embedding base (no language-model head) learns slowly.
    ``logits`` are log-probabilities, so ``generate`` and its logits processors work unchanged;
    pass ``source_ids`` (the encoder's input ids) to ``generate``.
    """

    needs_source_ids = True

    def __init__(self, config=None, encoder=None, decoder=None):
        super().__init__(config=config, encoder=encoder, decoder=decoder)
        size = self.config.decoder.hidden_size
        self.copy_query = torch.nn.Linear(size, size)
        self.copy_gate = torch.nn.Linear(2 * size, 1)

    def forward(self, input_ids=None, attention_mask=None, decoder_input_ids=None, encoder_outputs=None,
                labels=None, source_ids=None, **kwargs):
        """The parent's forward, with its vocabulary logits mixed with the copy distribution.

        Everything else (the decoder cache above all, whose keyword and class transformers
        renames between minor releases) passes through ``**kwargs`` to
        :meth:`EncoderDecoderModel.forward` untouched and comes back on its output, so this
        class names no cache argument and reads no cache attribute.
        """
        source = source_ids if source_ids is not None else input_ids
        if attention_mask is None:
            attention_mask = torch.ones_like(source)
        if labels is not None and decoder_input_ids is None:
            decoder_input_ids = shift_tokens_right(labels, self.config.pad_token_id, self.config.decoder_start_token_id)
        output = super().forward(input_ids=input_ids, attention_mask=attention_mask, decoder_input_ids=decoder_input_ids,
                                 encoder_outputs=encoder_outputs, decoder_output_hidden_states=True, **kwargs)
        states = output.encoder_last_hidden_state
        hidden = output.decoder_hidden_states[-1]
        vocab = torch.softmax(output.logits.float(), dim=-1)
        scores = self.copy_query(hidden) @ states.transpose(1, 2) / math.sqrt(hidden.size(-1))
        special = (source == self.config.decoder_start_token_id) | (source == self.config.eos_token_id)
        copyable = attention_mask.bool() & ~special
        scores = scores.float().masked_fill(~copyable[:, None, :], torch.finfo(torch.float32).min)
        attention = torch.softmax(scores, dim=-1)
        context = attention.to(states.dtype) @ states
        gate = torch.sigmoid(self.copy_gate(torch.cat([hidden, context], dim=-1)).float())
        index = source[:, None, :].expand(-1, hidden.size(1), -1)
        probs = (gate * vocab).scatter_add(2, index, (1 - gate) * attention)
        logits = probs.clamp_min(1e-9).log()
        output["logits"] = logits  # item assignment: a field that was None (loss) becomes a key too
        if labels is not None:
            output["loss"] = torch.nn.functional.nll_loss(logits.reshape(-1, logits.size(-1)), labels.reshape(-1),
                                                          ignore_index=-100)
        return output


def share_weights(model) -> int:
    """Tie the decoder's BERT weights to the encoder's wherever both have one; returns how many."""
    encoder = dict(model.encoder.named_parameters())
    ties = getattr(model, "all_tied_weights_keys", None)
    if ties is None:
        ties = model.all_tied_weights_keys = {}
    tied = 0
    for name, _ in list(model.decoder.bert.named_parameters()):
        if name in encoder and ".crossattention." not in name:
            module_name, _, attr = name.rpartition(".")
            setattr(model.decoder.bert.get_submodule(module_name), attr, encoder[name])
            ties[f"decoder.bert.{name}"] = f"encoder.{name}"
            tied += 1
    # the LM head projects onto the (shared) word embeddings
    model.decoder.cls.predictions.decoder.weight = model.encoder.embeddings.word_embeddings.weight
    ties["decoder.cls.predictions.decoder.weight"] = "encoder.embeddings.word_embeddings.weight"
    # save_pretrained reads the per-module ``_tied_weights_keys``; give this instance its own
    model._tied_weights_keys = {**(getattr(type(model), "_tied_weights_keys", None) or {}), **ties}
    return tied


def init_cross_attention(model) -> None:
    """Start each decoder layer's cross-attention as a copy of that layer's self-attention.

    Encoder and decoder share their weights, so the self-attention's queries and keys already
    live in the space of the encoder's states: at step 0 a summary token attends to the same
    word in the source, and the model starts out able to copy instead of learning to attend
    from random weights (on 2 CPU cores that is the difference between hours and minutes).
    """
    with torch.no_grad():
        for layer in model.decoder.bert.encoder.layer:
            source = layer.attention.state_dict()
            layer.crossattention.load_state_dict({k: v.clone() for k, v in source.items()})


def set_special_tokens(model, tokenizer) -> None:
    for config in (model.config, model.generation_config):
        config.decoder_start_token_id = tokenizer.cls_token_id
        config.bos_token_id = tokenizer.cls_token_id
        config.eos_token_id = tokenizer.sep_token_id
        config.pad_token_id = tokenizer.pad_token_id
    model.config.vocab_size = model.config.decoder.vocab_size


def from_base(base: str | Path | None = None, freeze_word_embeddings: bool = True, cross_from_self: bool = True,
              pointer: bool = False):
    """A shared BERT2BERT over ``base`` (default: the verified MiniLM) and its tokenizer;
    with ``pointer``, a :class:`PointerBert2Bert`."""
    from transformers import AutoTokenizer
    from transformers.utils import logging

    from .base_model import minilm_path

    base = str(base or minilm_path())
    verbosity = logging.get_verbosity()
    logging.set_verbosity_error()  # the cross-attention and LM-head transform are new: that is expected
    try:
        model = (PointerBert2Bert if pointer else EncoderDecoderModel).from_encoder_decoder_pretrained(base, base)
    finally:
        logging.set_verbosity(verbosity)
    tokenizer = AutoTokenizer.from_pretrained(base)
    share_weights(model)
    if cross_from_self:
        init_cross_attention(model)
    set_special_tokens(model, tokenizer)
    if freeze_word_embeddings:
        model.get_encoder().get_input_embeddings().weight.requires_grad_(False)
    return model, tokenizer


def n_parameters(model: torch.nn.Module) -> int:
    """Distinct parameters (tied ones counted once)."""
    return sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
