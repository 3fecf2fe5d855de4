"""`rlm-bot bench compute`: how well the analysis stage detects computation, and how often the
computation stage answers correctly with no model at all.

Sets (all measured in one run, side by side with a naive keyword detector as the baseline):
- BBH (27 task files, benchmarks/data/compute/bbh_compute_labels.csv) with our reviewed per-task
  labels (benchmarks/data/compute/bbh_compute_label_review.csv): detection precision/recall per task and overall,
  and no-model accuracy of the computed answers against the gold `target`, on a dev and a held-out
  split (by a hash of example_id).
- Our everyday chat set (testing/data/chat_compute_queries.jsonl, queries written as people write in
  Slack and DMs; the held-out split in another voice): detection precision/recall and no-model answer
  accuracy on its dev and held-out splits, and per kind; beside them the unseen sets
  (testing/data/chat_compute_unseen*.jsonl, written by people who never saw the forms or the chat set).
- Out of template: GSM8K questions (all positives) and non-STEM MMLU questions (mostly negatives).
- False alarms of the analysis stage, side by side: non-STEM MMLU and the chat negatives.
`--sections chat,mmlu` runs a subset.
- Speed: analyze() p50/p95 per query, and the sandbox run of template code vs plain exec (ratio).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks._paths import data_path

ROOT = Path(__file__).resolve().parents[1]
BBH_CSV = data_path("compute", "bbh_compute_labels.csv")
GSM8K_CSV = data_path("routing", "gsm8k_gpt4_mixtral_dev.csv")
MMLU_CSV = data_path("routing", "mmlu_gpt4_mixtral_dev.csv")
LABELS_CSV = data_path("compute", "bbh_compute_label_review.csv")
CHAT_JSONL = ROOT / "testing" / "data" / "chat_compute_queries.jsonl"
# Sets written apart from the code, by writers who never saw the forms or the chat set (split "unseen"):
# reported on their own and left out of "all", so the chat figures stay comparable run to run.
UNSEEN_GLOB = "chat_compute_unseen*.jsonl"
SECTIONS = ("bbh", "chat", "gsm8k", "mmlu", "speed")
HELDOUT_PERCENT = 30  # share of BBH rows (by hash of example_id) kept as the held-out split
STEM_SUBJECTS = frozenset("""abstract_algebra anatomy astronomy college_biology college_chemistry
    college_computer_science college_mathematics college_physics computer_security conceptual_physics
    electrical_engineering elementary_mathematics high_school_biology high_school_chemistry
    high_school_computer_science high_school_mathematics high_school_physics high_school_statistics
    machine_learning econometrics college_medicine clinical_knowledge medical_genetics virology
    nutrition professional_medicine human_aging formal_logic""".split())


def main(argv: list[str], settings) -> int:
    """Run every section and print figures (or one JSON object with --json)."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench compute")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="at most N rows per BBH task (0 = all)")
    parser.add_argument("--accuracy-per-task", type=int, default=40,
                        help="run the sandbox on at most N positives per BBH task for no-model accuracy "
                             "(each run is a fresh worker process; 0 = all, about 3 minutes)")
    parser.add_argument("--mmlu-limit", type=int, default=0, help="at most N MMLU rows (0 = all non-STEM)")
    parser.add_argument("--show-errors", type=int, default=0, help="print N misses per section")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated subset of {','.join(SECTIONS)} (default: all)")
    args = parser.parse_args(argv)
    sections = [x.strip() for x in args.sections.split(",") if x.strip()]
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")

    from rlm_bot.sandbox import get_pool

    csv.field_size_limit(1 << 30)
    pool = get_pool(settings)
    report: dict = {}
    if "bbh" in sections:
        report["bbh"] = _bbh(pool, args)
    if "chat" in sections:
        report["chat"] = _chat(pool, args)
    if "gsm8k" in sections:
        report["gsm8k"] = _gsm8k(pool, args)
    if "mmlu" in sections:
        report["mmlu_non_stem"] = _mmlu(args)
    if "speed" in sections:
        report["speed"] = _speed(pool)
    report["false_alarms"] = _false_alarms(report)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    return 0


