#!/usr/bin/env python3
"""Prints the Markdown tables of RESULTS.md from results.csv and epochs.csv (written by analyze.py).

Usage: python summarize.py results.csv epochs.csv [representative_seed]
"""
import csv
import sys
from collections import defaultdict

import numpy as np

rows = list(csv.DictReader(open(sys.argv[1])))
epochs = list(csv.DictReader(open(sys.argv[2])))
rep_seed = sys.argv[3] if len(sys.argv) > 3 else "0"


def f(x):
    return "" if x in (None, "") else f"{float(x):.3f}"


COLS = [("raw_dice_searched", "searched"), ("raw_dice_05", "@0.5"), ("raw_auc", "AUC"), ("raw_evaluate_py", "eval.py"),
        ("flip_dice_searched", "searched"), ("flip_dice_05", "@0.5"), ("flip_auc", "AUC"), ("flip_evaluate_py", "eval.py")]

for data in sorted({r["data"] for r in rows}):
    sel = [r for r in rows if r["data"] == data]
    otsu = [r for r in sel if r["impl"] == "otsu"]
    runs = sorted((r for r in sel if r["impl"] != "otsu"), key=lambda r: (r["impl"], r["variant"], int(r["seed"])))
    print(f"\n### Data {data}: per run\n")
    print("| impl | variant | seed | raw: searched | @0.5 | AUC | eval.py | 1−score: searched | @0.5 | AUC | eval.py "
          "| own rule flips | intensity rule flips | final coverage | final pseudo Dice | wall s |")
    print("|" + "---|" * 16)
    for r in runs:
        print(f"| {r['impl']} | {r['variant']} | {r['seed']} | " + " | ".join(f(r[c]) for c, _ in COLS)
              + f" | {r['own_rule_flips']} | {r.get('msdb_intensity_rule_would_flip') or r['own_rule_flips']} | {f(r['final_coverage'])} | {f(r['final_pseudo_dice'])} | {float(r['wall_seconds']):.0f} |")
    print(f"\nOtsu (msdb baseline, pooled test Dice): {f(otsu[0]['dice_searched'])}; {otsu[0]['note']}\n")

    print(f"### Data {data}: mean ± std over seeds\n")
    print("Orientation: *own rule* = msdb's intensity rule for msdb, the raw score for the authors' code "
          "(evaluate.py as shipped); *intensity rule* = msdb's rule applied to both; *best* = the better of "
          "raw and 1 − score (uses the ground truth, an upper bound).\n")
    print("| impl | variant | n | searched Dice, own rule | searched Dice, intensity rule | searched Dice, best "
          "| AUC, intensity rule | eval.py, own rule | eval.py, intensity rule | final coverage |")
    print("|" + "---|" * 10)
    groups = defaultdict(list)
    for r in runs:
        groups[(r["impl"], r["variant"])].append(r)
    for (impl, variant), g in sorted(groups.items()):
        def ms(values):
            v = np.array(values, float)
            return f"{v.mean():.3f} ± {v.std(ddof=1) if len(v) > 1 else 0:.3f}"
        def pick(r, metric, flip):
            return float(r[("flip_" if flip else "raw_") + metric])
        own = lambda r: r["own_rule_flips"] == "1"
        inten = lambda r: (r.get("msdb_intensity_rule_would_flip") or r["own_rule_flips"]) == "1"
        best = [max(pick(r, "dice_searched", 0), pick(r, "dice_searched", 1)) for r in g]
        print(f"| {impl} | {variant} | {len(g)} | {ms([pick(r, 'dice_searched', own(r)) for r in g])} | "
              f"{ms([pick(r, 'dice_searched', inten(r)) for r in g])} | {ms(best)} | "
              f"{ms([pick(r, 'auc', inten(r)) for r in g])} | {ms([pick(r, 'evaluate_py', own(r)) for r in g])} | "
              f"{ms([pick(r, 'evaluate_py', inten(r)) for r in g])} | {ms([r['final_coverage'] for r in g])} |")

    print(f"\n### Data {data}: pseudo-labels per epoch, seed {rep_seed} (coverage / Dice vs hidden train truth)\n")
    series = defaultdict(dict)
    for e in epochs:
        if e["data"] == data and e["seed"] == rep_seed:
            series[(e["impl"], e["variant"])][int(e["epoch"])] = e
    keys = sorted(series)
    print("| epoch | " + " | ".join(f"{i} {v}" for i, v in keys) + " |")
    print("|" + "---|" * (len(keys) + 1))
    for k in range(1, max(max(s) for s in series.values()) + 1):
        cells = [f"{f(series[key][k]['coverage'])} / {f(series[key][k]['pseudo_dice'])}" if k in series[key] else ""
                 for key in keys]
        print(f"| {k} | " + " | ".join(cells) + " |")

