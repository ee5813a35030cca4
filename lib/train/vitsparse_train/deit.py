"""The poster's full-scale protocol for users with a GPU: DeiT-tiny (patch 16, dim 192, 12 blocks, 3 heads)
loaded from a local timm/DeiT checkpoint, blocks idx < 6 windowed (3×3 + CLS on the 14×14 grid, −inf
masking), fine-tuned on CIFAR-10/100 read from a local folder in torchvision's format. Runs on `--device cuda`
and on several GPUs through `torchrun` (DistributedDataParallel); on a CPU it runs too, slowly.
"""
from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .model import DEIT_TINY, ViT, ViTConfig
from .train import lr_at

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
CIFAR = {
    "cifar10": ("cifar-10-batches-py", [f"data_batch_{i}" for i in range(1, 6)], ["test_batch"], b"labels", 10),
    "cifar100": ("cifar-100-python", ["train"], ["test"], b"fine_labels", 100),
}


class CheckpointError(Exception):
    """A checkpoint that does not hold DeiT-tiny's parameters."""


def deit_tiny_config(num_classes: int, windowed_lower: bool = True) -> ViTConfig:
    return ViTConfig(**DEIT_TINY, num_classes=num_classes, windowed_blocks=tuple(range(6)) if windowed_lower else ())


def load_deit_checkpoint(model: ViT, path) -> dict:
    """Loads a timm / DeiT checkpoint (a state dict, or {"model": state dict}) into `model`.

    Every checkpoint name must map to a model parameter of the same shape and every model parameter must be
    present, except the classifier (`head.*`), which is kept freshly initialised when the class count
    differs (ImageNet's 1000 → CIFAR's 10 or 100). Returns a report {loaded, skipped}."""
    ck = torch.load(path, map_location="cpu")
    state = ck.get("model", ck.get("state_dict", ck)) if isinstance(ck, dict) else None
    if not isinstance(state, dict):
        raise CheckpointError(f"{path}: not a state dict or {{'model': state dict}}")
    state = {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}
    own = model.state_dict()
    unknown = sorted(set(state) - set(own))
    if unknown:
        raise CheckpointError(f"{path}: {len(unknown)} parameter(s) have no place in DeiT-tiny: {', '.join(unknown[:5])}")
    missing = sorted(set(own) - set(state))
    if missing:
        raise CheckpointError(f"{path}: {len(missing)} parameter(s) missing: {', '.join(missing[:5])}")
    loaded, skipped = [], []
    new = {}
    for name, value in state.items():
        if tuple(value.shape) != tuple(own[name].shape):
            if name.startswith("head."):
                skipped.append(name)
                new[name] = own[name]
                continue
            raise CheckpointError(f"{path}: {name} has shape {list(value.shape)}, DeiT-tiny expects {list(own[name].shape)}")
        new[name] = value
        loaded.append(name)
    model.load_state_dict(new)
    return {"loaded": loaded, "skipped": skipped}


