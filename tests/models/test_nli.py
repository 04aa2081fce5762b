import numpy as np
import pytest

from summarize.models.nli import LabelError, NLIModel, label_indices


def test_label_orders_differ_between_checkpoints():
    assert label_indices({0: "contradiction", 1: "neutral", 2: "entailment"}) == (2, 0)
    assert label_indices({0: "entailment", 1: "neutral", 2: "contradiction"}) == (0, 2)
    assert label_indices({"0": "ENTAILMENT", "1": "NOT_ENTAILMENT"}) == (0, None)


def test_unlabelled_checkpoints_need_an_override():
    with pytest.raises(LabelError, match="checker.entailment_index"):
        label_indices({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    assert label_indices({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, 1, 2) == (1, 2)
    with pytest.raises(LabelError, match="not an output"):
        label_indices({0: "LABEL_0", 1: "LABEL_1"}, 5)


@pytest.mark.parametrize("kind, contradiction", [("nli", True), ("nli-2way", False)])
def test_predict_returns_probabilities_in_input_order(tiny, kind, contradiction):
    model = NLIModel(str(tiny(kind)), cache=0)  # every call runs the model
    pairs = [("A long premise " * 20, "short"), ("p", "h"), ("The cat sat.", "A cat sat on a mat today.")]
    batched = model.predict(pairs, batch_size=2)
    single = np.stack([model.predict([p], batch_size=1)[0] for p in pairs])
    assert batched.shape == (3, 2) and np.allclose(batched, single, atol=1e-5)
    assert ((batched >= 0) & (batched <= 1)).all()
    assert (batched[:, 1] > 0).all() == contradiction


def test_unlabelled_checkpoint_fails_clearly(tiny):
    with pytest.raises(LabelError, match="entailment_index"):
        NLIModel(str(tiny("nli-unlabelled")))
    assert NLIModel(str(tiny("nli-unlabelled")), entailment_index=0, contradiction_index=2).entailment == 0


def test_pairs_scored_before_are_not_run_again(tiny):
    model = NLIModel(str(tiny("nli")), cache=2)
    first = model.predict([("p one", "h"), ("p two", "h")])
    calls = []
    model.model.register_forward_hook(lambda module, args, output: calls.append(len(args) or 1))
    again = model.predict([("p two", "h"), ("p one", "h")])
    assert calls == [] and np.array_equal(again, first[::-1])
    model.predict([("p three", "h")])  # over the cache's size: the oldest pair is forgotten
    assert calls and ("p one", "h") not in model._scored and ("p three", "h") in model._scored
    calls.clear()
    mixed = model.predict([("p one", "h"), ("p three", "h")])
    assert len(calls) == 1 and np.allclose(mixed[0], first[0], atol=1e-5)
