#!/usr/bin/env python3
"""Scores msdb's and the authors' iGTT runs with ONE piece of code, from their saved test score maps
and per-epoch pseudo-labels, and writes results.csv (one row per run) and epochs.csv (one row per
run and epoch).

Usage:
  python analyze.py --set TAG:DATA_DIR:OTSU_RUN_ID [--set ...] --db MSDB_SQLITE --msdb-logs LOG_DIR \
      --official-runs RUNS_DIR --results results.csv --epochs epochs.csv

msdb runs are found as LOG_DIR/msdb_<tag>_<variant>_s<seed>.json (the `msdb igtt --json` output);
their outputs are read from the SQLite file (read-only; every blob is checked against its
SHA-256 id as msdb does). Authors' runs are RUNS_DIR/<tag>_off_<variant>_s<seed>/ as written by
side_by_side.py. Ground truth for both comes from DATA_DIR (the files both implementations read);
msdb's test and train order is matched to the files by image content.

Per run: Dice at the IoU-maximising threshold over every distinct score (pooled test pixels,
positive when score >= t, the highest t on ties, as msdb and the authors' evaluate.py define it),
Dice at score > 0.5, ROC AUC, and evaluate.py's Dice (best IoU over np.arange(0.24, 0.26, 0.01),
positive when score > t), each for the raw sigmoid and for its complement 1 - sigmoid.
Per epoch: the pseudo-labels' foreground fraction (pooled over the training tiles, which all have
the same size, so it equals the mean per-tile fraction) and pooled Dice against the hidden training
ground truth, for the label that goes into EMS (msdb: `pseudo/epoch-k`, stored after its inversion
rule; authors: `bestMask` of iter_k after their loader's inversion rule, which at 128x128 never
fires; `candidate_coverage` is bestMask before it).
"""
import argparse
import csv
import glob
import hashlib
import json
import os
import re
import sqlite3
import struct
import zlib

import cv2
import numpy as np
from skimage.filters import threshold_otsu
from sklearn.metrics import roc_auc_score


# ---------- metrics (the same code for both implementations) ----------
def counts(pred, truth):
    tp = int(np.sum(pred & truth)); fp = int(np.sum(pred & ~truth)); fn = int(np.sum(~pred & truth))
    return tp, fp, fn


def dice_of(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else 1.0


def searched(scores, truth):
    """Dice and threshold at the IoU-maximising threshold over every distinct score (score >= t)."""
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], truth[order].astype(np.int64)
    tp = np.cumsum(y); fp = np.cumsum(1 - y); positives = y.sum()
    ends = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last index of each distinct value
    tp, fp = tp[ends], fp[ends]
    iou = tp / (positives + fp)  # TP / (TP + FP + FN), FN = positives - TP
    best = int(np.argmax(iou))  # scores descend, so the first maximum is the highest threshold
    fn = positives - tp[best]
    return dice_of(tp[best], fp[best], fn), float(s[ends][best])


def evaluate_py(scores, truth):
    """The authors' evaluate.py: best IoU over np.arange(0.24, 0.26, 0.01), positive when score > t."""
    best_iou, best_dice = -1.0, float("nan")
    for t in np.arange(0.24, 0.26, 0.01):
        tp, fp, fn = counts(scores > t, truth)
        iou = tp / (tp + fp + fn) if (tp + fp + fn) else 0.0
        if iou > best_iou:  # np.argmax: the first maximum
            best_iou, best_dice = iou, dice_of(tp, fp, fn)
    return best_dice


def score_metrics(scores, truth, prefix):
    d_s, t_s = searched(scores, truth)
    return {f"{prefix}dice_searched": d_s, f"{prefix}threshold_searched": t_s,
            f"{prefix}dice_05": dice_of(*counts(scores > 0.5, truth)),
            f"{prefix}auc": roc_auc_score(truth, scores), f"{prefix}evaluate_py": evaluate_py(scores, truth)}


# ---------- data ----------
def read_split(data, split):
    names = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(data, split, "images", "*.png")))
    images = {n: cv2.imread(os.path.join(data, split, "images", n + ".png"), -1) for n in names}
    labels = {n: cv2.imread(os.path.join(data, split, "labels", n + ".png"), -1) > 0 for n in names}
    return names, images, labels


