"""Attention masks of the study, generated as the kit's `lib/masks/window.ts` does: special tokens (CLS) attend
to all tokens and are attended by all; each patch query keeps the special keys plus the patch keys of its k×k
window (dilation d, cut at the image border: border "clip"). The controls keep the same number of entries per
query row as the window but place them elsewhere (`random_like`).

The TypeScript side is the reference for the window; `test/train/python` checks `window_mask` against masks
exported by `windowMask` for several grids and dilations, element for element.
"""
from __future__ import annotations

import torch

# Seed offset of the random masks, so that a random mask's generator never coincides with a data-order or
# initial-weight generator of the same run seed.
RANDOM_MASK_SEED_BASE = 7_919_000


def axis_window(x: int, size: int, k: int, dilation: int) -> list:
    """Positions along one axis kept for a query at `x` (border clip), ascending (lib/masks/window.ts axisWindow)."""
    half = (k - 1) // 2
    return [x + i * dilation for i in range(-half, half + 1) if 0 <= x + i * dilation < size]


def window_mask(grid_h: int, grid_w: int, k: int = 3, special: int = 1, dilation: int = 1) -> torch.Tensor:
    """Boolean [n, n] mask (True = kept) with n = special + grid_h·grid_w, row = query, column = key."""
    if k < 1 or k % 2 == 0:
        raise ValueError(f"window side k must be a positive odd integer, got {k}")
    if k > grid_h or k > grid_w:
        raise ValueError(f"window {k}x{k} is larger than the {grid_h}x{grid_w} patch grid")
    if special not in (0, 1, 2):
        raise ValueError(f"special tokens must be 0, 1 or 2, got {special}")
    if dilation < 1:
        raise ValueError(f"dilation must be an integer >= 1, got {dilation}")
    n = special + grid_h * grid_w
    mask = torch.zeros(n, n, dtype=torch.bool)
    mask[:special, :] = True
    mask[:, :special] = True
    rows = [axis_window(r, grid_h, k, dilation) for r in range(grid_h)]
    cols = [axis_window(c, grid_w, k, dilation) for c in range(grid_w)]
    for r in range(grid_h):
        for c in range(grid_w):
            q = special + r * grid_w + c
            for rr in rows[r]:
                for cc in cols[c]:
                    mask[q, special + rr * grid_w + cc] = True
    return mask


def random_like(mask: torch.Tensor, special: int, seed: int) -> torch.Tensor:
    """A control for `mask`: every patch query row keeps as many patch keys as `mask` keeps in that row, drawn
    uniformly at random without replacement among all patch keys; the special rows and columns stay kept.
    Fixed by `seed` (torch's CPU generator, so the same on every machine with the same torch)."""
    n = mask.shape[0]
    patches = n - special
    g = torch.Generator().manual_seed(RANDOM_MASK_SEED_BASE + seed)
    out = torch.zeros_like(mask)
    out[:special, :] = True
    out[:, :special] = True
    for q in range(special, n):
        m = int(mask[q, special:].sum())
        keys = torch.randperm(patches, generator=g)[:m] + special
        out[q, keys] = True
    return out


def pruning_ratio(mask: torch.Tensor) -> float:
    """Share of the n×n entries the mask removes."""
    return 1.0 - float(mask.sum()) / mask.numel()
