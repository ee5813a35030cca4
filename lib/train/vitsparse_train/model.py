"""A pre-norm Vision Transformer whose parameter names follow timm's `VisionTransformer` (DeiT-tiny loads
into it unchanged), with optional windowed attention per block.

A masked block sets the scores outside its boolean mask to −inf before the softmax, as the poster's `main.py`
does, so masked keys get exactly zero attention. The mask is the 3×3 + CLS window (optionally dilated) or, for
the study's control, a random mask with the window's count per query row (`masks.random_like`).
"""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import MASK_KINDS, ViTConfig  # noqa: F401  (the configuration lives in config.py)
from .masks import random_like, window_mask

DEIT_TINY = dict(image_size=224, patch_size=16, in_chans=3, embed_dim=192, depth=12, num_heads=3, mlp_ratio=4.0)


class PatchEmbed(nn.Module):
    def __init__(self, cfg: ViTConfig):
        super().__init__()
        self.proj = nn.Conv2d(cfg.in_chans, cfg.embed_dim, kernel_size=cfg.patch_size, stride=cfg.patch_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim: int, num_heads: int):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.register_buffer("mask", None, persistent=False)

    def set_mask(self, mask: Optional[torch.Tensor]) -> None:
        self.mask = mask

    def attention_probs(self, x: torch.Tensor):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q * self.scale) @ k.transpose(-2, -1)
        if self.mask is not None:
            scores = scores.masked_fill(~self.mask, float("-inf"))
        return scores.softmax(dim=-1), v

    def forward(self, x: torch.Tensor, keep: Optional[list] = None) -> torch.Tensor:
        b, n, c = x.shape
        attn, v = self.attention_probs(x)
        if keep is not None:
            keep.append(attn.detach())
        out = (attn @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(out)


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim: int, num_heads: int, mlp_ratio: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, num_heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def forward(self, x: torch.Tensor, keep: Optional[list] = None) -> torch.Tensor:
        x = x + self.attn(self.norm1(x), keep)
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    """ViT with timm's parameter names: patch_embed.proj, cls_token, pos_embed, blocks.i.{norm1, attn.qkv,
    attn.proj, norm2, mlp.fc1, mlp.fc2}, norm, head."""

    def __init__(self, cfg: ViTConfig):
        super().__init__()
        self.cfg = cfg
        self.patch_embed = PatchEmbed(cfg)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, cfg.embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, cfg.tokens, cfg.embed_dim))
        self.blocks = nn.ModuleList(Block(cfg.embed_dim, cfg.num_heads, cfg.mlp_ratio) for _ in range(cfg.depth))
        self.norm = nn.LayerNorm(cfg.embed_dim, eps=1e-6)
        self.head = nn.Linear(cfg.embed_dim, cfg.num_classes)
        self._init_weights()
        self.set_windowed_blocks(cfg.windowed_blocks)

    def _init_weights(self) -> None:
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def set_windowed_blocks(self, blocks, mask: str | None = None, dilation: int | None = None,
                            mask_seed: int | None = None) -> None:
        """Masks the listed blocks (others get full attention) with the config's mask kind, or the one given."""
        blocks = tuple(sorted(int(b) for b in blocks))
        for b in blocks:
            if b < 0 or b >= self.cfg.depth:
                raise ValueError(f"windowed block {b} is outside 0..{self.cfg.depth - 1}")
        changes = {"windowed_blocks": list(blocks)}
        for k, v in (("mask", mask), ("dilation", dilation), ("mask_seed", mask_seed)):
            if v is not None:
                changes[k] = v
        self.cfg = ViTConfig.from_dict({**self.cfg.to_dict(), **changes})
        m = self.block_mask().to(self.pos_embed.device) if blocks else None
        for i, blk in enumerate(self.blocks):
            blk.attn.set_mask(m if i in blocks else None)

    def block_mask(self) -> torch.Tensor:
        """The boolean [n, n] mask (True = kept) the masked blocks use."""
        cfg = self.cfg
        if cfg.mask not in MASK_KINDS:
            raise ValueError(f"mask kind {cfg.mask!r} is not one of {', '.join(MASK_KINDS)}")
        base = window_mask(cfg.grid, cfg.grid, cfg.window, 1, cfg.dilation)
        return random_like(base, 1, cfg.mask_seed) if cfg.mask == "random" else base

    def forward(self, x: torch.Tensor, keep: Optional[list] = None) -> torch.Tensor:
        x = self.patch_embed(x)
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.pos_embed
        for blk in self.blocks:
            x = blk(x, keep)
        x = self.norm(x)
        return self.head(x[:, 0])


def lower_half(depth: int) -> tuple:
    """The poster's schedule: blocks idx < depth/2 windowed."""
    return tuple(range(depth // 2))


def upper_half(depth: int) -> tuple:
    """The control: the blocks the poster leaves dense, idx >= depth/2."""
    return tuple(range(depth // 2, depth))
