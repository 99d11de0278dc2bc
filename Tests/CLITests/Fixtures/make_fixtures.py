#!/usr/bin/env python3
"""Makes the CLI test fixtures from the Imaging and Evaluation fixtures, whose reference values come
from scikit-image, OpenCV, scipy and scikit-learn (see make_fixtures.py in those folders). Nothing
here recomputes a reference value: images are copied, cropped or laid out as files, and the
expected numbers are copied from the references' own outputs. Run from this folder:

    pip install numpy pillow
    python3 make_fixtures.py
"""
import json
import shutil

import numpy as np
from PIL import Image

IMAGING = "../../ImagingTests/Fixtures/"
EVALUATION = "../../EvaluationTests/Fixtures/"

imaging = json.load(open(IMAGING + "expected.json"))
cases = json.load(open(EVALUATION + "cases.json"))
expected = {"source_versions": {"imaging": imaging["versions"], "evaluation": cases["versions"]}}

# --- Thresholds and morphology: inputs and reference outputs copied as they are ------------------
for name in ("blobs_u8.png", "blobs_u8_otsu.png", "blobs_u8_agt_b11_c2.png", "network_u16.tif",
             "network_mask.png", "network_dilate.png", "network_erode.png", "network_skeleton.png"):
    shutil.copyfile(IMAGING + name, name)
expected["otsu"] = {"blobs_u8": imaging["otsu"]["blobs_u8"], "network_u16": imaging["otsu"]["network_u16"]}
expected["agt"] = [entry for entry in imaging["agt"]
                   if entry["image"] == "blobs_u8" and entry["block"] in (11, 31)]
expected["morphology_foreground"] = {
    step: int((np.array(Image.open(f"network_{step}.png")) > 0).sum()) for step in ("dilate", "erode")}
expected["skeleton_foreground"] = imaging["skeleton_foreground"]["network"]

# --- KDE: the 48x48 crop of the network mask whose scipy density expected.json holds -------------
top, left, height, width = imaging["kde"]["crop"]
network = np.array(Image.open("network_mask.png"))
Image.fromarray(network[top:top + height, left:left + width]).save("network_crop_mask.png")
expected["kde"] = {"bandwidth": imaging["kde"]["bandwidth"], "width": width, "height": height,
                   "values": imaging["kde"]["values"]}

# --- Binary metrics: scikit-learn's pooled pixels laid out as one 133x64 image -------------------
# Pooling ignores pixel order, so one image holding every pooled pixel has the pooled counts.
binary = cases["binary"]
truth = np.concatenate([np.array(image["truth"], np.uint8) for image in binary["images"]])
prediction = np.concatenate([np.array(image["prediction"], np.uint8) for image in binary["images"]])
scores = np.concatenate([np.array(image["scores"]) for image in binary["images"]])
shape = (64, truth.size // 64)
assert shape[0] * shape[1] == truth.size
Image.fromarray(truth.reshape(shape)).save("pooled_truth.png")  # 0/1, 255 ignored
Image.fromarray((prediction * 255).reshape(shape)).save("pooled_prediction.png")  # 0/255
# Scores have at most two decimals; x100 as 16-bit integers keeps their order and their ties, so
# the ROC AUC is unchanged.
Image.fromarray(np.round(scores * 100).astype(np.uint16).reshape(shape)).save("pooled_scores.tif")
expected["binary"] = {key: binary["pooled"][key]
                      for key in ("tp", "fp", "fn", "tn", "dice", "iou", "accuracy", "auc")}

# --- Multi-class metrics: the 56x56 label maps (255 ignored in the truth) ------------------------
multiclass = cases["multiclass"]
side = int(round(len(multiclass["truth"]) ** 0.5))
Image.fromarray(np.array(multiclass["truth"], np.uint8).reshape(side, side)).save("classes_truth.png")
Image.fromarray(np.array(multiclass["prediction"], np.uint8).reshape(side, side)).save("classes_prediction.png")
expected["multiclass"] = {key: multiclass[key]
                          for key in ("classes", "confusion", "per_class_iou", "miou", "accuracy")}

with open("expected.json", "w") as handle:
    json.dump(expected, handle)
