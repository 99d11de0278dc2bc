#!/usr/bin/env python3
"""PyTorch side of `msdb bench train` (the Performance article): the same reference U-Net, the same step.

Run it next to msdb on an otherwise idle machine (PyTorch is not a CI dependency):

    pip install torch==2.13.0+cpu
    python3 Tests/Benchmarks/pytorch_unet_bench.py                  # 1 and 2 threads, a table
    python3 Tests/Benchmarks/pytorch_unet_bench.py --threads 1 --json
    .build-bench/release/msdb bench train                            # msdb, same figures

The network: base 16, depth 3 (levels 16-32-64-128, 128 the bottleneck), two 3x3 conv (no bias) + BN +
ReLU per level, 2x2 max-pool down, 2x2 stride-2 transposed conv up, concatenation [upsampled, skip], 1x1
head; 482,449 parameters. Input 8x1x128x128, BCE on logits, SGD lr 0.05, momentum 0.9, weight decay 1e-3.
Training img/s is over forward + loss + backward + step; inference img/s over forward in eval mode under
torch.no_grad() (what a PyTorch user writes). Processor seconds (user + system, all threads) of the timed
steps are reported too, as msdb does: on a busy machine, images per processor second at one thread still
compare the two. GFLOP/s counts 1.150 GFLOP per image forward, 3x for training. Peak RSS is the whole
process's ru_maxrss.
"""
import argparse
import json
import resource
import time

import torch
from torch import nn

FORWARD_GFLOP_PER_IMAGE = 1.150


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, base=16, depth=3, cin=1, classes=1):
        super().__init__()
        self.inc = double_conv(cin, base)
        self.down = nn.ModuleList(double_conv(base << (l - 1), base << l) for l in range(1, depth + 1))
        self.upsample = nn.ModuleList(
            nn.ConvTranspose2d(base << l, base << (l - 1), 2, stride=2) for l in range(depth, 0, -1))
        self.up = nn.ModuleList(double_conv(base << l, base << (l - 1)) for l in range(depth, 0, -1))
        self.head = nn.Conv2d(base, classes, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        skips = [self.inc(x)]
        for block in self.down:
            skips.append(block(self.pool(skips[-1])))
        x = skips.pop()
        for transpose, block in zip(self.upsample, self.up):
            x = block(torch.cat([transpose(x), skips.pop()], dim=1))
        return self.head(x)


def run(threads, steps, warmup, batch=8):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = UNet()
    parameters = sum(p.numel() for p in model.parameters())
    images = torch.randn(batch, 1, 128, 128)
    targets = (torch.rand(batch, 1, 128, 128) < 0.3).float()
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-3)

    def train_step():
        optimizer.zero_grad()
        loss_fn(model(images), targets).backward()
        optimizer.step()

    def infer_step():
        with torch.no_grad():
            model(images)

    model.train()
    for _ in range(warmup):
        train_step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(steps):
        train_step()
    train_rate = batch * steps / (time.perf_counter() - start)
    train_cpu = time.process_time() - cpu_start
    model.eval()
    for _ in range(warmup):
        infer_step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(steps):
        infer_step()
    infer_rate = batch * steps / (time.perf_counter() - start)
    infer_cpu = time.process_time() - cpu_start
    return {
        "threads": threads, "batch": batch, "steps": steps, "warmup_steps": warmup, "parameters": parameters,
        "train_images_per_s": train_rate, "infer_images_per_s": infer_rate,
        "train_cpu_seconds": train_cpu, "infer_cpu_seconds": infer_cpu,
        "train_gflops": train_rate * FORWARD_GFLOP_PER_IMAGE * 3, "infer_gflops": infer_rate * FORWARD_GFLOP_PER_IMAGE,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch": torch.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup-steps", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [run(t, args.steps, args.warmup_steps) for t in ([args.threads] if args.threads else [1, 2])]
    if args.json:
        print(json.dumps(results[0] if args.threads else results, sort_keys=True))
        return
    print(f"PyTorch {torch.__version__}, {results[0]['parameters']:,} parameters")
    print("threads  train img/s  train GFLOP/s  infer img/s  infer GFLOP/s  peak RSS")
    for r in results:
        print(f"{r['threads']:>7}  {r['train_images_per_s']:>11.1f}  {r['train_gflops']:>13.1f}  "
              f"{r['infer_images_per_s']:>11.1f}  {r['infer_gflops']:>13.1f}  {r['peak_rss_mib']:.1f} MiB")


if __name__ == "__main__":
    main()
