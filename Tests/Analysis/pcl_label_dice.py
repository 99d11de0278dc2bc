#!/usr/bin/env python3
"""How much of the clean ER foreground each morphological (PCL) label keeps, from a reproduce database.

For the U-Net runs on the `er` set trained on `dilate`, `erode` and `skeleton` labels (seed 0, the
runs behind Figure 5B and the PCL check), reads the train labels the run learnt from (its
`label_set`) and the clean labels of the dataset, and prints the pooled Dice of the noisy labels
against the clean ones, the noisy foreground as a share of the clean foreground, and the run's own
test Dice at 0.5, searched Dice and searched threshold.

    python3 Tests/Analysis/pcl_label_dice.py reports.sqlite [--msdb .build/release/msdb]
"""
import argparse
import json
import struct
import subprocess

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--msdb", default=".build/release/msdb")
    args = parser.parse_args()

    def msdb(*arguments):
        return subprocess.run([args.msdb, *arguments, "--db", args.db], capture_output=True, check=True).stdout

    def label(artifact):
        data = msdb("cat", artifact)
        assert data[:8] == b"MSDBLBL1", "not a label artifact"
        width, height = struct.unpack("<II", data[8:16])
        return np.frombuffer(data[16:], np.uint8).reshape(height, width)

    runs = json.loads(msdb("runs", "--json", "--filter", "kind = 'train' and params.model = 'unet'"))
    for run in sorted(runs, key=lambda r: r["params"]["labels"]):
        if run["params"]["labels"] not in ("dilate", "erode", "skeleton") or run["seed"] != 0:
            continue
        manifest = json.loads(msdb("cat", run["inputs"]["dataset"]))
        if manifest["name"] != "er":
            continue
        noisy_ids = json.loads(msdb("cat", run["inputs"]["labels"]))["labels"]
        overlap = clean_total = noisy_total = 0
        for entry, noisy_id in zip(manifest["splits"]["train"], noisy_ids):
            clean, noisy = label(entry["label"]), label(noisy_id)
            overlap += int(np.sum(clean & noisy))
            clean_total += int(clean.sum())
            noisy_total += int(noisy.sum())
        metrics = run["metrics"]
        iou = metrics["iou_searched"]
        print(
            f"{run['params']['labels']:9s} label Dice vs CL {200 * overlap / (clean_total + noisy_total):5.1f}"
            f"  foreground {100 * noisy_total / clean_total:4.0f}% of CL's"
            f"  | network Dice at 0.5 {100 * metrics['dice']:5.1f}, searched {200 * iou / (1 + iou):5.1f}"
            f" at {metrics['threshold_searched']:.3f}, AUC {100 * metrics['auc']:.1f}  run {run['id'][:12]}"
        )


if __name__ == "__main__":
    main()
