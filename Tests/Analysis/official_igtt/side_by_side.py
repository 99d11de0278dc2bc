#!/usr/bin/env python3
"""Runs the AUTHORS' iGTT (YaoruLuo/Meta-Structures-for-DNN) on CPU, from their own modules, with
the schedule msdb uses, and saves what the side-by-side needs.

Nothing of the authors' code is copied here: their checkout is put on sys.path and their
`trainer_segmentation.train()` runs as written. This file only
  * makes it run on a CPU with one thread (`.cuda()` becomes a no-op, visdom is a stub, the
    DataLoader gets num_workers=0 so every draw comes from the seeded main-process RNGs);
  * seeds torch, numpy and random (their code sets no seed);
  * sets the U-Net width (their trainer builds UNet() with its default base_dim=64);
  * replaces `val_one_epoch` (validation on the test list, which only feeds visdom and a log
    unless --use_evaluation) by an eval-mode pass over the test tiles that saves float score maps;
  * optionally switches ONE msdb choice on, by wrapping their functions (never editing them):
      --no-ems          EMS off: their loader's emsModule becomes the identity ("iGTT w/o EMS");
      --per-image       the DMI threshold index chosen per image (their find_best_estMask on each
                        image alone) instead of one index per batch;
      --invert-fraction invert a loaded pseudo-label when more than half of ITS pixels are
                        foreground (their rule is an absolute count > 65535/2, which a 128x128 tile
                        can never reach);
      --augment         one of the 8 flips/quarter turns per image and epoch (msdb's
                        DihedralTransform: horizontal flip, then k counter-clockwise quarter
                        turns); the candidate mask is turned back before it is saved, as msdb does.

Usage:
  python side_by_side.py --official /work/sbs/official --data DATA_DIR --out RUN_DIR --seed 0 \
      [--width 16 --epochs 20 --batch 4 --lr 0.05 --lr-step 15] [--no-ems] [--per-image] \
      [--invert-fraction] [--augment]
DATA_DIR is the official layout, DATA_DIR/{train,test}/{images,labels}/*.png (0/255 labels).
RUN_DIR receives: lists, black masks, the authors' per-epoch bestMask PNGs
(train/iGTT/run/numWindow_30/iter_<k>/bestMask), test score maps test_scores/epoch_<k>/<name>.npy
(float32 sigmoid, eval-mode batch norm) and run.json (settings, wall time).
"""
import argparse
import functools
import glob
import json
import os
import random
import sys
import time
import types

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--official", required=True, help="work tree of YaoruLuo/Meta-Structures-for-DNN")
parser.add_argument("--data", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--seed", type=int, required=True)
parser.add_argument("--width", type=int, default=16)
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--batch", type=int, default=4)
parser.add_argument("--lr", type=float, default=0.05)
parser.add_argument("--lr-step", type=int, default=15)
parser.add_argument("--no-ems", action="store_true")
parser.add_argument("--per-image", action="store_true")
parser.add_argument("--invert-fraction", action="store_true")
parser.add_argument("--augment", action="store_true")
parser.add_argument("--save-every-epoch", action="store_true", help="test maps of every epoch, not only the last")
opts = parser.parse_args()

import cv2  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
cv2.setNumThreads(1)

# --- CPU: .cuda() on tensors and modules returns them unchanged (their code calls it everywhere,
# including loss.cuda() inside DMI_loss). nn.DataParallel already passes through without CUDA.
torch.Tensor.cuda = lambda self, *a, **k: self
torch.nn.Module.cuda = lambda self, *a, **k: self

# --- visdom is only used for live plots; a stub that accepts and ignores every call.
class _Viz:
    def __init__(self, *a, **k):
        pass

    def __getattr__(self, name):
        return lambda *a, **k: None

sys.modules["visdom"] = types.SimpleNamespace(Visdom=_Viz)
try:  # generate_noise_label imports pyplot but never uses it in the iGTT path
    import matplotlib.pyplot  # noqa: F401
except ImportError:
    sys.modules["matplotlib"] = types.ModuleType("matplotlib")
    sys.modules["matplotlib.pyplot"] = types.ModuleType("matplotlib.pyplot")

sys.path.insert(0, os.path.abspath(opts.official))
import datasets.data_loader as data_loader_module  # noqa: E402
import models.unet as unet_module  # noqa: E402
import trainers.trainer as trainer_module  # noqa: E402

# --- Seeds: the shuffles (torch), EMS (numpy) and anything using random.
random.seed(opts.seed)
np.random.seed(opts.seed)
torch.manual_seed(opts.seed)

# --- Width: their trainer calls unet.UNet(in_dim=1, n_classes=..., logits=...), base_dim 64 by default.
# The trainer's name `unet` is pointed at a stand-in whose UNet fixes base_dim (their class itself is
# untouched: it calls super(UNet, self), which needs the module's UNet to stay the class).
trainer_module.unet = types.SimpleNamespace(UNet=functools.partial(unet_module.UNet, base_dim=opts.width))

# --- DataLoader: their num_workers=64 would fork workers with copied RNG states; force 0.
# With --augment it also records each batch's transforms for the candidate turn-back below.
_current_transforms = []


class _Loader:
    def __init__(self, dataset, **kwargs):
        kwargs["num_workers"] = 0
        self.loader = torch.utils.data.DataLoader(dataset, **kwargs)

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        for batch in self.loader:
            _current_transforms[:] = batch["T"].tolist() if "T" in batch else []
            yield batch


trainer_module.DataLoader = _Loader

# --- Switch: EMS off, and/or inversion by the mask's own foreground fraction. Both wrap the
# emsModule their loader calls right after its own (absolute-count) inversion test.
_original_ems = data_loader_module.emsModule


def _ems(mask, shift_r, sample_p):
    if opts.invert_fraction and mask.mean() > 0.5:
        mask = 1 - mask
    if opts.no_ems:
        return mask
    return _original_ems(mask, shift_r=shift_r, sample_p=sample_p)


data_loader_module.emsModule = _ems


# --- Switch: flips / quarter turns. Applied to image and (pseudo-)mask of every training sample.
def _dihedral(array, index, inverse=False):
    flip, turns = index >= 4, index % 4
    if not inverse:
        if flip:
            array = np.flip(array, axis=-1)
        return np.rot90(array, turns, axes=(-2, -1))
    array = np.rot90(array, -turns, axes=(-2, -1))
    return np.flip(array, axis=-1) if flip else array


if opts.augment:
    _original_getitem = data_loader_module.seg_dataloader.__getitem__

    def _getitem(self, index):
        sample = _original_getitem(self, index)
        if self.split == "train":
            t = int(np.random.randint(8))
            sample["image"] = torch.from_numpy(_dihedral(sample["image"].numpy(), t).copy())
            sample["mask"] = torch.from_numpy(_dihedral(sample["mask"].numpy(), t).copy())
            sample["orig_img"] = torch.from_numpy(_dihedral(sample["orig_img"].numpy(), t).copy())
            sample["T"] = t
        return sample

    data_loader_module.seg_dataloader.__getitem__ = _getitem

# --- Candidate choice: their find_best_estMask averages DMI over the batch (one index per batch).
# --per-image calls it on each image alone. --augment turns each chosen mask back to the image's frame.
_original_find = trainer_module.find_best_estMask


def _find_best(preds, est_masks, criterion, ensemble=False):
    if opts.per_image:
        parts = [_original_find(preds[i:i + 1], est_masks[i:i + 1], criterion, ensemble) for i in range(preds.shape[0])]
        index = torch.cat([p[0] for p in parts])
        best = torch.cat([p[1] for p in parts])
    else:
        index, best = _original_find(preds, est_masks, criterion, ensemble)
    if opts.augment and _current_transforms:
        best = torch.stack([torch.from_numpy(_dihedral(best[i].numpy(), t, inverse=True).copy())
                            for i, t in enumerate(_current_transforms)])
    return index, best


trainer_module.find_best_estMask = _find_best

# --- Run folder: lists in their format ("image label" per line), all-black epoch-1 masks in a
# folder named masks_Black_aug (their loader swaps that name for the pseudo-label folder).
out = os.path.abspath(opts.out)
assert "masks_Black_aug" not in out and "tif" not in out, "their path rewriting would misfire"
os.makedirs(os.path.join(out, "train", "masks_Black_aug"), exist_ok=True)
train_images = sorted(glob.glob(os.path.join(opts.data, "train", "images", "*.png")))
test_images = sorted(glob.glob(os.path.join(opts.data, "test", "images", "*.png")))
with open(os.path.join(out, "train.txt"), "w") as fid:
    for path in train_images:
        black = os.path.join(out, "train", "masks_Black_aug", os.path.basename(path))
        cv2.imwrite(black, np.zeros(cv2.imread(path, -1).shape[:2], np.uint8))
        fid.write(f"{os.path.abspath(path)} {black}\n")
with open(os.path.join(out, "test.txt"), "w") as fid:
    for path in test_images:
        fid.write(f"{os.path.abspath(path)} {os.path.abspath(path.replace('/images/', '/labels/'))}\n")

args = argparse.Namespace(
    mode="segmentation", datatype="custom", onlineRandom=False, predInvert=False,
    is_iGTT=True, use_evaluation=False, num_window=30, shift_r=1, sample_p=0.1, iGTT_dir="iGTT",
    network="unet", pretrain=None, resume=None, segmentation_loss="dmi_iou", estMask_loss="dmi",
    optimizer_type="sgd", normalization=True, input_channel=1, num_class=1,
    init_lr=opts.lr, train_batch_size=opts.batch, val_batch_size=opts.batch, epochs=opts.epochs,
    start_save_ckpt=10 ** 9, weight_decay=0.001, print_steps=10, save_every_x_epochs=2,
    lr_decay_every_x_epochs=opts.lr_step, gamma=0.1, gpu_list=[0],
    train_log_name="run", iGTT_save_path=os.path.join(out, "train", "iGTT", "run"),
    train_data_list=os.path.join(out, "train.txt"), val_data_list=os.path.join(out, "test.txt"),
    ckpt_dir=os.path.join(out, "ckpt"), text_message_dir=out, log_file=os.path.join(out, "log_file.txt"))

trainer = trainer_module.trainer_segmentation(args)


# --- Test pass replacing val_one_epoch: eval-mode batch norm, their preprocessing (seg_dataloader,
# split 'val' reads image and label), float sigmoid maps saved as .npy (PNG would round them).
def _test_pass(self, epoch):
    if not (opts.save_every_epoch or epoch + 1 == opts.epochs):
        return 0.0, 0.0, 0.0, 0.5, [], []
    dataset = data_loader_module.seg_dataloader(img_list=args.val_data_list, split="val", is_normalization=True)
    folder = os.path.join(out, "test_scores", f"epoch_{epoch + 1}")
    os.makedirs(folder, exist_ok=True)
    self.model.eval()
    with torch.no_grad():
        for i in range(len(dataset)):
            sample = dataset[i]
            score = self.model(sample["image"].unsqueeze(0))[0, 0].numpy().astype(np.float32)
            np.save(os.path.join(folder, os.path.splitext(sample["ID"])[0] + ".npy"), score)
    return 0.0, 0.0, 0.0, 0.5, [], []


trainer_module.trainer_segmentation.val_one_epoch = _test_pass

start = time.time()
trainer.train()
wall = time.time() - start
with open(os.path.join(out, "run.json"), "w") as fid:
    json.dump({"settings": vars(opts), "wall_seconds": wall, "torch": torch.__version__}, fid, indent=1)
print(f"done in {wall:.1f} s")
