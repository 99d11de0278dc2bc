#!/usr/bin/env python3
"""How much time each CPU of this machine loses to the host: one process pinned to each CPU reads the
clock in a tight loop for a while and counts the gaps between reads (a gap is time the CPU ran
something else: an interrupt, the kernel, or on a virtual machine the host).

A process whose threads meet at hundreds of barriers per step (msdb's `bench train` at 2 threads runs
about 150 parallel regions per training step) waits at the next barrier for a thread whose CPU is
away, so it loses about twice what one CPU loses, while separate 1-thread processes each lose only
their own CPU's. Run it beside a benchmark to tell a quiet minute from a busy one:

    python3 Tests/Benchmarks/cpu_hiccups.py [--seconds 10] [--json]
"""
import argparse
import json
import multiprocessing
import os
import time

# Gap classes in microseconds: [lower, upper) bounds.
CLASSES = [(20, 100), (100, 500), (500, 2000), (2000, 10000), (10000, None)]


def watch(cpu, seconds, results):
    os.sched_setaffinity(0, {cpu})
    clock = time.perf_counter_ns
    counts = [0] * len(CLASSES)
    lost = 0
    start = last = clock()
    end = start + int(seconds * 1e9)
    while last < end:
        now = clock()
        gap = now - last
        last = now
        if gap > 20_000:
            lost += gap
            micros = gap // 1000
            for index, (lower, upper) in enumerate(CLASSES):
                if micros >= lower and (upper is None or micros < upper):
                    counts[index] += 1
                    break
    results[cpu] = {"cpu": cpu, "seconds": (last - start) / 1e9, "lost_ms": lost / 1e6,
                    "lost_share": lost / (last - start), "gaps": counts}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    with multiprocessing.Manager() as manager:
        results = manager.dict()
        workers = [multiprocessing.Process(target=watch, args=(cpu, args.seconds, results)) for cpu in cpus]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        rows = [results[cpu] for cpu in cpus]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    labels = ["20-100 µs", "0.1-0.5 ms", "0.5-2 ms", "2-10 ms", ">10 ms"]
    for row in rows:
        gaps = ", ".join(f"{label} {count}" for label, count in zip(labels, row["gaps"]))
        print(f"CPU {row['cpu']}: lost {row['lost_ms']:.1f} ms of {row['seconds']:.1f} s "
              f"({row['lost_share'] * 100:.2f}%); gaps {gaps}")


if __name__ == "__main__":
    main()