# --- detection and answers ---------------------------------------------------------------------------

def _features(text: str):
    from rlm_bot.pipeline.analyze import analyze
    from rlm_bot.pipeline.types import Task

    return analyze(Task(text=text, source="bench"))


def _baseline(text: str) -> bool:
    """The naive detector most bots ship: any computation word or a digit-operator-digit means compute."""
    return bool(re.search(r"\b(how many|count|sort|average|mean|sum|total|calculate|percent|days|date|"
                          r"sum|convert|reverse|true|false)\b|\d\s*[-+*/x]\s*\d", text, re.I))


def _answer(pool, text: str, features, today=None):
    from rlm_bot.pipeline.compute import compute
    from rlm_bot.pipeline.types import Task

    context = {"today": today} if today else {}
    return compute(Task(text=text, source="bench", context=context), features, sandbox=pool, llm=None)


def _pr(tp: int, fp: int, fn: int, tn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(precision, 4), "recall": round(recall, 4)}


def _bbh_correct(answer: str, target: str) -> bool:
    a, t = answer.strip(), target.strip()
    if t.startswith("(") and re.match(r"\([A-R]\)", t):
        m = re.match(r"\(([A-R])\)", a)
        return bool(m) and f"({m.group(1)})" == t
    if re.fullmatch(r"-?\d+", t):
        m = re.fullmatch(r"-?\d+(?:\.0+)?", a)
        return bool(m) and int(float(a)) == int(t)
    return re.sub(r"\s+", " ", a.lower()) == re.sub(r"\s+", " ", t.lower())


def bbh_split(example_id: str) -> str:
    """A BBH row's split: 'heldout' (HELDOUT_PERCENT of rows, by a hash of example_id) or 'dev'."""
    h = int(hashlib.sha256(example_id.encode()).hexdigest(), 16) % 100
    return "heldout" if h < HELDOUT_PERCENT else "dev"


