#!/usr/bin/env python3
"""Makes the Imaging test fixtures: inputs with real structure and what scikit-image, OpenCV and
scipy give on them. Run from this folder; the outputs are committed, the libraries are not.

    pip install numpy scipy scikit-image opencv-python-headless tifffile pillow
    python3 make_fixtures.py

Versions used are recorded in expected.json ("versions").
"""
import json
import warnings

import cv2
import numpy as np
import PIL
import scipy
import scipy.ndimage as ndi
import skimage
import tifffile
from PIL import Image as PILImage
from skimage.filters import threshold_otsu
from skimage.measure import label
from skimage.morphology import binary_dilation, binary_erosion, skeletonize

# binary_dilation/binary_erosion are deprecated in 0.26 but state their border rule (outside pixels
# are neutral) explicitly, which is the rule under test.
warnings.filterwarnings("ignore", category=FutureWarning)
rng = np.random.default_rng(20220222)


def checksum(array):
    """Sum and position-weighted sum of the flattened samples (row-major, channels interleaved)."""
    flat = array.reshape(-1).astype(np.int64)
    weights = np.arange(flat.size, dtype=np.int64) % 251 + 1
    return {"sum": int(flat.sum()), "weighted": int((flat * weights).sum())}


def blobs(h, w, count):
    """Gray blobs of varied size and brightness on a wavy background with Gaussian noise (8-bit)."""
    yy, xx = np.mgrid[0:h, 0:w]
    base = 60 + 40 * np.sin(xx / 9.0) + 30 * np.cos(yy / 13.0)
    for _ in range(count):
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        r = rng.uniform(3, 9)
        base += rng.uniform(50, 110) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
    base += rng.normal(0, 12, (h, w))
    return np.clip(np.round(base), 0, 255).astype(np.uint8)