# --- msdb vs the authors' code, same variant, searched Dice under the intensity rule: Welch's t-test
# and the Mann-Whitney U test (two-sided), to say whether a difference exceeds seed noise.
from scipy.stats import mannwhitneyu, ttest_ind  # noqa: E402

print("\n### msdb vs authors' code, searched Dice (intensity rule): tests over seeds\n")
print("| data | variant | msdb vs authors' variant | n msdb | n authors | mean difference | Welch p | Mann-Whitney p |")
print("|---|---|---|---|---|---|---|---|")


def values(data, impl, variant):
    out = []
    for r in rows:
        if r["data"] == data and r["impl"] == impl and r["variant"] == variant:
            flip = (r.get("msdb_intensity_rule_would_flip") or r["own_rule_flips"]) == "1"
            out.append(float(r["flip_dice_searched" if flip else "raw_dice_searched"]))
    return out


for data in sorted({r["data"] for r in rows}):
    for variant, prefix in (("ems", ""), ("noems", "noems+")):
        m = values(data, "msdb", variant)
        for other in ("ems" if variant == "ems" else "noems", prefix + "invfrac", prefix + "augment",
                      prefix + "perimage", prefix + "invfrac+perimage+augment"):
            o = values(data, "official", other)
            if len(m) > 1 and len(o) > 1:
                print(f"| {data} | {variant} | {other} | {len(m)} | {len(o)} | {np.mean(m) - np.mean(o):+.3f} | "
                      f"{ttest_ind(m, o, equal_var=False).pvalue:.3f} | {mannwhitneyu(m, o).pvalue:.3f} |")

# --- Coverage trajectories over all seeds: mean label coverage per epoch (the label that goes into
# EMS) and, for the authors' code, the mean candidate coverage before any inversion.
print("\n### Label coverage per epoch, mean over seeds (authors' candidate coverage before inversion in brackets)\n")
for data in sorted({r["data"] for r in epochs}):
    keys = sorted({(e["impl"], e["variant"]) for e in epochs if e["data"] == data})
    keys = [k for k in keys if k[1] in ("ems", "noems", "invfrac", "noems+invfrac", "invfrac+perimage+augment",
                                         "noems+invfrac+perimage+augment")]
    print(f"Data {data}\n")
    print("| epoch | " + " | ".join(f"{i} {v} (n)" for i, v in keys) + " |")
    print("|" + "---|" * (len(keys) + 1))
    last = max(int(e["epoch"]) for e in epochs if e["data"] == data)
    for k in range(1, last + 1):
        cells = []
        for impl, variant in keys:
            sel = [e for e in epochs if e["data"] == data and e["impl"] == impl and e["variant"] == variant and int(e["epoch"]) == k]
            cov = np.mean([float(e["coverage"]) for e in sel])
            cand = [float(e["candidate_coverage"]) for e in sel if e.get("candidate_coverage")]
            cells.append(f"{cov:.3f}" + (f" [{np.mean(cand):.3f}]" if cand else "") + f" ({len(sel)})")
        print(f"| {k} | " + " | ".join(cells) + " |")
    print()

# --- Against Otsu: how many runs reach Otsu's Dice, and the best epoch in hindsight (test Dice per
# epoch; msdb: its own orientation per epoch, `curve/dice_searched`; authors: the better orientation).
print("\n### Against Otsu (searched Dice, intensity-rule orientation at epoch 20; peak = best epoch in hindsight)\n")
print("| data | impl | variant | n | Otsu | runs ≥ Otsu at epoch 20 | max at epoch 20 | peak over epochs, mean ± std | runs whose peak ≥ Otsu |")
print("|---|---|---|---|---|---|---|---|---|")
for data in sorted({r["data"] for r in rows}):
    otsu = float([r for r in rows if r["data"] == data and r["impl"] == "otsu"][0]["dice_searched"])
    for impl, variant in sorted({(r["impl"], r["variant"]) for r in rows if r["data"] == data and r["impl"] != "otsu"}):
        final = values(data, impl, variant)
        peaks = []
        for seed in sorted({e["seed"] for e in epochs if e["data"] == data and e["impl"] == impl and e["variant"] == variant}):
            sel = [e for e in epochs if e["data"] == data and e["impl"] == impl and e["variant"] == variant and e["seed"] == seed]
            if impl == "msdb":
                peaks.append(max(float(e["test_dice_searched_own_orientation"]) for e in sel))
            elif all(e.get("test_dice_searched_raw") for e in sel):
                peaks.append(max(max(float(e["test_dice_searched_raw"]), float(e["test_dice_searched_flip"])) for e in sel))
        pk = f"{np.mean(peaks):.3f} ± {np.std(peaks, ddof=1) if len(peaks) > 1 else 0:.3f}" if peaks else ""
        print(f"| {data} | {impl} | {variant} | {len(final)} | {otsu:.3f} | {sum(v >= otsu for v in final)} | {max(final):.3f} | "
              f"{pk} | {sum(p >= otsu for p in peaks)} |")