def _bbh(pool, args) -> dict:
    labels = {r["bbh_task"]: r for r in csv.DictReader(LABELS_CSV.open(encoding="utf-8"))}
    rows = list(csv.DictReader(BBH_CSV.open(encoding="utf-8")))
    per_task: dict[str, Counter] = defaultdict(Counter)
    counts = {s: Counter() for s in ("dev", "heldout", "all")}
    base = Counter()
    proposed = Counter()
    misses: list[str] = []
    seen: Counter = Counter()
    for r in rows:
        task = r["bbh_task"]
        if args.limit and seen[task] >= args.limit:
            continue
        seen[task] += 1
        label = labels[task]["label"]
        positive = label == "yes"
        f = _features(r["input"])
        c = per_task[task]
        c["n"] += 1
        split = bbh_split(r["example_id"])
        key = ("tp" if f.computation else "fn") if positive else ("fp" if f.computation else "tn")
        for s in (split, "all"):
            counts[s][key] += 1
        c[key] += 1
        bkey = ("tp" if _baseline(r["input"]) else "fn") if positive else ("fp" if _baseline(r["input"]) else "tn")
        base[bkey] += 1
        if r["compute_label_proposed"] != "maybe":
            pkey = ("tp" if f.computation else "fn") if r["compute_label_proposed"] == "yes" else \
                ("fp" if f.computation else "tn")
            proposed[pkey] += 1
        if positive and (not args.accuracy_per_task or c["scored"] < args.accuracy_per_task):
            c["scored"] += 1
            res = _answer(pool, r["input"], f) if f.computation else None
            good = res is not None and _bbh_correct(res.answer, r["target"])
            c["correct"] += good
            for s in (split, "all"):
                counts[s]["pos"] += 1
                counts[s]["correct"] += good
            if not good and len(misses) < args.show_errors:
                misses.append(f"{task}: {r['input'][:160]!r} -> {res.answer if res else None!r} (gold {r['target']})")
    out = {"labels": "reviewed (benchmarks/data/compute/bbh_compute_label_review.csv)", "per_task": {}, "misses": misses}
    for task, c in sorted(per_task.items()):
        label = labels[task]["label"]
        entry = {"label": label, "proposed": labels[task]["proposed_label"], "n": c["n"],
                 "detected": c["tp"] + c["fp"]}
        if label == "yes":
            entry["recall"] = round(c["tp"] / c["n"], 4)
            entry["accuracy_no_model"] = round(c["correct"] / max(1, c["scored"]), 4)
            entry["scored"] = c["scored"]
        else:
            entry["false_positive_rate"] = round(c["fp"] / c["n"], 4)
        out["per_task"][task] = entry
    for s in ("dev", "heldout", "all"):
        c = counts[s]
        out[s] = {**_pr(c["tp"], c["fp"], c["fn"], c["tn"]),
                  "accuracy_no_model": round(c["correct"] / c["pos"], 4) if c["pos"] else None, "positives": c["pos"]}
    out["baseline_keyword"] = _pr(base["tp"], base["fp"], base["fn"], base["tn"])
    out["on_proposed_labels_yes_vs_no"] = _pr(proposed["tp"], proposed["fp"], proposed["fn"], proposed["tn"])
    return out


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _norm(s: str) -> str:
    """Lower case, one space; a product written with ×, x or * and a power written 2³ or 2^3 read alike."""
    s = re.sub(r"\s+", " ", str(s).strip().lower())
    s = re.sub(r"(?<=\d)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "^" + m.group(1).translate(_SUPERSCRIPT), s)
    return re.sub(r"(?<=\d) ?[×*x] ?(?=\d)", " x ", s)


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def _canon_text(s: str) -> str:
    """Lower case, no code fences, no thousands separators, no '.0' / '.00' tails on whole numbers."""
    s = _THOUSANDS.sub("", str(s).replace("```", "\n").lower())
    return re.sub(r"(?<=\d)\.0+(?![\d.])", "", s)


def _items(answer: str) -> list[list[str]]:
    """Candidate readings of an answer as a list: whole, and without a leading 'Found 3 ...:' head."""
    text = _canon_text(answer).strip()
    heads = [text]
    m = re.match(r"[^\n]*?:\s*(?:\n|(?=\S))", text)
    if m and not re.match(r"\s*(?:https?|ftp)\b", text):
        heads.append(text[m.end():])
    out = []
    for body in heads:
        parts = [_BULLET.sub("", p).strip().strip("`'\"“”").rstrip(".").strip() for p in re.split(r"[\n,;]+", body)]
        out.append([p for p in parts if p])
    return out


def _word(item: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.@-])" + re.escape(_canon_text(item).strip()) + r"(?![\w@-]|\.\w)")


def _groups_match(answer: str, spec: str) -> bool:
    """'eng: alice, carol | sales: bob': each group's label and members share a line of the answer,
    with no member of another group on it."""
    groups = []
    for part in spec.split(" | "):
        label, _, members = part.partition(":")
        groups.append((label.strip(), [m.strip() for m in _THOUSANDS.sub("", members).split(",") if m.strip()]))
    text = _canon_text(answer)
    segments = [s for s in re.split(r"\n|;|\s\|\s", text) if s.strip()]
    for label, members in groups:
        others = [m for lab, ms in groups if lab != label for m in ms if m not in members]
        lab_re = re.compile(r"(?<![\w@-])" + re.escape(label.lower()) + r"(?![\w@-]|\.\w)")
        if not any(lab_re.search(seg) and all(_word(m).search(seg) for m in members)
                   and not any(_word(o).search(seg) for o in others) for seg in segments):
            return False
    return True


def _in_order(answer: str, items: list[str]) -> bool:
    text = _canon_text(answer)
    positions = []
    for item in items:
        m = _word(item).search(text)
        if m is None:
            return False
        positions.append(m.start())
    return positions == sorted(positions)


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def _tolerance(expected: str, answer: str, value: float) -> float:
    """How far an answer's number may be from the expected one: 1e-4 relative, or half a unit of the
    last decimal either writes (an expected '21.08' accepts 21.082406; an answer '19.31' to two decimals
    is right for 19.312128), never a whole unit (an answer '21' is not '21.08')."""
    tol = 1e-4 * max(1.0, abs(value))
    if _decimals(expected) >= 1:
        tol = max(tol, 0.5 * 10 ** -_decimals(expected))
    if _decimals(answer) >= 2:
        tol = max(tol, 0.5 * 10 ** -_decimals(answer))
    return tol + 1e-12


