import functools
import json

import pytest
import torch
import yaml

from summarize.cli import main
from summarize.models import selfcheck
from summarize.models.selfcheck import SelfCheckError
from summarize.summarizer import Summarizer

from ..conftest import EXAMPLES

ROWS = [{"documents": ["The bridge closes on Monday for six weeks.", "Ferries will run every 20 minutes."],
         "summary": "The bridge closes on Monday; ferries run every 20 minutes."},
        {"documents": ["The festival drew 45,000 people on Saturday."], "summary": "A record 45,000 attended."}] * 4


def recipe(tmp_path, model, data: dict, **training):
    config = {"model": {"model_name_or_path": str(model), "max_input_tokens": 64, "max_target_tokens": 16},
              "data": data,
              "training": {"output_dir": str(tmp_path / "run"), "max_steps": 2, "per_device_train_batch_size": 4,
                           "report_to": "none", "use_cpu": True, "save_strategy": "steps", "save_steps": 1,
                           "eval_strategy": "steps", "eval_steps": 2, "predict_with_generate": True,
                           "generation_max_length": 12, "logging_steps": 1, **training}}
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture
def plumbing(monkeypatch):
    """Tiny random models fail the start-up self-check (as they should): tests of the plumbing load them anyway."""
    monkeypatch.setattr(selfcheck, "wants_check", lambda reference: reference.startswith("embedded:"))


def test_train_on_multinews_shaped_jsonl_with_rouge_and_resume(tiny, tmp_path, capsys):
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS))
    path = recipe(tmp_path, tiny("bart"), {"train_file": str(data), "validation_file": str(data)})
    assert main(["train", str(path)]) == 0  # the short name still works
    out = tmp_path / "run"
    metrics = json.loads((out / "eval_results.json").read_text())
    assert {"eval_rouge1", "eval_rouge2", "eval_rougeL", "eval_rougeLsum", "eval_flagged_share"} <= set(metrics)
    log = [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]
    evals = [row for row in log if "eval_rouge2" in row]
    assert evals and all("eval_flagged_share" in row and 0 <= row["eval_flagged_share"] <= 1 for row in evals)
    # a random tiny model writes nonsense: loading it stops with the self-check, it does not write "the the the"
    assert "self-check failed" in capsys.readouterr().err
    with pytest.raises(SelfCheckError, match="not yet usable"):
        Summarizer(str(out), max_input_tokens=64, max_new_tokens=8, num_beams=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(selfcheck, "wants_check", lambda reference: False)
        _loads_and_resumes(out, path)


def _loads_and_resumes(out, path):
    assert Summarizer(str(out), max_input_tokens=64, max_new_tokens=8, num_beams=1).summarize(
        [next(iter(__import__("summarize.reading.reader", fromlist=["x"]).iter_clusters(EXAMPLES / "harbor-bridge")))])[0]
    assert main(["train-summarizer", str(path), "--set", "training.max_steps=3"]) == 0
    assert json.loads((out / "checkpoint-3" / "trainer_state.json").read_text())["global_step"] == 3


def test_train_on_a_folder_of_clusters_with_summaries(tiny, tmp_path):
    import shutil

    root = tmp_path / "clusters"
    shutil.copytree(EXAMPLES, root)
    for cluster in root.iterdir():
        (cluster / "summary.txt").write_text(f"A short summary of {cluster.name}.")
    path = recipe(tmp_path, tiny("t5"), {"train_dir": str(root)}, eval_strategy="no", predict_with_generate=False)
    assert main(["train-summarizer", str(path)]) == 0
    assert (tmp_path / "run" / "model.safetensors").is_file()


def test_missing_data_is_a_config_error(tiny, tmp_path, capsys):
    path = recipe(tmp_path, tiny("bart"), {})
    assert main(["train-summarizer", str(path)]) == 2
    assert "train_file" in capsys.readouterr().err


def test_led_training_gets_global_attention_on_doc_separators(tiny, tmp_path, monkeypatch):
    from transformers import LEDForConditionalGeneration

    seen = []
    original = LEDForConditionalGeneration.forward

    @functools.wraps(original)  # the Trainer reads forward's signature
    def spy(self, *args, **kwargs):
        if kwargs.get("labels") is not None:
            seen.append((kwargs["input_ids"], kwargs.get("global_attention_mask")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LEDForConditionalGeneration, "forward", spy)
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS))
    path = recipe(tmp_path, tiny("led"), {"train_file": str(data)}, max_steps=1, eval_strategy="no",
                  save_strategy="no", predict_with_generate=False)
    assert main(["train-summarizer", str(path)]) == 0
    ids, glob = seen[0]
    docsep = __import__("transformers").AutoTokenizer.from_pretrained(tiny("led")).convert_tokens_to_ids("<doc-sep>")
    assert glob is not None and bool((glob[:, 0] == 1).all())
    assert bool((glob[ids == docsep] == 1).all()) and int((ids == docsep).sum()) >= 1


