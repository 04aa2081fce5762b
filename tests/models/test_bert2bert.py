import torch

from summarize.models.bert2bert import from_base, n_parameters
from summarize.models.embedded import load_embedded, save_embedded


def test_shared_bert2bert_ties_encoder_and_decoder_but_not_cross_attention():
    model, _ = from_base()
    enc = model.encoder.encoder.layer[2]
    dec = model.decoder.bert.encoder.layer[2]
    assert dec.attention.self.query.weight is enc.attention.self.query.weight
    assert dec.output.dense.weight is enc.output.dense.weight
    assert model.decoder.cls.predictions.decoder.weight is model.encoder.embeddings.word_embeddings.weight
    # cross-attention is the decoder's own, started as a copy of the self-attention
    assert dec.crossattention.self.query.weight is not dec.attention.self.query.weight
    assert torch.equal(dec.crossattention.self.query.weight, dec.attention.self.query.weight)
    assert dec.attention.self.is_causal and not enc.attention.self.is_causal
    # one MiniLM (22.7M) plus six cross-attention blocks and the LM-head transform
    assert 25e6 < n_parameters(model) < 27e6
    assert not model.encoder.embeddings.word_embeddings.weight.requires_grad


def test_embedded_delta_round_trip_keeps_the_ties_and_the_outputs(tmp_path):
    from transformers import AutoModelForSeq2SeqLM

    model, tokenizer = from_base()
    with torch.no_grad():  # move the trainable weights away from the base, as training would
        for p in model.parameters():
            if p.requires_grad:
                p.add_(0.01 * torch.randn_like(p))
    model.eval()
    save_embedded(model, tmp_path, {"shared": "bert2bert", "backend": "fusion"})
    loaded = load_embedded(tmp_path, AutoModelForSeq2SeqLM)
    assert loaded.decoder.bert.encoder.layer[0].attention.self.key.weight is loaded.encoder.encoder.layer[0].attention.self.key.weight
    x = tokenizer(["the mayor of oslo resigned on monday ."], return_tensors="pt")
    y = tokenizer(["oslo mayor resigned ."], return_tensors="pt").input_ids
    with torch.no_grad():
        a = model(**x, labels=y).logits
        b = loaded(**x, labels=y).logits
    assert torch.allclose(a, b, atol=0.05)


def test_pointer_head_gives_a_distribution_that_can_copy_any_source_token(tmp_path):
    from transformers import AutoModelForSeq2SeqLM

    from summarize.models.bert2bert import PointerBert2Bert

    model, tokenizer = from_base(pointer=True)
    assert isinstance(model, PointerBert2Bert)
    model.eval()
    x = tokenizer(["zyzzyva flights resumed in oslo ."], return_tensors="pt")
    y = tokenizer(["zyzzyva flights resumed ."], return_tensors="pt").input_ids
    with torch.no_grad():
        out = model(**x, labels=y)
    probs = out.logits.exp()
    assert torch.allclose(probs.sum(-1), torch.ones(probs.shape[:2]), atol=1e-3)
    # every source word piece gets copy mass; the special tokens get none from the copy head
    gate_free = probs[0, 0, x["input_ids"][0, 1:-1]]
    assert (gate_free > 1e-6).all()
    with torch.no_grad():
        generated = model.generate(**x, source_ids=x["input_ids"], num_beams=2, max_new_tokens=5)
    assert generated.shape[0] == 1
    save_embedded(model, tmp_path, {"shared": "bert2bert", "pointer": True, "backend": "fusion"})
    loaded = load_embedded(tmp_path, AutoModelForSeq2SeqLM)
    assert isinstance(loaded, PointerBert2Bert)
    with torch.no_grad():
        again = loaded(**x, labels=y).logits
    assert torch.allclose(out.logits.exp(), again.exp(), atol=0.02)


def test_int8_delta_halves_the_file_and_keeps_the_outputs(tmp_path):
    from transformers import AutoModelForSeq2SeqLM

    model, tokenizer = from_base(pointer=True)
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.add_(0.01 * torch.randn_like(p))
    model.eval()
    save_embedded(model, tmp_path / "fp16", {"shared": "bert2bert", "pointer": True})
    save_embedded(model, tmp_path / "int8", {"shared": "bert2bert", "pointer": True}, quantize_delta=True)
    size = lambda name: (tmp_path / name / "delta.safetensors").stat().st_size  # noqa: E731
    assert size("int8") < 0.6 * size("fp16")
    loaded = load_embedded(tmp_path / "int8", AutoModelForSeq2SeqLM)
    x = tokenizer(["the mayor of oslo resigned on monday ."], return_tensors="pt")
    y = tokenizer(["oslo mayor resigned ."], return_tensors="pt").input_ids
    with torch.no_grad():
        assert torch.allclose(model(**x, labels=y).logits.exp(), loaded(**x, labels=y).logits.exp(), atol=0.02)
    for name, p in model.named_parameters():  # every weight comes back within its row's rounding step
        q = dict(loaded.named_parameters())[name]
        assert (p - q).abs().max() < 0.01 * 1.5 * 4 / 127 + 1e-3, name