_DUR_UNIT = {"d": 86400, "day": 86400, "days": 86400, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
             "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
             "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1}
_DUR_PART = r"(\d+(?:\.\d+)?)\s*(" + "|".join(sorted(_DUR_UNIT, key=len, reverse=True)) + r")(?![a-z])"
_DURATION = re.compile(_DUR_PART + r"(?:(?:\s*,\s*|\s+and\s+|\s*)" + _DUR_PART + r")*")


def _seconds(text: str) -> float | None:
    """The length of a duration written in units ('8 h 25 min', '8 hours and 25 minutes', '8h 25m'), else None."""
    parts = re.findall(_DUR_PART, text)
    return sum(float(n) * _DUR_UNIT[u] for n, u in parts) if parts else None


def _same_duration(answer: str, expected: str) -> bool:
    """An expected duration in units, and the answer's first number opens a duration of the same length:
    '8 h 25 min' is '8 hours 25 minutes' and '8h 25m' (a notation, not another answer)."""
    e = _norm(expected)
    hms = re.fullmatch(r"(\d+):([0-5]\d):([0-5]\d)", e)  # '4:05:40', a length in hours, minutes and seconds
    if hms:
        e = f"{hms.group(1)} h {hms.group(2)} min {hms.group(3)} s"
    if not _DURATION.fullmatch(e):
        return False
    a = _canon_text(answer)
    first = re.search(r"\d", a)
    m = _DURATION.search(a)
    return bool(first and m and m.start() == first.start() and _seconds(m.group(0)) == _seconds(e))


_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.I)


def _minute_of_day(m: re.Match) -> int | None:
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower().replace(".", "")
    if minute > 59 or hour > (12 if half else 23) or (half and hour == 0) or not (m.group(2) or half):
        return None
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    return hour * 60 + minute


def _same_clock(answer: str, expected: str) -> bool:
    """An expected clock time ('09:30', '9:30am', '12pm') and the answer's first number opens the same time
    of day ('9:30 am', '9:30 AM (next day)'): a notation, not another answer."""
    e = _CLOCK.fullmatch(_norm(expected))
    want = _minute_of_day(e) if e else None
    if want is None:
        return False
    first = re.search(r"\d", answer)
    m = _CLOCK.match(answer, first.start()) if first else None
    return bool(m) and _minute_of_day(m) == want


_CLOSERS = re.compile(r"[\s()\[\]{}<>]*[()\[\]{}<>][\s()\[\]{}<>]*")
_BRACKET_RUN = re.compile(r"[()\[\]{}<>](?:\s?[()\[\]{}<>])*")


def _closers_named(answer: str, expected: str) -> bool:
    """An expected answer made of brackets only ('))', '} ] )'): some run of brackets in the answer,
    spaces dropped, is exactly it ('You need `))` at the end.'), not a longer or shorter run."""
    want = re.sub(r"\s", "", expected)
    return any(re.sub(r"\s", "", run) == want for run in _BRACKET_RUN.findall(answer))


