"""`rlm-bot bench routing_prior --data CSV [--data CSV ...]`: train the router's offline prior.

Fits the prior (benchmarks/routing_eval/prior_fit.py; its file format is rlm_bot.pipeline.route.prior)
on strong/weak outcome tables in the schema of benchmarks/data/routing/ — a "prompt" prior from every table's prompts, a "cascade" prior from the
tables that also hold the weak model's worked answers — and writes it to `--out`. Before writing,
it measures what the prior is worth on rows it has not seen: fitted on the `tune` side of the
tables' hash split, scored (as a fixed router, score = P(strong succeeds) - P(weak succeeds)) on
the `holdout` side, next to random routing: APGR, CPT(50%)/CPT(80%) and the strong share that
keeps 95% of always-strong quality.

    rlm-bot bench routing_prior --data a.csv --data b.csv [--part all|tune] [--out PATH]
                                [--c-prompt 0.2] [--c-cascade 0.5] [--json]

The package's shipped prior (rlm_bot/pipeline/route/priors/route_prior.npz) was written by
`make route-prior`, i.e. this command on the development tables with `--part all`. With
`--part tune` the written prior has never seen the holdout side, so
`rlm-bot bench routing --part holdout --prior PATH` gives honest held-out figures.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from benchmarks._paths import parse_args
from benchmarks.routing import random_baseline
from benchmarks.routing_eval import DEFAULT_C, OutcomeTable, apgr, cpt, load_table, share_for_quality, train_prior
from rlm_bot.errors import UsageError
from rlm_bot.pipeline.route import KINDS, RoutePrior, prompt_features, save_priors, verify_worked_answer


def main(argv: list[str], settings) -> int:
    args = _parse(argv, settings)
    started = time.perf_counter()
    paths = [Path(p) for p in args.data]
    sides = {part: [_rows(load_table(p, part=part)) for p in paths] for part in ("tune", "holdout")}
    report = {"tables": [p.stem for p in paths], "held_out": {}}
    for kind in KINDS:
        tune = [r for r in sides["tune"] if kind == "prompt" or r["table"].weak_responses is not None]
        if not tune:
            continue
        prior = _fit(kind, tune, args, part="tune")
        for rows in sides["holdout"]:
            if kind == "cascade" and rows["table"].weak_responses is None:
                continue
            report["held_out"][f"{rows['table'].name}:{kind}"] = _score(prior, rows)
    chosen = sides["tune"] if args.part == "tune" else [
        _join(tune, held) for tune, held in zip(sides["tune"], sides["holdout"])]
    written = []
    for kind in KINDS:
        usable = [r for r in chosen if kind == "prompt" or r["table"].weak_responses is not None]
        if usable:
            written.append(_fit(kind, usable, args, part=args.part))
    out = save_priors(Path(args.out) if args.out else Path(settings.data_dir) / "route_prior.npz", written)
    report.update({"out": str(out), "part": args.part, "kinds": [p.kind for p in written],
                   "trained_on": sorted({t for p in written for t in p.trained_on}),
                   "seconds": round(time.perf_counter() - started, 1)})
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        _print(report)
    return 0


def _parse(argv: list[str], settings) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rlm-bot bench routing_prior", description=__doc__.split("\n")[0])
    parser.add_argument("--data", action="append", required=True, help="outcome table (CSV); repeatable")
    parser.add_argument("--part", choices=("all", "tune"), default="all",
                        help="rows the written prior is fitted on (tune: keep the holdout side unseen)")
    parser.add_argument("--out", help="where to write the prior (default: DATA_DIR/route_prior.npz)")
    parser.add_argument("--c-prompt", type=float, default=DEFAULT_C["prompt"], help="inverse L2 strength")
    parser.add_argument("--c-cascade", type=float, default=DEFAULT_C["cascade"], help="inverse L2 strength")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parse_args(parser, argv)
    if args.c_prompt <= 0 or args.c_cascade <= 0:
        raise UsageError("--c-prompt and --c-cascade must be positive")
    return args


def _rows(table: OutcomeTable) -> dict:
    """A table with its MiniLM vectors and both kinds' side features."""
    from rlm_bot.pipeline.route import embed_texts

    prompt_side = np.array([prompt_features(p) for p in table.prompts], dtype=np.float64)
    rows = {"table": table, "vectors": embed_texts(table.prompts), "prompt": prompt_side}
    if table.weak_responses is not None:
        checks = np.array([verify_worked_answer(a).as_features() for a in table.weak_responses])
        rows["cascade"] = np.hstack([prompt_side, checks])
    return rows


def _join(a: dict, b: dict) -> dict:
    """Both sides of one table's split as one (row order does not matter to a fitted prior)."""
    ta, tb = a["table"], b["table"]
    table = OutcomeTable(name=ta.name, prompts=ta.prompts + tb.prompts,
                         strong=np.concatenate([ta.strong, tb.strong]), weak=np.concatenate([ta.weak, tb.weak]),
                         weak_responses=None if ta.weak_responses is None else ta.weak_responses + tb.weak_responses)
    return {key: table if key == "table" else np.vstack([a[key], b[key]]) for key in a}


def _fit(kind: str, tables: list[dict], args: argparse.Namespace, *, part: str) -> RoutePrior:
    c = args.c_prompt if kind == "prompt" else args.c_cascade
    return train_prior(
        kind,
        np.vstack([r["vectors"] for r in tables]),
        np.vstack([r[kind] for r in tables]),
        np.concatenate([r["table"].strong / r["table"].outcome_scale for r in tables]),
        np.concatenate([r["table"].weak / r["table"].outcome_scale for r in tables]),
        trained_on=[f"{r['table'].name}:{part}:{len(r['table'].prompts)}" for r in tables],
        c=c,
    )


def _score(prior: RoutePrior, rows: dict) -> dict:
    table = rows["table"]
    side = rows[prior.kind]
    predicted = np.array([prior.predict(v, s) for v, s in zip(rows["vectors"], side)])
    scores = predicted[:, 1] - predicted[:, 0]
    s, w = table.strong, table.weak
    return {
        "rows": len(s),
        "apgr": apgr(scores, s, w),
        "cpt50": cpt(scores, s, w, 0.5),
        "cpt80": cpt(scores, s, w, 0.8),
        "strong_share_for_95pct": share_for_quality(scores, s, w, 0.95),
        "random_apgr": random_baseline(s, w)["apgr"],
    }


def _print(report: dict) -> None:
    print(f"routing prior: fitted on {', '.join(report['tables'])} (part={report['part']}, "
          f"{report['seconds']} s)")
    print("held out (fitted on the tune side, scored on the holdout side, as a fixed router):")
    print(f"  {'table:kind':40}{'rows':>6}{'APGR':>8}{'CPT50':>8}{'CPT80':>8}{'share@95%':>11}{'random':>8}")
    for key, r in report["held_out"].items():
        print(f"  {key:40}{r['rows']:>6}{r['apgr']:>8.3f}{r['cpt50']:>8.3f}{r['cpt80']:>8.3f}"
              f"{r['strong_share_for_95pct']:>11.3f}{r['random_apgr']:>8.3f}")
    print(f"prior ({', '.join(report['kinds'])}) written to {report['out']}")
