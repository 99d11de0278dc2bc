#!/usr/bin/env python3
"""oneDNN on the convolutions of `msdb bench train`'s reference U-Net: speed and thread-count bits.

msdb computes its convolutions with im2col or Winograd on OpenBLAS. Before taking oneDNN instead,
two questions: would it be faster, and does it give the same bits at any thread count (msdb's results
must)? PyTorch's CPU wheel runs fp32 3x3 convolutions through the oneDNN it bundles, so this script
asks PyTorch:

1. which operators a training step's convolutions run as (`aten::mkldnn_convolution` is oneDNN);
2. how long oneDNN takes for every convolution of one training step of the reference U-Net (batch 8
   of 1x128x128: forward, input gradient and weight gradient of each layer, timed alone, best of
   `--repeats`) at 1 and 2 threads, to set beside `msdb bench train`'s whole step;
3. whether its weight and input gradients have the same bits at 1, 2 and 4 threads.

    pip install torch==2.13.0+cpu
    python3 Tests/Benchmarks/onednn_probe.py [--repeats 5] [--json]
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_unet_bench import UNet  # noqa: E402


def convolution_shapes(batch=8):
    """(input shape, conv module) of every convolution in one forward pass, in order."""
    model = UNet()
    shapes = []

    def hook(module, inputs, _output):
        shapes.append((tuple(inputs[0].shape), module))

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        model(torch.randn(batch, 1, 128, 128))
    for handle in handles:
        handle.remove()
    return shapes


def operators_of_a_training_step():
    """The profiler's convolution operators of one training step, with their self CPU share."""
    model = UNet()
    images = torch.randn(8, 1, 128, 128)
    targets = (torch.rand(8, 1, 128, 128) < 0.3).float()
    loss = torch.nn.BCEWithLogitsLoss()
    loss(model(images), targets).backward()  # warm-up
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profiler:
        loss(model(images), targets).backward()
    events = profiler.key_averages()
    total = sum(e.self_cpu_time_total for e in events)
    return {e.key: e.self_cpu_time_total / total for e in events if "conv" in e.key.lower()}


def timed(function, repeats):
    function()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def convolution_seconds(threads, repeats):
    """oneDNN's seconds for every convolution of one training step: forward, input and weight gradients."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    forward = backward = 0.0
    for index, (shape, module) in enumerate(convolution_shapes()):
        x = torch.randn(shape, requires_grad=index > 0)  # the first layer needs no input gradient
        weight = module.weight.detach().clone().requires_grad_(True)
        bias = None if module.bias is None else module.bias.detach().clone()
        padding = module.padding

        def run_forward():
            with torch.no_grad():
                torch.nn.functional.conv2d(x, weight, bias, padding=padding)

        output = torch.nn.functional.conv2d(x, weight, bias, padding=padding)
        gradient = torch.randn_like(output)

        def run_backward():
            torch.autograd.grad(output, [x, weight] if x.requires_grad else [weight], gradient, retain_graph=True)

        forward += timed(run_forward, repeats)
        backward += timed(run_backward, repeats)
    return {"threads": threads, "forward_seconds": forward, "backward_seconds": backward,
            "images_per_second_for_convolutions_alone": 8 / (forward + backward)}


def same_bits_across_threads(counts=(1, 2, 4)):
    """Gradients of a 32->32 3x3 convolution on 8 images of 64x64 at each thread count, compared bitwise."""
    torch.manual_seed(1)
    x0 = torch.randn(8, 32, 64, 64)
    w0 = torch.randn(32, 32, 3, 3) * 0.1
    g = torch.randn(8, 32, 64, 64)
    results = {}
    for threads in counts:
        torch.set_num_threads(threads)
        x = x0.clone().requires_grad_(True)
        w = w0.clone().requires_grad_(True)
        out = torch.nn.functional.conv2d(x, w, padding=1)
        dx, dw = torch.autograd.grad(out, [x, w], g)
        results[threads] = (out.detach(), dx, dw)
    base = results[counts[0]]
    return {
        str(threads): {
            name: bool(torch.equal(value, base[i]))
            for i, (name, value) in enumerate(zip(["forward", "input_gradient", "weight_gradient"], results[threads]))
        }
        for threads in counts[1:]
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {
        "torch": torch.__version__,
        "onednn": torch.backends.mkldnn.is_available(),
        "operators": operators_of_a_training_step(),
        "timings": [convolution_seconds(t, args.repeats) for t in (1, 2)],
        "same_bits_as_1_thread": same_bits_across_threads(),
    }
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return
    print(f"PyTorch {result['torch']}, oneDNN available: {result['onednn']}")
    for name, share in sorted(result["operators"].items(), key=lambda item: -item[1]):
        print(f"  {name}: {100 * share:.1f}% of a training step's self CPU time")
    for timing in result["timings"]:
        print(f"{timing['threads']} thread(s): convolutions of one training step (batch 8) "
              f"{timing['forward_seconds'] * 1000:.1f} ms forward + {timing['backward_seconds'] * 1000:.1f} ms "
              f"backward = {timing['images_per_second_for_convolutions_alone']:.1f} img/s for the convolutions alone")
    for threads, checks in result["same_bits_as_1_thread"].items():
        print(f"{threads} threads against 1: " + ", ".join(f"{k} {'same' if v else 'DIFFERENT'}" for k, v in checks.items()))


if __name__ == "__main__":
    main()
