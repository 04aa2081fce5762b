"""ROUGE as a local ``evaluate`` metric module, so ``evaluate.load`` works offline.

The scores are Google's ``rouge_score`` F1, as in the hub's ``rouge`` module, averaged over the
examples (the hub module's bootstrap aggregate is not used), with stemming on by default. ``rougeLsum``
expects sentences separated by newlines; pass ``split_sentences=True`` to split them with the
package's splitter first.
"""

import datasets
import evaluate
from rouge_score import rouge_scorer

_DESCRIPTION = "ROUGE-N / ROUGE-L / ROUGE-Lsum F1 (rouge_score), averaged over examples."

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of generated summaries.
    references: list of reference summaries.
    rouge_types: default ["rouge1", "rouge2", "rougeL", "rougeLsum"].
    use_stemmer: Porter stemming (default True).
    split_sentences: put each sentence on its own line first (for rougeLsum; default False).
    use_aggregator: average over examples (default True); False gives one score per example.
Returns:
    dict of rouge type -> mean F1 in [0, 1], or the list of per-example F1 without the aggregator.
Examples:
    >>> import evaluate
    >>> rouge = evaluate.load("summarize/evaluation/rouge")
    >>> result = rouge.compute(predictions=["the cat sat on the mat"], references=["the cat sat on a mat"])
    >>> round(result["rouge1"], 3)
    0.833
    >>> rouge.compute(predictions=["a b", "c"], references=["a b", "d"], rouge_types=["rouge1"], use_aggregator=False)
    {'rouge1': [1.0, 0.0]}
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class Rouge(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="Lin, 2004. ROUGE: A Package for Automatic Evaluation of Summaries.",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": datasets.Value("string"), "references": datasets.Value("string")}),
            reference_urls=["https://github.com/google-research/google-research/tree/master/rouge"],
        )

    def _compute(self, predictions, references, rouge_types=None, use_stemmer=True, split_sentences=False,
                 use_aggregator=True):
        rouge_types = rouge_types or ["rouge1", "rouge2", "rougeL", "rougeLsum"]
        if split_sentences:
            from summarize.reading.sentences import split_sentences as split

            predictions = ["\n".join(split(p)) for p in predictions]
            references = ["\n".join(split(r)) for r in references]
        scorer = rouge_scorer.RougeScorer(rouge_types=rouge_types, use_stemmer=use_stemmer)
        per_example = {t: [] for t in rouge_types}
        for prediction, reference in zip(predictions, references):
            scores = scorer.score(reference, prediction)
            for t in rouge_types:
                per_example[t].append(scores[t].fmeasure)
        if not use_aggregator:
            return per_example
        return {t: sum(v) / max(1, len(v)) for t, v in per_example.items()}