FUSION_ROWS = [{"text": "The bridge closes on Monday for six weeks while crews replace the deck.",
                "summary": "The bridge closes Monday for six weeks."},
               {"text": "The festival drew 45,000 people on Saturday. Organisers said it was a record.",
                "summary": "A record 45,000 people came to the festival."}] * 4


def test_minilm_bert2bert_recipe_writes_a_small_fusion_delta_that_the_summarizer_loads(tmp_path, plumbing, capsys):
    from summarize.reading.reader import iter_clusters

    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in FUSION_ROWS))
    path = recipe(tmp_path, "minilm-bert2bert", {"train_file": str(data), "validation_file": str(data),
                                                 "text_column": "text"},
                  predict_with_generate=False, save_strategy="no", eval_strategy="no")
    assert main(["train-summarizer", str(path), "--set", "model.copy_head=true"]) == 0
    embedded = tmp_path / "run" / "embedded"
    assert f"summarizer written to {embedded} " in capsys.readouterr().err  # the path that loads
    assert Summarizer(str(tmp_path / "run"), num_beams=1).backend == "fusion"  # the output folder points to it
    meta = json.loads((embedded / "embedded.json").read_text())
    assert meta["backend"] == "fusion" and meta["shared"] == "bert2bert" and meta["pointer"]
    assert (embedded / "delta.safetensors").stat().st_size < 40e6  # the shared weights are stored once
    summarizer = Summarizer(str(embedded), num_beams=1, max_words=40)
    assert summarizer.backend == "fusion"
    cluster = next(c for c in iter_clusters(EXAMPLES / "harbor-bridge"))
    (summary,) = summarizer.summarize([cluster])
    assert summary and len(summary.split()) <= 40


def test_lora_section_trains_an_adapter_and_saves_a_merged_model_that_loads(tiny, tmp_path, plumbing):
    pytest.importorskip("peft")
    from transformers import AutoModelForSeq2SeqLM

    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS))
    path = recipe(tmp_path, tiny("bart"), {"train_file": str(data), "validation_file": str(data)},
                  learning_rate=0.05, eval_strategy="no", predict_with_generate=False)
    config = yaml.safe_load(path.read_text())
    config["lora"] = {"r": 4, "alpha": 8, "dropout": 0.0}
    path.write_text(yaml.safe_dump(config))
    assert main(["train-summarizer", str(path)]) == 0
    out = tmp_path / "run"
    assert (out / "adapter" / "adapter_config.json").is_file() and not (out / "adapter_config.json").exists()
    base = AutoModelForSeq2SeqLM.from_pretrained(tiny("bart")).state_dict()
    merged = AutoModelForSeq2SeqLM.from_pretrained(out).state_dict()
    changed = {k for k in base if not torch.equal(base[k], merged[k])}
    assert changed and all("q_proj" in k or "v_proj" in k for k in changed)  # only the adapted projections moved
    assert Summarizer(str(out), max_input_tokens=64, max_new_tokens=8, num_beams=1).backend == "seq2seq"


def test_lora_section_keys_are_checked(tiny, tmp_path, capsys):
    path = recipe(tmp_path, tiny("bart"), {"train_file": "x.jsonl"})
    assert main(["train-summarizer", str(path), "--set", "lora.alfa=8"]) == 2
    assert "unknown key lora.alfa (did you mean lora.alpha?)" in capsys.readouterr().err
    assert main(["train-summarizer", str(path), "--set", "lora.rank=8"]) == 2
    assert "unknown key lora.rank (known keys: alpha, dropout, merge, r, target_modules)" in capsys.readouterr().err
