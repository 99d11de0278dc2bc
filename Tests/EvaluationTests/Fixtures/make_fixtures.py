#!/usr/bin/env python3
"""Makes the Evaluation test fixtures: per-pixel truths, predictions and scores with structure
(blob-shaped objects, blurred noisy scores with ties, ignored pixels), and what scikit-learn gives
on them. Run from this folder; cases.json is committed.

    pip install numpy scipy scikit-learn
    python3 make_fixtures.py
"""
import json

import numpy as np
import scipy
import scipy.ndimage as ndi
import sklearn
from sklearn.metrics import confusion_matrix, roc_auc_score

rng = np.random.default_rng(2103_11594)
IGNORE = 255


def blob_truth(size):
    """Binary blobs: thresholded smoothed noise, so objects have real shapes and sizes."""
    field = ndi.gaussian_filter(rng.normal(size=(size, size)), 4)
    return (field > np.quantile(field, 0.7)).astype(np.uint8)


def binary_case(size, decimals):
    truth = blob_truth(size)
    scores = ndi.gaussian_filter(truth.astype(float), 1.5) + rng.normal(0, 0.25, truth.shape)
    scores = np.round(1 / (1 + np.exp(-4 * (scores - 0.5))), decimals)  # rounding makes ties
    prediction = (scores > 0.5).astype(np.uint8)
    labelled = truth.copy()
    labelled[:, size // 2 : size // 2 + 3] = IGNORE  # an ignored stripe
    labelled[rng.random(truth.shape) < 0.03] = IGNORE  # and scattered ignored pixels
    return labelled, prediction, scores


def best_iou(scores, truth):
    """Brute force: every distinct score as threshold, positive when score >= t; best IoU, and the
    highest threshold among equal IoUs."""
    best = None
    for t in np.unique(scores)[::-1]:
        predicted = scores >= t
        tp = int((predicted & (truth == 1)).sum())
        union = int((predicted | (truth == 1)).sum())
        iou = tp / union if union else 1.0
        if best is None or iou > best[1]:
            best = (float(t), iou)
    return best


images = [binary_case(48, 2) for _ in range(3)] + [binary_case(40, 1)]
truths = np.concatenate([t.ravel() for t, _, _ in images])
predictions = np.concatenate([p.ravel() for _, p, _ in images])
scores = np.concatenate([s.ravel() for _, _, s in images])
keep = truths != IGNORE
t, p, s = truths[keep], predictions[keep], scores[keep]
tp = int(((p == 1) & (t == 1)).sum())
fp = int(((p == 1) & (t == 0)).sum())
fn = int(((p == 0) & (t == 1)).sum())
tn = int(((p == 0) & (t == 0)).sum())
threshold, iou_at = best_iou(s, t)
binary = {
    "images": [{"truth": a.ravel().tolist(), "prediction": b.ravel().tolist(), "scores": c.ravel().tolist()}
               for a, b, c in images],
    "pooled": {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "dice": 2 * tp / (2 * tp + fp + fn), "iou": tp / (tp + fp + fn), "accuracy": (tp + tn) / t.size,
        "auc": float(roc_auc_score(t, s)), "best_threshold": threshold, "best_iou": iou_at,
    },
    "per_image_auc": [float(roc_auc_score(a.ravel()[a.ravel() != IGNORE], c.ravel()[a.ravel() != IGNORE]))
                      for a, _, c in images],
}

# Multi-class: 6 classes, class 5 absent from truth and prediction; regions from smoothed noise.
size, classes = 56, 6
field = np.stack([ndi.gaussian_filter(rng.normal(size=(size, size)), 5) for _ in range(5)])
truth_mc = field.argmax(axis=0).astype(np.uint8)
prediction_mc = truth_mc.copy()
flip = rng.random(truth_mc.shape) < 0.2
prediction_mc[flip] = rng.integers(0, 5, flip.sum())
prediction_mc = ndi.median_filter(prediction_mc, 3)  # plausible boundary errors, not salt and pepper
truth_mc[rng.random(truth_mc.shape) < 0.05] = IGNORE
keep = truth_mc != IGNORE
matrix = confusion_matrix(truth_mc[keep], prediction_mc[keep], labels=list(range(classes)))
union = matrix.sum(0) + matrix.sum(1) - np.diag(matrix)
with np.errstate(invalid="ignore", divide="ignore"):
    per_class = np.diag(matrix) / union
multiclass = {
    "classes": classes, "truth": truth_mc.ravel().tolist(), "prediction": prediction_mc.ravel().tolist(),
    "confusion": matrix.ravel().tolist(),
    "per_class_iou": [None if np.isnan(v) else float(v) for v in per_class],
    "miou": float(np.nanmean(per_class)), "accuracy": float(np.trace(matrix) / matrix.sum()),
}

with open("cases.json", "w") as handle:
    json.dump({"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
               "binary": binary, "multiclass": multiclass}, handle)