def chat_correct(answer: str, expected: list[str], match: str | None = None) -> bool:
    """Whether an answer gives one of the expected answers.

    An expected 'label: a, b | label2: c' is a grouping (each group on its own line of the answer);
    with match='in_order' the expected items must all appear, in that order (a sorted table);
    otherwise the answer equals the expected text, contains it (not a list: a list must match item
    for item, so listing everything is not right), lists the same items in the same order, or (for a
    number) has it as its first number.
    """
    a = _norm(answer)
    for e in expected:
        if _names_both(answer, e):
            continue
        if _CLOSERS.fullmatch(e):
            if _closers_named(answer, e):
                return True
            continue
        if " | " in e and ":" in e:
            if _groups_match(answer, e):
                return True
            continue
        items = [x.strip() for x in _THOUSANDS.sub("", e).split(",")] if ", " in e else []
        if match == "in_order" and items:
            if _in_order(answer, items):
                return True
            continue
        if _same_duration(answer, e) or _same_clock(answer, e):
            return True
        en = _norm(e)
        if en == a or (not items and len(en) > 3 and re.search(r"(?<![\w.])" + re.escape(en) + r"(?!\w)", a)):
            return True
        if not items and re.search(r"[a-z]", en) and re.search(r"(?<![\w.@-])" + re.escape(en) + r"(?![\w@-])", a):
            return True  # a short answer named in a sentence: 'tom has the highest prs: 15.'
        if items and any([_canon_text(x) for x in items] == got for got in _items(answer)):
            return True
        try:
            value = float(en.replace(",", ""))
        except ValueError:
            continue
        # the first number that is not part of a name ('Total q2: 440' answers 440, not 2)
        nums = re.findall(r"(?<![a-z\d.])-?\d+(?:\.\d+)?(?!\d)", _THOUSANDS.sub("", a))
        if nums and abs(float(nums[0]) - value) <= _tolerance(en.replace(",", ""), nums[0], value):
            return True
    return False


_OPPOSITES = {"true": "false", "false": "true", "yes": "no", "no": "yes", "odd": "even", "even": "odd"}


def _names_both(answer: str, expected: str) -> bool:
    """An answer that names an expected yes/no, true/false or odd/even AND its opposite hedges (or echoes
    the question's 'true or false'): it is not that answer."""
    other = _OPPOSITES.get(_norm(expected))
    return other is not None and re.search(rf"\b{other}\b", _norm(answer)) is not None


def _chat_rows() -> list[dict]:
    """The chat set's rows, then the unseen sets' rows (split 'unseen')."""
    rows = [json.loads(line) for line in CHAT_JSONL.open(encoding="utf-8") if line.strip()]
    for path in sorted(CHAT_JSONL.parent.glob(UNSEEN_GLOB)):
        rows += [{**json.loads(line), "split": "unseen"} for line in path.open(encoding="utf-8") if line.strip()]
    return rows


def _chat(pool, args) -> dict:
    rows = _chat_rows()
    out: dict = {"misses": [], "per_kind": {}}
    per_kind: dict[str, Counter] = defaultdict(Counter)
    verdicts = {}
    for r in rows:
        f = _features(r["text"])
        res = _answer(pool, r["text"], f, r.get("today")) if f.computation and r["computable"] else None
        good = res is not None and chat_correct(res.answer, r["expected"], r.get("match"))
        verdicts[r["id"]] = (f.computation, good)
        c = per_kind[r["kind"]]
        seen = r["split"] != "unseen"
        c["n"] += seen
        c["detected"] += f.computation and seen
        c["correct"] += good and seen
        c["heldout_n"] += r["split"] == "heldout"
        c["heldout_detected"] += f.computation and r["split"] == "heldout"
        c["unseen_n"] += r["split"] == "unseen"
        c["unseen_correct"] += good and r["split"] == "unseen"
        c["unseen_detected"] += f.computation and r["split"] == "unseen"
        if len(out["misses"]) < max(args.show_errors, 0):
            if r["computable"] and not good:
                out["misses"].append(f"{r['id']} [{r['kind']}]: {r['text'][:140]!r} -> "
                                     f"{(res.answer[:100] if res else None) if f.computation else 'not detected'!r}")
            elif not r["computable"] and f.computation:
                out["misses"].append(f"{r['id']} false alarm: {r['text'][:140]!r}")
    for kind, c in sorted(per_kind.items()):
        if kind == "negative":
            out["per_kind"][kind] = {"n": c["n"], "false_alarms": c["detected"],
                                     "false_alarm_rate": round(c["detected"] / c["n"], 4) if c["n"] else None,
                                     "unseen_n": c["unseen_n"], "unseen_false_alarms": c["unseen_detected"]}
        else:
            out["per_kind"][kind] = {"n": c["n"], "recall": round(c["detected"] / c["n"], 4) if c["n"] else None,
                                     "heldout_recall": round(c["heldout_detected"] / c["heldout_n"], 4)
                                     if c["heldout_n"] else None,
                                     "accuracy_no_model": round(c["correct"] / c["n"], 4) if c["n"] else None,
                                     "unseen_n": c["unseen_n"],
                                     "unseen_accuracy": round(c["unseen_correct"] / c["unseen_n"], 4)
                                     if c["unseen_n"] else None}
    splits = ["dev", "heldout", "all"] + (["unseen"] if any(r["split"] == "unseen" for r in rows) else [])
    for split in splits:
        sel = [r for r in rows if r["split"] == split or (split == "all" and r["split"] != "unseen")]
        tp = fp = fn = tn = correct = pos = 0
        base = Counter()
        for r in sel:
            detected, good = verdicts[r["id"]]
            if r["computable"]:
                tp += detected
                fn += not detected
                pos += 1
                correct += good
            else:
                fp += detected
                tn += not detected
            b = _baseline(r["text"])
            base[("tp" if b else "fn") if r["computable"] else ("fp" if b else "tn")] += 1
        out[split] = {**_pr(tp, fp, fn, tn), "accuracy_no_model": round(correct / pos, 4) if pos else None,
                      "positives": pos, "negatives": len(sel) - pos,
                      "false_alarm_rate": round(fp / (fp + tn), 4) if fp + tn else None,
                      "baseline_keyword": _pr(base["tp"], base["fp"], base["fn"], base["tn"])}
    return out


