#!/usr/bin/env python3
"""Fills an msdb database with N synthetic run rows, for measuring the web view and the query
layer at scale (e.g. 100,000 runs). The rows follow the schema (typed params, metrics, a tag on a
tenth of them) but have no artifacts: they exist to be listed, filtered, sorted and paged.

Usage: python3 large_database.py DB N   (DB must not exist; `msdb` on PATH or $MSDB creates it)."""
import hashlib
import os
import random
import sqlite3
import subprocess
import sys

path, count = sys.argv[1], int(sys.argv[2])
if os.path.exists(path):
    sys.exit(f"error: {path} exists")
subprocess.run([os.environ.get("MSDB", "msdb"), "--db", path, "runs"], check=True, stdout=subprocess.DEVNULL)
db = sqlite3.connect(path)
rng = random.Random(7)
models = ["unet", "deeplabv3", "deeplabv3plus", "hrnet"]
noises = ["cl", "rs", "rf", "rl", "dilate", "erode", "skeleton"]
db.execute("INSERT OR IGNORE INTO experiments (name, description, created_at) VALUES ('sweep', '', '2026-01-01T00:00:00Z')")
runs, params, metrics, tags = [], [], [], []
for index in range(count):
    model, noise = rng.choice(models), rng.choice(noises)
    p = round(rng.random(), 2)
    seed = rng.randrange(5)
    spec = f'{{"kind":"train","params":{{"model":"{model}","noise":"{noise}","p":{p},"n":{index}}},"seed":{seed}}}'
    run_id = hashlib.sha256(spec.encode()).hexdigest()
    created = f"2026-{1 + index * 11 // count:02d}-{1 + index % 28:02d}T{index % 24:02d}:{index % 60:02d}:{index % 59:02d}.{index % 1000:03d}Z"
    status = "done" if rng.random() < 0.97 else rng.choice(["failed", "running"])
    runs.append((run_id, "train", spec, status, seed, "4", created, created, created if status == "done" else None,
                 rng.uniform(5, 500) if status == "done" else None))
    params += [(run_id, "model", model, None), (run_id, "noise", noise, None), (run_id, "p", None, p),
               (run_id, "epochs", None, 40.0), (run_id, "lr", None, 0.01), (run_id, "n", None, float(index))]
    if status == "done":
        dice = max(0.0, min(1.0, rng.gauss(0.8 - 0.5 * p * (noise == "rf"), 0.05)))
        metrics += [(run_id, "dice", dice), (run_id, "auc", rng.uniform(0.8, 1)), (run_id, "accuracy", rng.uniform(0.9, 1))]
    if index % 10 == 0:
        tags.append(("sweep", run_id))
db.executemany("INSERT INTO runs (id, kind, spec, status, seed, engine_version, created_at, started_at, finished_at, wall_seconds) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runs)
db.executemany("INSERT INTO run_params (run_id, name, value_text, value_num) VALUES (?, ?, ?, ?)", params)
db.executemany("INSERT INTO run_metrics (run_id, name, value) VALUES (?, ?, ?)", metrics)
db.executemany("INSERT INTO experiment_runs (experiment, run_id) VALUES (?, ?)", tags)
db.commit()
db.close()
print(f"{path}: {count} runs, {len(params)} params, {len(metrics)} metrics")
