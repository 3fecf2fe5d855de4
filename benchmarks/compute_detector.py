"""`rlm-bot bench compute_detector`: train the analysis stage's learned computation detector.

Fits a logistic model over hashed word and character n-grams (rlm_bot.pipeline.analyze.learned) on the
project's labelled messages: the chat set, the unseen sets (testing/data/chat_compute_*.jsonl), BIG-Bench
Hard's dev split (labelled by task, benchmarks/data/compute) and the "tune" half (by a hash of the question)
of the non-STEM MMLU questions, all negatives. Before writing it
measures what the model adds on rows it has not seen: a model fitted without the `--held-out` unseen sets
and without MMLU's other half is run inside the real analyze() on them, and the report puts side by side
the rules alone, the model alone, and the two together (the model is asked only where no rule fired and
nothing vetoed), with the MMLU questions it newly flags. Then it fits on every row (MMLU's held-out half
still left out, so `rlm-bot bench compute` keeps an honest MMLU half) and writes the model.

    rlm-bot bench compute_detector [--held-out s,t,u] [--threshold 0.8] [--c 10] [--out PATH] [--json]

The shipped model (rlm_bot/pipeline/analyze/models/compute_detector.npz) is written by
`make compute-detector`, i.e. this command with its defaults and `--out` there.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks._paths import parse_args
from benchmarks.compute import BBH_CSV, LABELS_CSV, bbh_split, mmlu_half, mmlu_non_stem
from rlm_bot.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "testing" / "data"
CHAT = DATA / "chat_compute_queries.jsonl"
UNSEEN = "chat_compute_unseen_*.jsonl"
SWEEP = (0.7, 0.8, 0.85, 0.9, 0.95)  # thresholds measured beside the chosen one


def main(argv: list[str], settings) -> int:
    parser = argparse.ArgumentParser(prog="rlm-bot bench compute_detector", description=__doc__.split("\n")[0])
    parser.add_argument("--held-out", default="",
                        help="comma-separated unseen-set letters measured held out (default: the last three)")
    parser.add_argument("--threshold", type=float, default=0.8, help="P(computation) at which the model claims one")
    parser.add_argument("--c", type=float, default=10.0, help="inverse L2 strength of the logistic fit")
    parser.add_argument("--out", help="where to write the model (default: DATA_DIR/compute_detector.npz)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parse_args(parser, argv)
    if args.c <= 0 or not 0.0 < args.threshold < 1.0:
        raise UsageError("--c must be positive and --threshold between 0 and 1")
    started = time.perf_counter()
    rows = _labelled_rows()
    letters = sorted({r["source"] for r in rows if r["source"] != "chat"})
    rows += _bbh_dev_rows()
    held = [x.strip() for x in args.held_out.split(",") if x.strip()] or letters[-3:]
    unknown = sorted(set(held) - set(letters))
    if unknown:
        raise UsageError(f"no unseen set {', '.join(unknown)}; there are {', '.join(letters)}")
    mmlu = [q for _, q in mmlu_non_stem()]
    tune = [q for q in mmlu if mmlu_half(q) == "tune"]
    holdout = [q for q in mmlu if mmlu_half(q) == "holdout"]

    fit_rows = [r for r in rows if r["source"] not in held]
    candidate = _fit(fit_rows, tune, args)
    report = {"held_out_sets": held, "threshold": args.threshold, "c": args.c,
              "held_out": _measure(candidate, [r for r in rows if r["source"] in held], holdout)}
    final = _fit(rows, tune, args)
    final = replace(final, held_out=report["held_out"])

    from rlm_bot.pipeline.analyze import save_detector

    out = save_detector(Path(args.out) if args.out else Path(settings.data_dir) / "compute_detector.npz", final)
    report.update({"out": str(out), "trained_on": list(final.trained_on),
                   "seconds": round(time.perf_counter() - started, 1)})
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        _print(report)
    return 0


def _labelled_rows() -> list[dict]:
    rows = []
    for path in [CHAT, *sorted(Path(p) for p in glob.glob(str(DATA / UNSEEN)))]:
        source = "chat" if path == CHAT else path.stem.rsplit("_", 1)[-1]
        for line in path.open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                rows.append({"source": source, "text": r["text"], "y": bool(r["computable"])})
    return rows


def _bbh_dev_rows() -> list[dict]:
    """BIG-Bench Hard's dev split (the bench's held-out split is never trained on), labelled by task."""
    csv.field_size_limit(1 << 30)
    with LABELS_CSV.open(encoding="utf-8") as handle:
        labels = {r["bbh_task"]: r["label"] == "yes" for r in csv.DictReader(handle)}
    with BBH_CSV.open(encoding="utf-8") as handle:
        return [{"source": "bbh-dev", "text": r["input"], "y": labels[r["bbh_task"]]}
                for r in csv.DictReader(handle) if bbh_split(r["example_id"]) == "dev"]


def _matrix(texts: list[str]):
    from scipy.sparse import csr_matrix

    from rlm_bot.pipeline.analyze import DETECTOR_DIM, detector_features

    indptr, index, value = [0], [], []
    for text in texts:
        feats = detector_features(text)
        index.extend(feats.keys())
        value.extend(feats.values())
        indptr.append(len(index))
    return csr_matrix((value, index, indptr), shape=(len(texts), DETECTOR_DIM))


def _fit(rows: list[dict], negatives: list[str], args):
    from sklearn.linear_model import LogisticRegression

    from rlm_bot.pipeline.analyze import LearnedDetector

    texts = [r["text"] for r in rows] + negatives
    y = np.array([r["y"] for r in rows] + [False] * len(negatives))
    model = LogisticRegression(C=args.c, max_iter=5000, class_weight="balanced").fit(_matrix(texts), y)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["source"]] = counts.get(r["source"], 0) + 1
    trained_on = [f"{s}:{n}" for s, n in sorted(counts.items())] + [f"mmlu-non-stem-tune:{len(negatives)}"]
    return LearnedDetector(weights=model.coef_[0].astype(np.float32), bias=float(model.intercept_[0]),
                           threshold=args.threshold, trained_on=tuple(trained_on))


def _measure(candidate, rows: list[dict], mmlu_holdout: list[str]) -> dict:
    """Rules, model and both on held-out rows, through the real analyze() (the model is consulted only
    where no rule fired and nothing vetoed), at the candidate's threshold and its neighbours; MMLU: the
    held-out questions the model newly flags."""
    from rlm_bot.pipeline.analyze import LEARNED_REASON, analyze
    from rlm_bot.types import Task

    asks_always = replace(candidate, threshold=0.0)  # claims every row it is consulted on: marks them
    thresholds = sorted({candidate.threshold, *SWEEP})
    counts = {k: [0, 0, 0] for k in ("rules", "model", *(f"both@{t}" for t in thresholds))}  # tp, fp, fn
    for r in rows:
        f = analyze(Task(text=r["text"], source="bench"), detector=asks_always)
        consulted = f.computation and f.reasons[0].startswith(LEARNED_REASON)
        rules = f.computation and not consulted
        p = candidate.probability(r["text"])
        _tally(counts["rules"], rules, r["y"])
        _tally(counts["model"], p >= candidate.threshold, r["y"])
        for t in thresholds:
            _tally(counts[f"both@{t}"], rules or (consulted and p >= t), r["y"])
    sure = [q for q in mmlu_holdout if candidate.probability(q) >= min(thresholds)]
    newly = {t: 0 for t in thresholds}
    for q in sure:
        if analyze(Task(text=q, source="bench"), detector=asks_always).reasons[0].startswith(LEARNED_REASON):
            p = candidate.probability(q)
            for t in thresholds:
                newly[t] += p >= t
    out = {k: _pr(*v) for k, v in counts.items()}
    out["both"] = out[f"both@{candidate.threshold}"]
    out["rows"] = len(rows)
    out["mmlu_holdout"] = {"n": len(mmlu_holdout), "newly_flagged": newly[candidate.threshold],
                           "newly_flagged_rate": round(newly[candidate.threshold] / max(len(mmlu_holdout), 1), 4),
                           "by_threshold": {str(t): newly[t] for t in thresholds}}
    return out


def _tally(c: list[int], said: bool, truth: bool) -> None:
    c[0] += said and truth
    c[1] += said and not truth
    c[2] += truth and not said


def _pr(tp: int, fp: int, fn: int) -> dict:
    return {"precision": round(tp / max(tp + fp, 1), 4), "recall": round(tp / max(tp + fn, 1), 4),
            "tp": tp, "fp": fp, "fn": fn}


def _print(report: dict) -> None:
    held = report["held_out"]
    print(f"held-out unseen sets {','.join(report['held_out_sets'])} ({held['rows']} rows), "
          f"threshold {report['threshold']}, C {report['c']}")
    mm = held["mmlu_holdout"]
    for k, v in held.items():
        if k in ("rules", "model") or k.startswith("both@"):
            extra = f", MMLU held-out newly flagged {mm['by_threshold'][k[5:]]}" if k.startswith("both@") else ""
            print(f"  {k:9s} precision {v['precision']:.3f}  recall {v['recall']:.3f}  (fp {v['fp']}, fn {v['fn']}{extra})")
    print(f"  MMLU non-STEM held-out half at the chosen threshold: {mm['newly_flagged']} of {mm['n']} newly flagged "
          f"({100 * mm['newly_flagged_rate']:.2f}%)")
    print(f"wrote {report['out']} (trained on {', '.join(report['trained_on'])}) in {report['seconds']} s")
