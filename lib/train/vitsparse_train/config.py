"""The ViT's configuration (geometry, size, which blocks are masked and how), without PyTorch: the plan's
validation and the command line read it before any training imports torch."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

MASK_KINDS = ("window", "random")


@dataclass(frozen=True)
class ViTConfig:
    """Geometry and size of a ViT. `windowed_blocks` lists the block indices that use the mask: the k×k window
    (`window`, `dilation`), or with `mask = "random"` the random control of that window seeded by `mask_seed`."""

    image_size: int = 28
    patch_size: int = 4
    in_chans: int = 1
    num_classes: int = 10
    embed_dim: int = 64
    depth: int = 6
    num_heads: int = 4
    mlp_ratio: float = 2.0
    window: int = 3
    windowed_blocks: tuple = field(default_factory=tuple)
    mask: str = "window"
    dilation: int = 1
    mask_seed: int = 0

    @property
    def grid(self) -> int:
        return self.image_size // self.patch_size

    @property
    def tokens(self) -> int:
        return 1 + self.grid * self.grid

    def to_dict(self) -> dict:
        """Plain dict; the mask fields appear only when they differ from the plain window, so configurations
        (and their hashes) written before they existed stay as they were."""
        d = asdict(self)
        d["windowed_blocks"] = list(self.windowed_blocks)
        for k, default in (("mask", "window"), ("dilation", 1), ("mask_seed", 0)):
            if d[k] == default:
                del d[k]
        return d

    @staticmethod
    def from_dict(d: dict) -> "ViTConfig":
        d = dict(d)
        d["windowed_blocks"] = tuple(d.get("windowed_blocks", ()))
        return ViTConfig(**d)