def _false_alarms(report: dict) -> dict:
    """The analysis stage's false-alarm rates side by side: non-STEM MMLU and the chat negatives."""
    out = {}
    if "mmlu_non_stem" in report:
        out["mmlu_non_stem"] = report["mmlu_non_stem"]["flag_rate"]
        out["mmlu_non_stem_holdout_half"] = report["mmlu_non_stem"]["holdout_half"]["flag_rate"]
    if "chat" in report:
        for split in ("dev", "heldout", "all", "unseen"):
            if report["chat"].get(split, {}).get("false_alarm_rate") is None:
                continue
            out[f"chat_negatives_{split}"] = report["chat"][split]["false_alarm_rate"]
    return out


def last_question(prompt: str) -> str:
    """The question a few-shot prompt ends with (the whole prompt when it holds one question)."""
    parts = re.split(r"\n\s*(?:Question|Q):\s*", prompt)
    text = parts[-1] if len(parts) > 1 else prompt
    return re.split(r"\n\s*(?:Answer|A):", text)[0].strip()


def _gsm8k(pool, args) -> dict:
    rows = list(csv.DictReader(GSM8K_CSV.open(encoding="utf-8")))
    detected = answered = correct = 0
    misses = []
    for r in rows:
        q = last_question(r["prompt"])
        f = _features(q)
        detected += f.computation
        if not f.computation and len(misses) < args.show_errors:
            misses.append(q[:200])
        res = _answer(pool, q, f) if f.computation else None
        if res is not None:
            answered += 1
            nums = re.findall(r"-?\d+(?:\.\d+)?", res.answer.replace(",", ""))
            correct += bool(nums) and abs(float(nums[0]) - float(r["gold_answer"])) < 1e-6
    return {"n": len(rows), "recall": round(detected / len(rows), 4), "baseline_recall":
            round(sum(_baseline(last_question(r["prompt"])) for r in rows) / len(rows), 4),
            "answered_by_template": answered, "template_answers_correct": correct, "misses": misses}


