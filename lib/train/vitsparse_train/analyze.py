"""After training: export final weights for the TypeScript side, the attention maps behind the locality
study (mean maps over test images and per-image maps of fixed images); `logits` gives the reference logits of the
kernel check. An export newer than its checkpoint is left as it is."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import torch

from . import weights
from .data import MEAN, STD, load_split, to_tensor
from .model import ViT, ViTConfig


def load_model(path) -> ViT:
    """A model from a training checkpoint (final.pt / last.pt) or a weights file (.bin)."""
    path = Path(path)
    if path.suffix == ".bin":
        meta, tensors = weights.read(path)
        model = ViT(ViTConfig.from_dict(meta["model"]))
        stored = tensors.pop("attn_mask", None)
        if stored is not None and not torch.equal(stored.bool(), model.block_mask()):
            raise weights.WeightsError(f"{path}: its attn_mask differs from the mask its configuration generates")
        model.load_state_dict(tensors)
    else:
        ck = torch.load(path)
        model = ViT(ViTConfig.from_dict(ck["model_config"]))
        model.load_state_dict(ck["model"])
    model.eval()
    return model


def export_weights(model: ViT, path, meta: dict) -> None:
    """Writes the model's parameters (timm names, state-dict order) with its config and input normalisation."""
    full = {"model": model.cfg.to_dict(), "normalize": {"mean": MEAN, "std": STD}, **meta}
    tensors = dict(model.state_dict())
    if model.cfg.windowed_blocks:
        # The mask of the masked blocks (1 = kept), so a reader needs no random generator to run the model.
        tensors["attn_mask"] = model.block_mask().float()
    weights.write(path, tensors, full)


@torch.no_grad()
def logits(model: ViT, x: torch.Tensor, batch: int = 500) -> torch.Tensor:
    return torch.cat([model(x[i:i + batch]) for i in range(0, x.shape[0], batch)])


@torch.no_grad()
def attention_maps(model: ViT, x: torch.Tensor, batch: int = 250) -> torch.Tensor:
    """Mean softmax attention over the images: [layers, heads, n, n] in float64."""
    total: Optional[torch.Tensor] = None
    for i in range(0, x.shape[0], batch):
        keep: list = []
        model(x[i:i + batch], keep)
        s = torch.stack([a.double().sum(0) for a in keep])
        total = s if total is None else total + s
    return total / x.shape[0]


@torch.no_grad()
def image_maps(model: ViT, x: torch.Tensor) -> torch.Tensor:
    """Per-image softmax attention: [images, layers, heads, n, n]."""
    keep: list = []
    model(x, keep)
    return torch.stack(keep, dim=1)


def analyze_run(ckpt, out_dir, name: str, map_images: int, fixed_images, data_dir=None, meta=None) -> dict:
    """Writes <out_dir>/<name>.bin (weights, with the mask of the masked blocks) and <name>.maps.bin (mean maps,
    fixed-image maps, labels, and the predicted class of every test image)."""
    out_dir = Path(out_dir)
    maps_file = out_dir / f"{name}.maps.bin"
    if maps_file.exists() and (out_dir / f"{name}.bin").exists() and maps_file.stat().st_mtime >= Path(ckpt).stat().st_mtime:
        return {"name": name, "skipped": True}
    model = load_model(ckpt)
    images, labels = load_split("test", data_dir)
    x = to_tensor(images)
    export_weights(model, out_dir / f"{name}.bin", meta or {})
    mean = attention_maps(model, x[:map_images])
    fixed = image_maps(model, x[list(fixed_images)])
    predicted = logits(model, x).argmax(1)
    weights.write(maps_file,
                  {"meanMaps": mean.float(), "imageMaps": fixed, "labels": torch.from_numpy(labels).float(),
                   "predictions": predicted.float()},
                  {"model": model.cfg.to_dict(), "mapImages": map_images, "fixedImages": list(fixed_images),
                   **(meta or {})})
    return {"name": name, "skipped": False}
