"""Validation of a study plan before the first training step: every key, type and range, each `init_from`
naming a run that comes earlier in the plan (or a finished run of the study folder), and a writable
checkpoint folder. A bad plan is one `PlanError` naming the key path, the value and what was expected."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

from .config import MASK_KINDS, ViTConfig

MODEL_KEYS = {
    "image_size": (int, 1, 4096), "patch_size": (int, 1, 4096), "in_chans": (int, 1, 64),
    "num_classes": (int, 2, 100_000), "embed_dim": (int, 1, 1 << 16), "depth": (int, 1, 1024),
    "num_heads": (int, 1, 1024), "mlp_ratio": (float, 0.0625, 64.0), "window": (int, 1, 4095),
    "windowed_blocks": (list, None, None), "mask": (str, None, None), "dilation": (int, 1, 4096),
    "mask_seed": (int, 0, 2**31 - 1),
}
RUN_KEYS = {
    "phase": (str, None, None), "variant": (str, None, None), "seed": (int, 0, 2**31 - 1),
    "epochs": (int, 1, 10_000), "lr": (float, 1e-9, 10.0), "warmup_steps": (int, 0, 10**8),
    "weight_decay": (float, 0.0, 10.0), "batch_size": (int, 1, 1 << 16), "init_seed": (int, 0, 2**31 - 1),
    "init_from": (str, None, None), "flip": (bool, None, None),
}
PLAN_KEYS = {"model", "runs", "train_images", "test_images", "eval_batch"}
REQUIRED_RUN = ("phase", "variant", "seed", "epochs", "lr", "warmup_steps", "weight_decay", "batch_size", "init_seed")


class PlanError(ValueError):
    """A plan that cannot run: one line, exit 2, before any training."""


def _type_ok(value: Any, kind: type) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
    return isinstance(value, kind)


def _check(path: str, value: Any, spec: tuple) -> None:
    kind, lo, hi = spec
    if not _type_ok(value, kind):
        raise PlanError(f"{path}: {value!r} is not {'a number' if kind is float else 'an ' + kind.__name__ if kind is int else 'a ' + kind.__name__}")
    if lo is not None and not (lo <= value <= hi):
        raise PlanError(f"{path}: {value!r} is outside {lo}..{hi}")


def check_plan_dict(d: Any, variants: dict, phases: dict, finished: Optional[set] = None) -> None:
    """Raises PlanError on the first problem of a plan dict (as read from JSON)."""
    if not isinstance(d, dict):
        raise PlanError(f"plan: expected a JSON object with keys {', '.join(sorted(PLAN_KEYS))}, got {type(d).__name__}")
    for k in d:
        if k not in PLAN_KEYS:
            raise PlanError(f"plan.{k}: unknown key (expected one of {', '.join(sorted(PLAN_KEYS))})")
    if "model" not in d or "runs" not in d:
        raise PlanError("plan: needs the keys model and runs")
    m = d["model"]
    if not isinstance(m, dict):
        raise PlanError("plan.model: expected an object")
    for k, v in m.items():
        if k not in MODEL_KEYS:
            raise PlanError(f"plan.model.{k}: unknown key (expected one of {', '.join(MODEL_KEYS)})")
        _check(f"plan.model.{k}", v, MODEL_KEYS[k])
    cfg = ViTConfig.from_dict(m)
    if cfg.image_size % cfg.patch_size:
        raise PlanError(f"plan.model.patch_size: {cfg.patch_size} does not divide image_size {cfg.image_size}")
    if cfg.embed_dim % cfg.num_heads:
        raise PlanError(f"plan.model.num_heads: {cfg.num_heads} does not divide embed_dim {cfg.embed_dim}")
    if cfg.window % 2 == 0:
        raise PlanError(f"plan.model.window: {cfg.window} is even (expected an odd window side, e.g. 3)")
    if cfg.window > cfg.grid:
        raise PlanError(f"plan.model.window: {cfg.window} is larger than the {cfg.grid}x{cfg.grid} patch grid")
    if cfg.mask not in MASK_KINDS:
        raise PlanError(f"plan.model.mask: {cfg.mask!r} is not one of {', '.join(MASK_KINDS)}")
    for b in cfg.windowed_blocks:
        if not _type_ok(b, int) or not 0 <= b < cfg.depth:
            raise PlanError(f"plan.model.windowed_blocks: {b!r} is not a block index 0..{cfg.depth - 1}")
    for k in ("train_images", "test_images"):
        if d.get(k) is not None:
            _check(f"plan.{k}", d[k], (int, 1, 60_000 if k == "train_images" else 10_000))
    if "eval_batch" in d:
        _check("plan.eval_batch", d["eval_batch"], (int, 1, 100_000))
    runs = d["runs"]
    if not isinstance(runs, list) or not runs:
        raise PlanError("plan.runs: expected a non-empty list of runs")
    seen: set = set()
    for i, r in enumerate(runs):
        p = f"plan.runs[{i}]"
        if not isinstance(r, dict):
            raise PlanError(f"{p}: expected an object")
        for k in r:
            if k not in RUN_KEYS:
                raise PlanError(f"{p}.{k}: unknown key (expected one of {', '.join(RUN_KEYS)})")
        for k in REQUIRED_RUN:
            if k not in r:
                raise PlanError(f"{p}.{k}: missing")
        for k, v in r.items():
            if k == "init_from" and v is None:
                continue
            _check(f"{p}.{k}", v, RUN_KEYS[k])
        if r["phase"] not in phases:
            raise PlanError(f"{p}.phase: {r['phase']!r} is not one of {', '.join(phases)}")
        if r["variant"] not in variants:
            raise PlanError(f"{p}.variant: {r['variant']!r} is not one of {', '.join(variants)}")
        if r["warmup_steps"] >= 10**8:
            raise PlanError(f"{p}.warmup_steps: {r['warmup_steps']} is too large")
        src = r.get("init_from")
        if src is not None and src not in seen and src not in (finished or set()):
            raise PlanError(f"{p}.init_from: {src!r} is not a run earlier in the plan nor a finished run of the study folder")
        from .plan import RunSpec  # noqa: PLC0415  (plan imports this module)
        name = RunSpec(**r).name
        if name in seen:
            raise PlanError(f"{p}: run {name} appears twice")
        seen.add(name)


def check_out_dir(out: Path) -> None:
    """The checkpoint folder must be creatable and writable (checked by creating a probe file)."""
    p = Path(out)
    for parent in [p, *p.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise PlanError(f"--out {out}: {parent} is not a directory")
            break
    try:
        p.mkdir(parents=True, exist_ok=True)
        probe = p / f".write-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise PlanError(f"--out {out}: not writable ({e.strerror or e})")
