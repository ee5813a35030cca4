"""Windowed attention masks, generated exactly as the kit's `lib/masks/window.ts` does (border "clip",
dilation 1): special tokens (CLS) attend to all tokens and are attended by all; each patch query keeps the
special keys plus the patch keys of the k×k window centred on it, cut at the image border.

The TypeScript side is the reference; `test/train/python` checks this generator against masks exported by
`windowMask` for several grids, element for element.
"""
from __future__ import annotations

import torch


def window_mask(grid_h: int, grid_w: int, k: int = 3, special: int = 1) -> torch.Tensor:
    """Boolean [n, n] mask (True = kept) with n = special + grid_h·grid_w, row = query, column = key."""
    if k < 1 or k % 2 == 0:
        raise ValueError(f"window side k must be a positive odd integer, got {k}")
    if k > grid_h or k > grid_w:
        raise ValueError(f"window {k}x{k} is larger than the {grid_h}x{grid_w} patch grid")
    if special not in (0, 1, 2):
        raise ValueError(f"special tokens must be 0, 1 or 2, got {special}")
    n = special + grid_h * grid_w
    mask = torch.zeros(n, n, dtype=torch.bool)
    mask[:special, :] = True
    mask[:, :special] = True
    half = (k - 1) // 2
    for r in range(grid_h):
        for c in range(grid_w):
            q = special + r * grid_w + c
            for dr in range(-half, half + 1):
                rr = r + dr
                if rr < 0 or rr >= grid_h:
                    continue
                for dc in range(-half, half + 1):
                    cc = c + dc
                    if 0 <= cc < grid_w:
                        mask[q, special + rr * grid_w + cc] = True
    return mask


def pruning_ratio(mask: torch.Tensor) -> float:
    """Share of the n×n entries the mask removes."""
    return 1.0 - float(mask.sum()) / mask.numel()