class Msdb:
    """Read-only access to msdb's SQLite file (schema/README.md)."""

    def __init__(self, path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def blob(self, blob_id):
        kind, data = self.db.execute("SELECT kind, bytes FROM blobs WHERE id = ?", (blob_id,)).fetchone()
        raw = zlib.decompress(data)
        assert hashlib.sha256(kind.encode() + b"\0" + raw).hexdigest() == blob_id, blob_id
        return raw

    def outputs(self, run_id):
        rows = self.db.execute("SELECT role, artifact_id FROM lineage WHERE run_id = ? AND direction = 'output'", (run_id,))
        return dict(rows.fetchall())

    def metrics(self, run_id):
        return dict(self.db.execute("SELECT name, value FROM run_metrics WHERE run_id = ?", (run_id,)).fetchall())

    def wall(self, run_id):
        return self.db.execute("SELECT wall_seconds FROM runs WHERE id = ?", (run_id,)).fetchone()[0]

    def label(self, blob_id):
        raw = self.blob(blob_id)
        assert raw[:8] == b"MSDBLBL1"
        w, h = struct.unpack("<II", raw[8:16])
        return np.frombuffer(raw[16:], np.uint8).reshape(h, w)

    def prediction(self, blob_id):
        raw = self.blob(blob_id)
        assert raw[:8] == b"MSDBPRD1"
        c, h, w = struct.unpack("<III", raw[8:20])
        return np.frombuffer(raw[20:], "<f4").reshape(c, h, w)[0]

    def image(self, blob_id):
        raw = self.blob(blob_id)
        assert raw[:8] == b"MSDBIMG1"
        w, h = struct.unpack("<II", raw[8:16]); ch, bits = raw[16], raw[17]
        assert ch == 1 and bits in (8, 16)
        return np.frombuffer(raw[18:], np.uint8 if bits == 8 else "<u2").reshape(h, w)


def msdb_order(msdb, dataset_id, split, images):
    """File names in the order of the manifest's split, matched by image content."""
    manifest = json.loads(msdb.blob(dataset_id))
    by_bytes = {img.astype(np.uint16).tobytes(): n for n, img in images.items()}
    return [by_bytes[msdb.image(entry["image"]).astype(np.uint16).tobytes()] for entry in manifest["splits"][split]]


def pooled(masks, truths):
    m = np.concatenate([x.ravel() for x in masks]).astype(bool)
    t = np.concatenate([x.ravel() for x in truths])
    return float(m.mean()), dice_of(*counts(m, t))


def intensity_correlation(maps, images):
    """msdb's intensity rule: pooled Pearson correlation of training sigmoid maps with the z-scored image."""
    z = [(i - i.mean()) / (i.std() + 1e-10) for i in (x.astype(np.float64) for x in images)]
    return float(np.corrcoef(np.concatenate([m.ravel() for m in maps]), np.concatenate([x.ravel() for x in z]))[0, 1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", required=True, help="TAG:DATA_DIR:OTSU_RUN_ID")
    ap.add_argument("--db", required=True)
    ap.add_argument("--msdb-logs", required=True)
    ap.add_argument("--official-runs", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--epochs", required=True)
    a = ap.parse_args()

    msdb = Msdb(a.db)
    rows, epoch_rows = [], []
    for spec in a.set:
        a.tag, a.data, a.otsu_run = spec.split(":")
        train_names, train_images, train_labels = read_split(a.data, "train")
        test_names, test_images, test_labels = read_split(a.data, "test")
        truth = np.concatenate([test_labels[n].ravel() for n in test_names])

        # Otsu: msdb's baseline run, and scikit-image's threshold_otsu per tile as a cross-check.
        otsu_msdb = msdb.metrics(a.otsu_run)["dice"]
        sk = np.concatenate([(test_images[n] > threshold_otsu(test_images[n])).ravel() for n in test_names])
        rows.append({"data": a.tag, "impl": "otsu", "variant": "-", "seed": "", "dice_searched": otsu_msdb,
                     "dice_05": otsu_msdb, "note": f"skimage threshold_otsu per tile, pooled: {dice_of(*counts(sk, truth)):.4f}"})

        # msdb runs.
        for path in sorted(glob.glob(os.path.join(a.msdb_logs, f"msdb_{a.tag}_*_s*.json"))):
            variant, seed = re.match(rf"msdb_{a.tag}_(\w+?)_s(\d+)\.json", os.path.basename(path)).groups()
            if os.path.getsize(path) == 0:
                continue
            run = json.load(open(path))
            run_id, dataset_id = run["id"], run["inputs"]["dataset"]
            out, met = msdb.outputs(run_id), msdb.metrics(run_id)
            test_order = msdb_order(msdb, dataset_id, "test", test_images)
            train_order = msdb_order(msdb, dataset_id, "train", train_images)
            stored = {n: msdb.prediction(out[f"prediction/test/{i:03d}"]) for i, n in enumerate(test_order)}
            inverted = int(met.get("scores_inverted", 0))
            raw = np.concatenate([(1 - stored[n] if inverted else stored[n]).ravel() for n in test_names]).astype(np.float64)
            row = {"data": a.tag, "impl": "msdb", "variant": variant, "seed": int(seed), "run": run_id[:12],
                   "own_rule_flips": inverted, "wall_seconds": msdb.wall(run_id),
                   "msdb_dice_searched_metric": met.get("dice_searched")}
            row.update(score_metrics(raw, truth, "raw_")); row.update(score_metrics(1 - raw, truth, "flip_"))
            epochs = sorted({int(r.split("/")[1][6:]) for r in out if r.startswith("pseudo/")})
            dice_curve = json.loads(msdb.blob(out["curve/dice_searched"]))["y"]
            for k in epochs:
                masks = [msdb.label(out[f"pseudo/epoch-{k}/{i:03d}"]) for i in range(len(train_order))]
                cov, dice = pooled([m == 1 for m in masks], [train_labels[n] for n in train_order])
                epoch_rows.append({"data": a.tag, "impl": "msdb", "variant": variant, "seed": int(seed), "epoch": k,
                                   "coverage": cov, "pseudo_dice": dice,
                                   "test_dice_searched_own_orientation": dice_curve[k - 1]})
            row["final_coverage"] = epoch_rows[-1]["coverage"]
            row["final_pseudo_dice"] = epoch_rows[-1]["pseudo_dice"]
            rows.append(row)

        # Authors' runs.
        for run_dir in sorted(glob.glob(os.path.join(a.official_runs, f"{a.tag}_off_*_s*"))):
            if not os.path.exists(os.path.join(run_dir, "run.json")):
                continue
            variant, seed = re.match(rf"{a.tag}_off_(.+)_s(\d+)$", os.path.basename(run_dir)).groups()
            info = json.load(open(os.path.join(run_dir, "run.json")))
            n_epochs = info["settings"]["epochs"]
            def test_scores(k):
                folder = os.path.join(run_dir, "test_scores", f"epoch_{k}")
                return np.concatenate([np.load(os.path.join(folder, n + ".npy")).ravel() for n in test_names]).astype(np.float64)
            raw = test_scores(n_epochs)
            base = os.path.join(run_dir, "train", "iGTT", "run", "numWindow_30")
            last_maps = [np.load(os.path.join(base, f"iter_{n_epochs}", "pred", n + ".png.npy")) for n in train_names]
            corr = intensity_correlation(last_maps, [train_images[n] for n in train_names])
            row = {"data": a.tag, "impl": "official", "variant": variant, "seed": int(seed), "run": os.path.basename(run_dir),
                   "own_rule_flips": 0, "msdb_intensity_rule_would_flip": int(corr < 0), "wall_seconds": info["wall_seconds"]}
            row.update(score_metrics(raw, truth, "raw_")); row.update(score_metrics(1 - raw, truth, "flip_"))
            for k in range(1, n_epochs + 1):
                candidates = [cv2.imread(os.path.join(base, f"iter_{k}", "bestMask", n + ".png"), -1) > 0 for n in train_names]
                # The label their loader passes to EMS: inverted by their absolute count (> 65535/2 pixels)
                # or, under the --invert-fraction switch, by the mask's own fraction (> 1/2).
                flip = [(m.mean() > 0.5) if "invfrac" in variant else (m.sum() > 65535 / 2) for m in candidates]
                masks = [~m if f else m for m, f in zip(candidates, flip)]
                cov, dice = pooled(masks, [train_labels[n] for n in train_names])
                er = {"data": a.tag, "impl": "official", "variant": variant, "seed": int(seed), "epoch": k,
                      "coverage": cov, "pseudo_dice": dice, "candidate_coverage": pooled(candidates, masks)[0],
                      "inverted_share": float(np.mean(flip))}
                if os.path.isdir(os.path.join(run_dir, "test_scores", f"epoch_{k}")):
                    er["test_dice_searched_raw"] = searched(test_scores(k), truth)[0]
                    er["test_dice_searched_flip"] = searched(1 - test_scores(k), truth)[0]
                epoch_rows.append(er)
            row["final_coverage"] = epoch_rows[-1]["coverage"]
            row["final_pseudo_dice"] = epoch_rows[-1]["pseudo_dice"]
            rows.append(row)

    for path, table in ((a.results, rows), (a.epochs, epoch_rows)):
        fields = []
        for r in table:
            fields += [k for k in r if k not in fields]
        with open(path, "w", newline="") as fid:
            w = csv.DictWriter(fid, fieldnames=fields)
            w.writeheader()
            w.writerows({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in r.items()} for r in table)
    print(f"{len(rows)} runs, {len(epoch_rows)} epoch rows")


if __name__ == "__main__":
    main()