def read_cifar(root, dataset: str, split: str):
    """(uint8 [n, 3, 32, 32], int64 [n]) from torchvision's CIFAR pickles under `root`."""
    if dataset not in CIFAR:
        raise ValueError(f"dataset must be cifar10 or cifar100, got {dataset!r}")
    folder, train, test, key, _ = CIFAR[dataset]
    xs, ys = [], []
    for name in train if split == "train" else test:
        p = Path(root) / folder / name
        if not p.exists():
            raise FileNotFoundError(f"{p}: not found (expected torchvision's {folder}/ layout under {root})")
        with open(p, "rb") as fh:
            d = pickle.load(fh, encoding="bytes")
        xs.append(np.asarray(d[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32))
        ys.append(np.asarray(d[key], dtype=np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def prepare(x: torch.Tensor, size: int, train: bool, g: torch.Generator | None = None) -> torch.Tensor:
    """uint8 [b, 3, 32, 32] → normalised float [b, 3, size, size] (bilinear resize; random flip in training)."""
    x = x.float() / 255.0
    if train and g is not None:
        flip = torch.rand(x.shape[0], generator=g) < 0.5
        x = torch.where(flip[:, None, None, None].to(x.device), x.flip(-1), x)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    mean = torch.tensor(IMAGENET_MEAN, device=x.device)[None, :, None, None]
    std = torch.tensor(IMAGENET_STD, device=x.device)[None, :, None, None]
    return (x - mean) / std


def finetune(checkpoint, data_root, dataset="cifar10", device="cpu", epochs=30, batch_size=128, lr=5e-4,
             weight_decay=0.05, warmup_steps=500, seed=0, windowed_lower=True, out=None, limit=None,
             log=print) -> dict:
    """Fine-tunes DeiT-tiny (windowed lower half by default) and returns the final test accuracy.
    Under torchrun (WORLD_SIZE > 1) each process takes its share of every batch's images (DDP)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group("nccl" if device.startswith("cuda") else "gloo")
        if device.startswith("cuda"):
            device = f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}"
            torch.cuda.set_device(device)
    classes = CIFAR[dataset][4]
    torch.manual_seed(seed)
    model = ViT(deit_tiny_config(classes, windowed_lower))
    report = load_deit_checkpoint(model, checkpoint)
    model.to(device)
    model.set_windowed_blocks(model.cfg.windowed_blocks)  # masks onto the device
    net = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        net = DistributedDataParallel(model, device_ids=[torch.device(device).index] if device.startswith("cuda") else None)
    xtr, ytr = read_cifar(data_root, dataset, "train")
    xte, yte = read_cifar(data_root, dataset, "test")
    if limit:
        xtr, ytr, xte, yte = xtr[:limit], ytr[:limit], xte[:limit], yte[:limit]
    xtr, ytr, xte, yte = map(torch.from_numpy, (xtr, ytr, xte, yte))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=weight_decay)
    steps = max(1, len(xtr) // batch_size)
    total = steps * epochs
    size = model.cfg.image_size
    if rank == 0:
        log(f"deit-tiny {dataset}: loaded {len(report['loaded'])} tensors, new head ({', '.join(report['skipped']) or 'none'}); "
            f"windowed blocks {list(model.cfg.windowed_blocks)}; {world} process(es) on {device}; {epochs} epochs x {steps} steps")
    history = []
    t0 = time.time()
    for epoch in range(epochs):
        g = torch.Generator().manual_seed(seed * 10_007 + epoch)
        perm = torch.randperm(len(xtr), generator=g)
        net.train()
        for s in range(steps):
            idx = perm[s * batch_size:(s + 1) * batch_size][rank::world]
            xb = prepare(xtr[idx].to(device), size, True, g)
            yb = ytr[idx].to(device)
            for group in opt.param_groups:
                group["lr"] = lr_at(epoch * steps + s, total, lr, warmup_steps)
            loss = F.cross_entropy(net(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        acc = evaluate_cifar(model, xte, yte, device, size, batch_size)
        history.append({"epoch": epoch + 1, "testAccuracy": acc, "trainLossLast": float(loss), "seconds": time.time() - t0})
        if rank == 0:
            log(f"epoch {epoch + 1}/{epochs}: test accuracy {acc * 100:.2f} %, last loss {float(loss):.4f}")
    result = {"dataset": dataset, "windowedBlocks": list(model.cfg.windowed_blocks), "history": history,
              "testAccuracy": history[-1]["testAccuracy"], "loadedTensors": len(report["loaded"]),
              "newHead": report["skipped"], "world": world}
    if out and rank == 0:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "result.json").write_text(json.dumps(result, indent=1))
        torch.save({"model": model.state_dict()}, Path(out) / "finetuned.pt")
    if world > 1:
        import torch.distributed as dist
        dist.destroy_process_group()
    return result


@torch.no_grad()
def evaluate_cifar(model: ViT, x, y, device, size, batch) -> float:
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        correct += int((model(prepare(x[i:i + batch].to(device), size, False)).argmax(1).cpu() == y[i:i + batch]).sum())
    return correct / len(x)
