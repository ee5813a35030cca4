"""Measured cost of one training step of the study's model at other token geometries (the poster's 14×14 + CLS
needs 2×2 patches on 28×28 Fashion-MNIST): median seconds per step over a few steps, after a warm-up step,
with one torch thread, on random images of the real shape. Both geometries are timed in the same process,
interleaved, so their ratio is measured under the same load."""
from __future__ import annotations

import statistics
import time

import torch
import torch.nn.functional as F

from .model import ViT, ViTConfig, lower_half


def step_seconds(cfg: ViTConfig, batch: int, steps: int, seed: int = 0) -> list:
    torch.manual_seed(seed)
    model = ViT(cfg)
    model.set_windowed_blocks(lower_half(cfg.depth))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x = torch.randn(batch, cfg.in_chans, cfg.image_size, cfg.image_size)
    y = torch.randint(0, cfg.num_classes, (batch,))
    times = []
    for i in range(steps + 1):
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if i > 0:
            times.append(time.perf_counter() - t0)
    return times


def measure(base: dict, patch_sizes: list, batch: int, steps: int, rounds: int = 3) -> list:
    """Per patch size: tokens and the step times of `rounds` interleaved rounds of `steps` steps."""
    torch.set_num_threads(1)
    out = {p: [] for p in patch_sizes}
    for _ in range(rounds):
        for p in patch_sizes:
            cfg = ViTConfig.from_dict({**base, "patch_size": p, "windowed_blocks": []})
            out[p].extend(step_seconds(cfg, batch, steps))
    rows = []
    for p in patch_sizes:
        cfg = ViTConfig.from_dict({**base, "patch_size": p, "windowed_blocks": []})
        rows.append({"patchSize": p, "grid": cfg.grid, "tokens": cfg.tokens, "batch": batch, "steps": len(out[p]),
                     "medianStepSeconds": statistics.median(out[p]), "minStepSeconds": min(out[p]),
                     "maxStepSeconds": max(out[p])})
    return rows