def network_mask(h, w, curves):
    """Thin curved tubes with junctions and loops, widths 1-3 px (a binary ER-like network)."""
    mask = np.zeros((h, w), np.uint8)
    for _ in range(curves):
        points = []
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        angle = rng.uniform(0, 2 * np.pi)
        for _ in range(rng.integers(8, 20)):
            points.append((int(round(x)), int(round(y))))
            angle += rng.normal(0, 0.5)
            x += 6 * np.cos(angle)
            y += 6 * np.sin(angle)
        cv2.polylines(mask, [np.array(points, np.int32)], False, 1, int(rng.integers(1, 4)))
    cv2.circle(mask, (w // 2, h // 2), 20, 1, 2)
    return mask


def blob_mask(h, w):
    """Filled ellipses, some touching, some with holes, some cut by the image border."""
    mask = np.zeros((h, w), np.uint8)
    for _ in range(14):
        center = (int(rng.integers(-5, w + 5)), int(rng.integers(-5, h + 5)))
        axes = (int(rng.integers(3, 14)), int(rng.integers(3, 14)))
        cv2.ellipse(mask, center, axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
    for _ in range(4):
        cv2.circle(mask, (int(rng.integers(0, w)), int(rng.integers(0, h))), int(rng.integers(1, 4)), 0, -1)
    noise = rng.random((h, w)) < 0.01
    return (mask ^ noise).astype(np.uint8)


def write_mask(name, mask):
    cv2.imwrite(name, (mask.astype(np.uint8) * 255))


expected = {
    "versions": {
        "numpy": np.__version__, "scipy": scipy.__version__, "skimage": skimage.__version__,
        "opencv": cv2.__version__, "tifffile": tifffile.__version__, "pillow": PIL.__version__,
    }
}

# --- Inputs -------------------------------------------------------------------------------------
gray8 = blobs(96, 96, 14)
cv2.imwrite("blobs_u8.png", gray8)
network = network_mask(128, 128, 9)
write_mask("network_mask.png", network)
blobs_bin = blob_mask(96, 96)
write_mask("blobs_mask.png", blobs_bin)
# 16-bit ER-like image: the network blurred by a PSF, uneven background, Poisson + Gaussian noise.
yy, xx = np.mgrid[0:128, 0:128]
signal = ndi.gaussian_filter(network.astype(float), 1.2) * 9000 + 1500 + 800 * np.sin(xx / 30.0)
gray16 = np.clip(rng.poisson(signal) + rng.normal(0, 300, signal.shape), 0, 65535).astype(np.uint16)
tifffile.imwrite("network_u16.tif", gray16, compression="zlib")

# --- Otsu ---------------------------------------------------------------------------------------
as_float = gray16.astype(np.float64) / 65535.0
expected["otsu"] = {
    "blobs_u8": {"threshold": float(threshold_otsu(gray8)), "foreground": int((gray8 > threshold_otsu(gray8)).sum())},
    "network_u16": {"threshold": float(threshold_otsu(gray16)),
                    "foreground": int((gray16 > threshold_otsu(gray16)).sum())},
    "network_u16_as_float": {"threshold": float(threshold_otsu(as_float)),
                             "foreground": int((as_float > threshold_otsu(as_float)).sum())},
}
cv_t, _ = cv2.threshold(gray8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
expected["otsu"]["blobs_u8"]["opencv_threshold"] = float(cv_t)
write_mask("blobs_u8_otsu.png", gray8 > threshold_otsu(gray8))

# --- Adaptive Gaussian threshold ----------------------------------------------------------------
agt = []
network8 = (gray16 >> 8).astype(np.uint8)
cv2.imwrite("network_u8.png", network8)
tiny8 = np.ascontiguousarray(gray8[30:43, 41:61])  # 20x13: smaller than the larger blocks
cv2.imwrite("tiny_u8.png", tiny8)
for name, image in (("blobs_u8", gray8), ("network_u8", network8), ("tiny_u8", tiny8)):
    for block in (3, 5, 7, 9, 11, 15, 21, 31, 51):
        for offset in (-3, 0, 2, 2.5, 5, 10):
            out = cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, offset)
            entry = {"image": name, "block": block, "offset": offset, "foreground": int((out > 0).sum())}
            if (block, offset) in ((11, 2), (31, 5), (5, 0)):
                entry["mask"] = f"{name}_agt_b{block}_c{offset}.png"
                cv2.imwrite(entry["mask"], out)
            agt.append(entry)
expected["agt"] = agt

# --- Morphology, skeleton, components -----------------------------------------------------------
square = np.ones((3, 3), bool)
# Random pixels (RL-like labels) reach nearly every one of the 256 neighbourhoods of a pixel, so
# the skeleton's removal table is exercised almost entirely.
noise = rng.random((96, 96)) < 0.45
write_mask("noise_mask.png", noise)
for name, mask in (("network", network.astype(bool)), ("blobs", blobs_bin.astype(bool)), ("noise", noise)):
    write_mask(f"{name}_dilate.png", binary_dilation(mask, square))
    write_mask(f"{name}_erode.png", binary_erosion(mask, square))
    write_mask(f"{name}_dilate_erode_erode.png",
               binary_erosion(binary_erosion(binary_dilation(mask, square), square), square))
    write_mask(f"{name}_skeleton.png", skeletonize(mask))
    for connectivity in (1, 2):
        labels = label(mask, connectivity=connectivity)
        cv2.imwrite(f"{name}_labels{4 * connectivity}.png", labels.astype(np.uint16))
expected["skeleton_foreground"] = {
    "network": int(skeletonize(network.astype(bool)).sum()),
    "blobs": int(skeletonize(blobs_bin.astype(bool)).sum()),
    "noise": int(skeletonize(noise).sum()),
}
padded = np.pad(noise, 1).astype(int)
codes = sum(padded[1 + dy : 97 + dy, 1 + dx : 97 + dx] << bit for bit, (dy, dx) in
            enumerate([(-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1)]))
expected["noise_neighbourhoods_seen"] = int(np.unique(codes[noise]).size)

# --- Gaussian blur and KDE (48x48 crops keep the JSON small) -----------------------------------
crop = gray8[20:68, 30:78].astype(np.float64)
expected["gaussian"] = {"sigma": 1.7, "crop": [20, 30, 48, 48],
                        "values": ndi.gaussian_filter(crop, 1.7, mode="nearest", truncate=4.0).ravel().tolist()}
kde_mask = network[40:88, 40:88].astype(np.float64)
density = ndi.gaussian_filter(kde_mask, 3.0, mode="constant", cval=0.0, truncate=4.0)
expected["kde"] = {"bandwidth": 3.0, "crop": [40, 40, 48, 48], "values": (density / density.sum()).ravel().tolist()}

# --- Resize --------------------------------------------------------------------------------------
labels_small = (blobs_bin[:40, :40] * 3 + (np.arange(40)[None, :] // 13)).astype(np.uint8)
expected["resize"] = {
    "nearest_67x53": cv2.resize(labels_small, (67, 53), interpolation=cv2.INTER_NEAREST_EXACT).ravel().tolist(),
    "nearest_source": labels_small.ravel().tolist(),
    "bilinear_67x53": cv2.resize(crop[:40, :40].astype(np.float32), (67, 53),
                                 interpolation=cv2.INTER_LINEAR).astype(np.float64).ravel().tolist(),
    "bilinear_29x23": cv2.resize(crop[:40, :40].astype(np.float32), (29, 23),
                                 interpolation=cv2.INTER_LINEAR).astype(np.float64).ravel().tolist(),
}

# --- Formats: the same content in every layout the codecs read ---------------------------------
formats = {}
rgb = np.stack([gray8, np.flipud(gray8), np.fliplr(gray8)], axis=-1)[:48, :64]
alpha = (np.arange(48 * 64).reshape(48, 64) * 7 % 256).astype(np.uint8)
small_gray = gray8[:48, :64]
small16 = gray16[:48, :64]
palette_indices = (small_gray // 32).astype(np.uint8)
palette = [(i * 30, 255 - i * 30, (i * 70) % 256) for i in range(8)]

PILImage.fromarray(small_gray, "L").save("fmt_gray8.png")
cv2.imwrite("fmt_gray16.png", small16)
PILImage.fromarray(rgb, "RGB").save("fmt_rgb8.png")
cv2.imwrite("fmt_rgb16.png", np.stack([small16, small16 // 2, small16 // 3], -1)[..., ::-1].copy())
PILImage.fromarray(np.dstack([rgb, alpha]), "RGBA").save("fmt_rgba8.png")
PILImage.fromarray(np.dstack([small_gray, alpha]), "LA").save("fmt_ga8.png")
p_image = PILImage.fromarray(palette_indices, "P")
p_image.putpalette([c for entry in palette for c in entry])
p_image.save("fmt_palette.png")
PILImage.fromarray(((small_gray > 128) * 255).astype(np.uint8)).convert("1").save("fmt_gray1.png")
tifffile.imwrite("fmt_gray8_none.tif", small_gray)
# tifffile needs imagecodecs for LZW; Pillow's bundled libtiff writes it.
PILImage.fromarray(small16).save("fmt_gray16_lzw.tif", compression="tiff_lzw")
tifffile.imwrite("fmt_gray16_deflate.tif", small16, compression="zlib")
tifffile.imwrite("fmt_rgb8_deflate.tif", rgb, photometric="rgb", compression="zlib")
PILImage.fromarray(np.dstack([rgb, alpha]), "RGBA").save("fmt_rgba8_lzw.tif", compression="tiff_lzw")
tifffile.imwrite("fmt_palette.tif", palette_indices, photometric="palette",
                 colormap=np.array(palette + [(0, 0, 0)] * (256 - len(palette)), np.uint16).T * 257)
with tifffile.TiffWriter("fmt_pages.tif") as writer:
    for page in range(3):
        writer.write((small_gray // (page + 1)).astype(np.uint8), photometric="minisblack", compression="zlib")

tifffile.imwrite("fmt_gray16_bigendian.tif", small16, byteorder=">")
tifffile.imwrite("fmt_gray8_miniswhite.tif", small_gray, photometric="miniswhite")
# Layouts the reader refuses (with an "unsupported" error): tiles, floating point, planar RGB.
tifffile.imwrite("bad_tiled.tif", small_gray, tile=(16, 16))
tifffile.imwrite("bad_float.tif", small16.astype(np.float32))
tifffile.imwrite("bad_planar.tif", np.moveaxis(rgb, -1, 0), photometric="rgb", planarconfig="separate")

ga = np.dstack([small_gray, alpha])
rgba = np.dstack([rgb, alpha])
rgb16 = np.stack([small16, small16 // 2, small16 // 3], -1)
formats = {
    "fmt_gray8.png": (small_gray, 1, 8), "fmt_gray16.png": (small16, 1, 16), "fmt_rgb8.png": (rgb, 3, 8),
    "fmt_rgb16.png": (rgb16, 3, 16), "fmt_rgba8.png": (rgba, 4, 8), "fmt_ga8.png": (ga, 2, 8),
    "fmt_palette.png": (palette_indices, 1, 8), "fmt_gray1.png": (((small_gray > 128) * 255).astype(np.uint8), 1, 8),
    "fmt_gray8_none.tif": (small_gray, 1, 8), "fmt_gray16_lzw.tif": (small16, 1, 16),
    "fmt_gray16_deflate.tif": (small16, 1, 16), "fmt_rgb8_deflate.tif": (rgb, 3, 8),
    "fmt_rgba8_lzw.tif": (rgba, 4, 8), "fmt_palette.tif": (palette_indices, 1, 8),
    "fmt_gray16_bigendian.tif": (small16, 1, 16),
    # min-is-white is inverted on read, so 0 is always black
    "fmt_gray8_miniswhite.tif": (255 - small_gray, 1, 8),
}
expected["formats"] = {
    name: {"width": int(a.shape[1]), "height": int(a.shape[0]), "channels": c, "bits": b, **checksum(a)}
    for name, (a, c, b) in formats.items()
}
expected["formats_palette"] = [list(entry) for entry in palette]
expected["pages"] = [checksum((small_gray // (page + 1)).astype(np.uint8)) for page in range(3)]

with open("expected.json", "w") as handle:
    json.dump(expected, handle)