def mmlu_half(question: str) -> str:
    """An MMLU question's side: 'tune' (the learned detector trains on it as a negative) or 'holdout'."""
    return "tune" if int(hashlib.sha1(question.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "holdout"


def mmlu_non_stem() -> list[tuple[str, str]]:
    """(subject, question) of every non-STEM MMLU row: the question without its few-shot examples and
    trailing 'Answer:' (the analysis stage's false-alarm set, and the learned detector's negatives)."""
    csv.field_size_limit(1 << 30)
    with MMLU_CSV.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["subset"] not in STEM_SUBJECTS]
    return [(r["subset"], re.sub(r"\nAnswer:\s*$", "", r["prompt"].split("\n\n")[-1]).strip()) for r in rows]


def _mmlu(args) -> dict:
    rows = mmlu_non_stem()
    if args.mmlu_limit:
        rows = rows[: args.mmlu_limit]
    flagged = Counter()
    base = 0
    examples = []
    per_subject = Counter()
    held = [0, 0]  # questions and flags in the half the learned detector never trained on
    for subject, q in rows:
        f = _features(q)
        per_subject[subject] += 1
        if mmlu_half(q) == "holdout":
            held[0] += 1
            held[1] += f.computation
        if f.computation:
            flagged[subject] += 1
            if len(examples) < max(args.show_errors, 3):
                examples.append(f"{subject}: {q[:160]!r}")
        base += _baseline(q)
    n = len(rows)
    top = {s: f"{flagged[s]}/{per_subject[s]}" for s, _ in flagged.most_common(8)}
    return {"n": n, "flagged": sum(flagged.values()), "flag_rate": round(sum(flagged.values()) / n, 4),
            "holdout_half": {"n": held[0], "flagged": held[1], "flag_rate": round(held[1] / max(held[0], 1), 4)},
            "baseline_flag_rate": round(base / n, 4), "most_flagged_subjects": top, "examples": examples}


def _speed(pool) -> dict:
    from rlm_bot.pipeline.compute import find_plan

    queries = [json.loads(line)["text"] for line in CHAT_JSONL.open(encoding="utf-8") if line.strip()]
    for q in queries[:20]:
        _features(q)  # warm caches
    times = []
    for _ in range(3):
        for q in queries:
            t0 = time.perf_counter()
            _features(q)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    long_times = []
    for r in list(csv.DictReader(BBH_CSV.open(encoding="utf-8")))[::10]:
        t0 = time.perf_counter()
        _features(r["input"])
        long_times.append((time.perf_counter() - t0) * 1000)
    long_times.sort()
    sandbox_ms, plain_ms = [], []
    for q in queries:
        plan = find_plan(q)
        if plan is None:
            continue
        t0 = time.perf_counter()
        pool.run(plan.code)
        sandbox_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        _plain_exec(plan.code)
        plain_ms.append((time.perf_counter() - t0) * 1000)
    p50 = lambda xs: statistics.median(xs) if xs else 0.0  # noqa: E731
    return {"analyze_ms_p50": round(p50(times), 3), "analyze_ms_p95": round(times[int(0.95 * len(times))], 3),
            "analyze_ms_max": round(times[-1], 3),
            "analyze_bbh_ms_p50": round(p50(long_times), 3),
            "analyze_bbh_ms_p95": round(long_times[int(0.95 * len(long_times))], 3),
            "sandbox_run_ms_p50": round(p50(sandbox_ms), 3),
            "plain_exec_ms_p50": round(p50(plain_ms), 4),
            "sandbox_vs_plain_exec_ratio": round(p50(sandbox_ms) / max(p50(plain_ms), 1e-6), 1)}


def _plain_exec(code: str) -> None:
    """The same template code in plain CPython (trusted code we generated; the ratio's baseline)."""
    lines = code.rstrip().split("\n")
    i = len(lines) - 1
    while i > 0 and lines[i].startswith((" ", "\t")):
        i -= 1
    env: dict = {}
    try:
        exec("\n".join(lines[:i]), env)  # noqa: S102 - benchmark baseline on our own template code
        eval("\n".join(lines[i:]), env)  # noqa: S307
    except Exception:  # noqa: BLE001
        pass


def _print(report: dict) -> None:
    if "bbh" in report:
        _print_bbh(report["bbh"])
    if "chat" in report:
        _print_chat(report["chat"])
    if "gsm8k" in report:
        g = report["gsm8k"]
        print(f"GSM8K (all positives, out of template): recall {g['recall']:.4f} (baseline {g['baseline_recall']:.4f}); "
              f"{g['answered_by_template']} answered by a template, {g['template_answers_correct']} of them correct")
    if "mmlu_non_stem" in report:
        m = report["mmlu_non_stem"]
        print(f"MMLU non-STEM (mostly negatives): flagged {m['flagged']}/{m['n']} = {m['flag_rate']:.4f} "
              f"(baseline {m['baseline_flag_rate']:.4f}); on the half the learned detector never trained on "
              f"{m['holdout_half']['flagged']}/{m['holdout_half']['n']} = {m['holdout_half']['flag_rate']:.4f}; "
              f"most flagged: {m['most_flagged_subjects']}")
    fa = report["false_alarms"]
    if fa:
        print("False alarms of the analysis stage: " + ", ".join(f"{k} {v:.4f}" for k, v in fa.items()))
    if "speed" in report:
        sp = report["speed"]
        print(f"Speed: analyze (chat) p50 {sp['analyze_ms_p50']} ms, p95 {sp['analyze_ms_p95']} ms, max {sp['analyze_ms_max']} ms; "
              f"analyze (BBH, long) p50 {sp['analyze_bbh_ms_p50']} ms, p95 {sp['analyze_bbh_ms_p95']} ms; "
              f"sandbox run p50 {sp['sandbox_run_ms_p50']} ms vs plain exec {sp['plain_exec_ms_p50']} ms "
              f"(ratio {sp['sandbox_vs_plain_exec_ratio']}x)")
    for section in ("bbh", "chat"):
        for line in report.get(section, {}).get("misses", []):
            print("  miss:", line)
    for line in report.get("gsm8k", {}).get("misses", []):
        print("  gsm8k miss:", line)


def _print_bbh(b: dict) -> None:
    print("BBH detection (reviewed labels; positives = yes tasks)")
    for s in ("dev", "heldout", "all"):
        x = b[s]
        acc = "n/a" if x["accuracy_no_model"] is None else f"{x['accuracy_no_model']:.4f}"
        print(f"  {s:8s} precision {x['precision']:.4f}  recall {x['recall']:.4f}  "
              f"no-model accuracy {acc} on {x['positives']} positives")
    x = b["baseline_keyword"]
    print(f"  baseline keyword detector: precision {x['precision']:.4f} recall {x['recall']:.4f}")
    x = b["on_proposed_labels_yes_vs_no"]
    print(f"  on the proposed labels (yes vs no, maybe left out): precision {x['precision']:.4f} "
          f"recall {x['recall']:.4f}")
    print("  per task:")
    for task, e in b["per_task"].items():
        extra = (f"recall {e['recall']:.3f}  accuracy {e['accuracy_no_model']:.3f}" if e["label"] == "yes"
                 else f"false positives {e['false_positive_rate']:.3f}")
        scored = f" (of {e['scored']})" if e["label"] == "yes" else ""
        print(f"    {task:38s} {e['proposed']:>5s}->{e['label']:<3s} n={e['n']:4d}  {extra}{scored}")


def _print_chat(c: dict) -> None:
    print("Chat set")
    for s in ("dev", "heldout", "all", "unseen"):
        if s not in c:
            continue
        x = c[s]
        bl = x["baseline_keyword"]
        acc = "n/a" if x["accuracy_no_model"] is None else f"{x['accuracy_no_model']:.4f}"
        print(f"  {s:8s} precision {x['precision']:.4f} recall {x['recall']:.4f} no-model accuracy "
              f"{acc} ({x['positives']} pos / {x['negatives']} neg, false alarms {x['fp']}); baseline P "
              f"{bl['precision']:.3f} R {bl['recall']:.3f}")
    print("  per kind (recall = detected; accuracy = answered right with no model):")
    for kind, e in c["per_kind"].items():
        if kind == "negative":
            print(f"    {kind:16s} n={e['n']:4d}  false alarms {e['false_alarms']} ({e['false_alarm_rate']:.4f})"
                  + (f"; unseen {e['unseen_false_alarms']}/{e['unseen_n']}" if e["unseen_n"] else ""))
        else:
            held = "n/a" if e["heldout_recall"] is None else f"{e['heldout_recall']:.3f}"
            print(f"    {kind:16s} n={e['n']:4d}  recall {e['recall']:.3f} (held-out {held})  "
                  f"accuracy {e['accuracy_no_model']:.3f}"
                  + (f"  (unseen {e['unseen_accuracy']:.3f} of {e['unseen_n']})" if e["unseen_n"] else ""))


if __name__ == "__main__":  # pragma: no cover
    from rlm_bot.config import load_settings

    sys.exit(main(sys.argv[1:], load_settings()))
