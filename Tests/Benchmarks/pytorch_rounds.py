#!/usr/bin/env python3
"""Alternating rounds of `msdb bench train` and its PyTorch twin, with medians and per-round ratios.

Each round runs, at 1 and then at 2 threads, `msdb bench train --threads N --json` and
`pytorch_unet_bench.py --threads N --json` one after the other, so that a slow spell of the machine
hits both sides of a round. Reports the median images/s of each side, the ratio of the medians, and the
median, least and greatest of the per-round ratios; msdb's scaling (2-thread over 1-thread images/s,
per round) too. Run it on an otherwise idle machine; PyTorch is not a CI dependency.

What two cores give in each round is measured too (unless --no-capacity): two 1-thread `msdb bench
train` processes started together, their training images/s added and divided by that round's lone
1-thread run. On a quiet 2-core machine that is close to 2; a shared machine in a busy spell gives less,
and no 2-thread process can then scale better than it. The 2-thread scaling is reported beside it.



    pip install torch==2.13.0+cpu
    python3 Tests/Benchmarks/pytorch_rounds.py --msdb .build/release/msdb [--rounds 5] [--json]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))


def run_json(command):
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout)


def run_pair(command):
    """Runs two copies of `command` at once and returns both JSON outputs."""
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                 for _ in range(2)]
    outputs = [process.communicate()[0] for process in processes]
    for process in processes:
        if process.returncode != 0:
            raise subprocess.CalledProcessError(process.returncode, command)
    return [json.loads(output) for output in outputs]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--msdb", required=True, help="the msdb binary (a release build)")
    parser.add_argument("--python", default=sys.executable, help="a Python with torch installed")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-capacity", action="store_true",
                        help="skip the two 1-thread processes that measure what two cores give")
    args = parser.parse_args()
    measures_scaling = 1 in args.threads and 2 in args.threads

    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rounds = []
    for number in range(1, args.rounds + 1):
        entry = {}
        for threads in args.threads:
            msdb = run_json([args.msdb, "bench", "train", "--threads", str(threads), "--json"])
            torch = run_json([args.python, os.path.join(HERE, "pytorch_unet_bench.py"), "--threads",
                              str(threads), "--json"])
            entry[threads] = {"msdb": msdb, "pytorch": torch}
            print(f"round {number}, {threads} thread(s): msdb train {msdb['train_images_per_s']:.2f} "
                  f"infer {msdb['infer_images_per_s']:.2f}, PyTorch train {torch['train_images_per_s']:.2f} "
                  f"infer {torch['infer_images_per_s']:.2f} img/s", file=sys.stderr)
        if measures_scaling and not args.no_capacity:
            pair = run_pair([args.msdb, "bench", "train", "--threads", "1", "--json"])
            entry["capacity"] = sum(p["train_images_per_s"] for p in pair) / entry[1]["msdb"]["train_images_per_s"]
            rates = " + ".join(f"{p['train_images_per_s']:.2f}" for p in pair)
            print(f"round {number}, two 1-thread processes at once: {rates} img/s, "
                  f"{entry['capacity']:.2f}× the lone run", file=sys.stderr)
        rounds.append(entry)

    summary = {"started": started, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "rounds": args.rounds, "blas_core": rounds[0][args.threads[0]]["msdb"]["blas_core"],
               "torch": rounds[0][args.threads[0]]["pytorch"]["torch"], "rows": []}
    for threads in args.threads:
        for phase in ("train", "infer"):
            key = f"{phase}_images_per_s"
            ours = [r[threads]["msdb"][key] for r in rounds]
            theirs = [r[threads]["pytorch"][key] for r in rounds]
            ratios = [a / b for a, b in zip(ours, theirs)]
            summary["rows"].append({
                "phase": phase, "threads": threads, "msdb": statistics.median(ours),
                "msdb_gflops": statistics.median(r[threads]["msdb"][f"{phase}_gflops"] for r in rounds),
                "pytorch": statistics.median(theirs), "ratio_of_medians": statistics.median(ours) / statistics.median(theirs),
                "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios)})
    if measures_scaling:
        scaling = [r[2]["msdb"]["train_images_per_s"] / r[1]["msdb"]["train_images_per_s"] for r in rounds]
        summary["msdb_train_scaling_2_over_1"] = {"median": statistics.median(scaling), "min": min(scaling),
                                                  "max": max(scaling)}
        torch_scaling = [r[2]["pytorch"]["train_images_per_s"] / r[1]["pytorch"]["train_images_per_s"]
                         for r in rounds]
        summary["pytorch_train_scaling_2_over_1"] = {"median": statistics.median(torch_scaling),
                                                     "min": min(torch_scaling), "max": max(torch_scaling)}
        if "capacity" in rounds[0]:
            capacity = [r["capacity"] for r in rounds]
            summary["two_processes_over_one"] = {"median": statistics.median(capacity), "min": min(capacity),
                                                 "max": max(capacity)}
            share = [a / b for a, b in zip(scaling, capacity)]
            summary["msdb_scaling_over_two_processes"] = {"median": statistics.median(share), "min": min(share),
                                                          "max": max(share)}
        # How msdb's 2 threads spent the training time (bench train's parallel figures, medians).
        summary["msdb_train_parallel_2_threads"] = {
            key: statistics.median(r[2]["msdb"][key] for r in rounds)
            for key in ("train_parallel_share", "train_parallel_busy_share") if key in rounds[0][2]["msdb"]}
    summary["peak_rss_mib"] = {str(t): {"msdb": statistics.median(r[t]["msdb"]["peak_rss_mib"] for r in rounds),
                                        "pytorch": statistics.median(r[t]["pytorch"]["peak_rss_mib"] for r in rounds)}
                               for t in args.threads}
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{args.rounds} alternating rounds, {summary['started']} to {summary['finished']}, "
          f"OpenBLAS {summary['blas_core']}, PyTorch {summary['torch']}")
    print("| | msdb | PyTorch | ratio of medians | per-round ratios (median, min–max) |")
    print("|---|---|---|---|---|")
    for row in summary["rows"]:
        print(f"| {row['phase']}, {row['threads']} thread{'s' if row['threads'] > 1 else ''} | {row['msdb']:.2f} "
              f"({row['msdb_gflops']:.0f} GFLOP/s) | {row['pytorch']:.2f} | **{row['ratio_of_medians']:.2f}×** | "
              f"{row['ratio_median']:.2f} ({row['ratio_min']:.2f}–{row['ratio_max']:.2f}) |")
    if "msdb_train_scaling_2_over_1" in summary:
        s = summary["msdb_train_scaling_2_over_1"]
        t = summary["pytorch_train_scaling_2_over_1"]
        print(f"training, 2 threads over 1: msdb {s['median']:.2f}× (rounds {s['min']:.2f}–{s['max']:.2f}), "
              f"PyTorch {t['median']:.2f}× (rounds {t['min']:.2f}–{t['max']:.2f})")
        if "two_processes_over_one" in summary:
            c = summary["two_processes_over_one"]
            e = summary["msdb_scaling_over_two_processes"]
            print(f"two 1-thread processes at once: {c['median']:.2f}× a lone one (rounds {c['min']:.2f}–"
                  f"{c['max']:.2f}); msdb's 2-thread scaling is {e['median'] * 100:.0f}% of that "
                  f"(rounds {e['min'] * 100:.0f}–{e['max'] * 100:.0f}%)")
        p = summary["msdb_train_parallel_2_threads"]
        if p:
            print(f"msdb training at 2 threads: {p['train_parallel_share'] * 100:.1f}% of the time in parallel "
                  f"regions, threads busy {p['train_parallel_busy_share'] * 100:.1f}% of it (medians)")
    for threads, rss in summary["peak_rss_mib"].items():
        print(f"peak RSS at {threads} thread(s): msdb {rss['msdb']:.0f} MiB, PyTorch {rss['pytorch']:.0f} MiB")


if __name__ == "__main__":
    main()
