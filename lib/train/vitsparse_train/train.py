"""The accuracy study: pretrain (full attention, several seeds) → fine-tune full vs windowed-lower and the
controls (random-lower: the window's count per row placed at random; windowed-upper: the window in the upper
half; strided-lower: a dilated window) → full vs windowed-lower from scratch with equal budgets, on
Fashion-MNIST, with per-epoch checkpoints and exact resume.

Determinism: one torch thread; the initial weights come from `torch.manual_seed(init seed)`; each epoch's data
order and flips come from a generator seeded by (phase, seed, epoch) — not by variant, so the two fine-tune
variants of one seed see the same images in the same order. The learning rate is a pure function of the global
step. A checkpoint holds the model, the optimizer state, the epoch and the records, so a resumed run continues
bit for bit as an uninterrupted one.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import torch
import torch.nn.functional as F

from .data import load_split, to_tensor
from .model import ViT, ViTConfig, lower_half, upper_half

from .plan import PHASE_SEED, VARIANTS, RunSpec, StudyPlan, default_plan, finished_runs  # noqa: F401,E402
from .plan_check import PlanError, check_out_dir, check_plan_dict  # noqa: E402,F401


def lr_at(step: int, total: int, peak: float, warmup: int) -> float:
    """Linear warm-up to `peak`, then cosine decay to 0 at `total` steps."""
    if step < warmup:
        return peak * (step + 1) / warmup
    t = (step - warmup) / max(1, total - warmup)
    return peak * 0.5 * (1.0 + math.cos(math.pi * min(1.0, t)))


def epoch_order(spec: RunSpec, epoch: int, n: int):
    """(permutation of the n training images, flip flags) of one epoch; independent of the variant."""
    g = torch.Generator().manual_seed(PHASE_SEED[spec.phase] * 1_000_003 + spec.seed * 10_007 + epoch)
    perm = torch.randperm(n, generator=g)
    flips = torch.rand(n, generator=g) < 0.5
    return perm, flips


def masked_blocks(variant: str, depth: int) -> tuple:
    """Blocks a variant masks."""
    half = VARIANTS[variant][0]
    return lower_half(depth) if half == "lower" else upper_half(depth) if half == "upper" else ()


def build_model(plan: StudyPlan, spec: RunSpec) -> ViT:
    """The run's model with its initial weights (from `init_seed`) and its variant's masks; a random mask is
    fixed by the run seed."""
    if spec.variant not in VARIANTS:
        raise PlanError(f"unknown variant {spec.variant!r} (expected one of {', '.join(VARIANTS)})")
    cfg = ViTConfig.from_dict(plan.model)
    torch.manual_seed(spec.init_seed)
    model = ViT(ViTConfig.from_dict({**cfg.to_dict(), "windowed_blocks": []}))
    blocks = masked_blocks(spec.variant, cfg.depth)
    if blocks:
        _, kind, dilation = VARIANTS[spec.variant]
        model.set_windowed_blocks(blocks, mask=kind, dilation=dilation, mask_seed=spec.seed if kind == "random" else 0)
    return model


@torch.no_grad()
def evaluate(model: ViT, x: torch.Tensor, y: torch.Tensor, batch: int):
    model.eval()
    correct = 0
    loss_sum = 0.0
    for i in range(0, x.shape[0], batch):
        logits = model(x[i:i + batch])
        loss_sum += float(F.cross_entropy(logits, y[i:i + batch], reduction="sum"))
        correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    model.train()
    return correct / x.shape[0], loss_sum / x.shape[0]


def spec_hash(plan: StudyPlan, spec: RunSpec) -> str:
    payload = json.dumps({"model": plan.model, "run": spec.to_dict(), "train_images": plan.train_images,
                          "test_images": plan.test_images}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def atomic_save(obj, path: Path) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    torch.save(obj, tmp)
    os.replace(tmp, path)


class Data:
    def __init__(self, plan: StudyPlan, directory: Optional[str] = None):
        xi, yi = load_split("train", directory)
        ti, tl = load_split("test", directory)
        if plan.train_images:
            xi, yi = xi[:plan.train_images], yi[:plan.train_images]
        if plan.test_images:
            ti, tl = ti[:plan.test_images], tl[:plan.test_images]
        self.x = to_tensor(xi)
        self.y = torch.from_numpy(yi)
        self.tx = to_tensor(ti)
        self.ty = torch.from_numpy(tl)


def steps_per_epoch(plan: StudyPlan, spec: RunSpec, n: int) -> int:
    return n // spec.batch_size


class Progress:
    """Prints progress lines: run, epoch, step, loss, images/s, ETA of the run and of the study."""

    def __init__(self, total_steps: int, done_steps: int, out=sys.stdout, every_s: float = 10.0):
        self.total = total_steps
        self.done = done_steps
        self.out = out
        self.every = every_s
        self.last = time.time()
        self.window = []  # (time, steps) for the rate

    def tick(self, spec: RunSpec, epoch: int, step: int, spe: int, loss: float, force: bool = False) -> None:
        self.done += 1
        now = time.time()
        self.window.append(now)
        self.window = self.window[-200:]
        if not force and now - self.last < self.every:
            return
        self.last = now
        rate = (len(self.window) - 1) / max(1e-9, self.window[-1] - self.window[0]) if len(self.window) > 1 else 0.0
        run_left = (spec.epochs - epoch) * spe + (spe - step)
        eta_run = run_left / rate if rate else float("nan")
        eta_all = (self.total - self.done) / rate if rate else float("nan")
        print(f"progress run={spec.name} epoch={epoch + 1}/{spec.epochs} step={step}/{spe} loss={loss:.4f} "
              f"images/s={rate * spec.batch_size:.0f} s/step={1 / rate if rate else float('nan'):.3f} "
              f"eta_run={fmt(eta_run)} eta_study={fmt(eta_all)} steps={self.done}/{self.total}",
              file=self.out, flush=True)


def fmt(s: float) -> str:
    if s != s:
        return "?"
    s = int(s)
    return f"{s // 3600}h{(s % 3600) // 60:02d}m{s % 60:02d}s"


class ParentWatch:
    """Ends the engine when the process that started it is gone (`VITSPARSE_PARENT_PID`, set by
    lib/train/engine.ts): an orphaned engine would otherwise train on and write into the study folder. The
    last finished epoch's checkpoint stays, so rerunning resumes."""

    def __init__(self, env=os.environ):
        v = env.get("VITSPARSE_PARENT_PID", "")
        self.parent = int(v) if v.isdigit() else None

    def check(self) -> None:
        if self.parent is not None and os.getppid() != self.parent:
            print(f"error: the process that started the engine (pid {self.parent}) has ended; stopping "
                  "(rerun to resume from the last finished epoch)", file=sys.stderr, flush=True)
            os._exit(143)


PARENT = ParentWatch()


def run_one(plan: StudyPlan, spec: RunSpec, data: Data, out: Path, progress: Progress,
            stop_after_epochs: Optional[int] = None, log: Callable = print) -> bool:
    """Trains one run to completion (or for `stop_after_epochs` more epochs); returns True when finished."""
    rdir = out / "runs" / spec.name
    rdir.mkdir(parents=True, exist_ok=True)
    h = spec_hash(plan, spec)
    final = rdir / "final.pt"
    if final.exists():
        ck = torch.load(final)
        if ck["hash"] != h:
            raise SystemExit(f"error: {final} was trained with a different configuration; move {rdir} away to retrain")
        return True
    n = data.x.shape[0]
    spe = steps_per_epoch(plan, spec, n)
    total = spe * spec.epochs
    model = build_model(plan, spec)
    if spec.init_from:
        src = out / "runs" / spec.init_from / "final.pt"
        if not src.exists():
            raise SystemExit(f"error: {spec.name} starts from {spec.init_from}, which has not finished")
        state = torch.load(src)["model"]
        model.load_state_dict(state)
    opt = torch.optim.AdamW(model.parameters(), lr=spec.lr, betas=(0.9, 0.999), weight_decay=spec.weight_decay)
    records: list = []
    start_epoch = 0
    last = rdir / "last.pt"
    if last.exists():
        ck = torch.load(last)
        if ck["hash"] != h:
            raise SystemExit(f"error: {last} was trained with a different configuration; move {rdir} away to retrain")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        records = ck["records"]
        start_epoch = ck["epoch"] + 1
        log(f"resume {spec.name} from epoch {start_epoch} of {spec.epochs}")
    else:
        log(f"start {spec.name}: {spec.epochs} epochs x {spe} steps, batch {spec.batch_size}, "
            f"lr {spec.lr}, windowed blocks {list(model.cfg.windowed_blocks)}")
    model.train()
    epochs_done = 0
    for epoch in range(start_epoch, spec.epochs):
        t0 = time.time()
        perm, flips = epoch_order(spec, epoch, n)
        loss_sum = 0.0
        for s in range(spe):
            idx = perm[s * spec.batch_size:(s + 1) * spec.batch_size]
            xb = data.x[idx]
            if spec.flip:
                f = flips[idx]
                xb = torch.where(f[:, None, None, None], xb.flip(-1), xb)
            yb = data.y[idx]
            gstep = epoch * spe + s
            for group in opt.param_groups:
                group["lr"] = lr_at(gstep, total, spec.lr, spec.warmup_steps)
            PARENT.check()
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            lv = float(loss)
            loss_sum += lv
            progress.tick(spec, epoch, s + 1, spe, lv, force=(s + 1 == spe))
        train_time = time.time() - t0
        acc, tloss = evaluate(model, data.tx, data.ty, plan.eval_batch)
        wall = time.time() - t0
        rec = dict(phase=spec.phase, variant=spec.variant, seed=spec.seed, epoch=epoch + 1,
                   testAccuracy=acc, testLoss=tloss, trainLoss=loss_sum / spe,
                   imagesSeen=(epoch + 1) * spe * spec.batch_size, trainSeconds=train_time,
                   epochSeconds=wall, final=(epoch + 1 == spec.epochs))
        records.append(rec)
        cum = sum(r["epochSeconds"] for r in records)
        rec["wallSeconds"] = cum
        log(f"epoch {spec.name} {epoch + 1}/{spec.epochs}: test accuracy {acc * 100:.2f} %, test loss {tloss:.4f}, "
            f"train loss {rec['trainLoss']:.4f}, {wall:.0f} s (train {train_time:.0f} s)")
        rec["torch"] = torch.__version__
        rec["threads"] = torch.get_num_threads()
        ck = dict(hash=h, spec=spec.to_dict(), model=model.state_dict(), opt=opt.state_dict(), epoch=epoch,
                  records=records, wall_s=cum, model_config=model.cfg.to_dict())
        atomic_save(ck, last)
        with open(rdir / "records.jsonl.tmp", "w") as fh:
            for r in records:
                fh.write(json.dumps(r) + "\n")
        os.replace(rdir / "records.jsonl.tmp", rdir / "records.jsonl")
        epochs_done += 1
        if epoch + 1 == spec.epochs:
            atomic_save(dict(hash=h, spec=spec.to_dict(), model=model.state_dict(), records=records,
                             model_config=model.cfg.to_dict()), final)
            last.unlink()
            return True
        if stop_after_epochs is not None and epochs_done >= stop_after_epochs:
            return False
    return True


def machine_info() -> dict:
    info = dict(python=platform.python_version(), torch=torch.__version__, threads=torch.get_num_threads(),
                platform=platform.platform(), processor=platform.processor() or platform.machine())
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("model name"))
    except Exception:
        pass
    info["blas"] = blas_library()
    return info


def blas_library() -> str:
    """The BLAS shared object this process has mapped (OpenBLAS when libopenblas0-pthread is installed)."""
    try:
        maps = Path(f"/proc/{os.getpid()}/maps").read_text()
        libs = sorted({l.split()[-1] for l in maps.splitlines() if "blas" in l.lower() and "/" in l})
        return ", ".join(os.path.realpath(l) for l in libs) or "unknown"
    except Exception:
        return "unknown"


def import_run(plan: StudyPlan, name: str, weights_file: str, records: list, out: Path) -> None:
    """Adopts a run finished elsewhere (the committed weights and per-epoch records of an earlier study) as
    a finished run of this study folder: writes runs/<name>/final.pt and records.jsonl. The run must be in the
    plan, and its weights' model configuration must equal the one this plan builds for it."""
    from . import weights
    spec = next((r for r in plan.runs if r.name == name), None)
    if spec is None:
        raise PlanError(f"import {name}: not a run of the plan")
    meta, tensors = weights.read(weights_file)
    tensors.pop("attn_mask", None)
    model = build_model(plan, spec)
    if meta.get("model") != model.cfg.to_dict():
        raise PlanError(f"import {name}: {weights_file} holds model {meta.get('model')}, the plan builds {model.cfg.to_dict()}")
    model.load_state_dict(tensors)
    if not records or not records[-1].get("final") or len(records) != spec.epochs:
        raise PlanError(f"import {name}: expected {spec.epochs} epoch records ending with the final one, got {len(records)}")
    rdir = out / "runs" / name
    rdir.mkdir(parents=True, exist_ok=True)
    with open(rdir / "records.jsonl.tmp", "w") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    os.replace(rdir / "records.jsonl.tmp", rdir / "records.jsonl")
    atomic_save(dict(hash=spec_hash(plan, spec), spec=spec.to_dict(), model=model.state_dict(), records=records,
                     model_config=model.cfg.to_dict(), imported_from=str(weights_file)), rdir / "final.pt")


def run_study(plan: StudyPlan, out: Path, data_dir: Optional[str] = None, only: Optional[list] = None,
              stop_after_epochs: Optional[int] = None) -> bool:
    check_out_dir(out)
    check_plan_dict(plan.to_dict(), VARIANTS, PHASE_SEED, finished_runs(out))
    if only:
        names = {r.name for r in plan.runs}
        unknown = [n for n in only if n not in names]
        if unknown:
            raise PlanError(f"--only {unknown[0]}: not a run of the plan")
    torch.set_num_threads(1)
    plan_file = out / "plan.json"
    plan_file.write_text(json.dumps(plan.to_dict(), indent=1))
    data = Data(plan, data_dir)
    n = data.x.shape[0]
    runs = [r for r in plan.runs if not only or r.name in only]
    total = sum(steps_per_epoch(plan, r, n) * r.epochs for r in runs)
    done = 0
    for r in runs:
        rdir = out / "runs" / r.name
        if (rdir / "final.pt").exists():
            done += steps_per_epoch(plan, r, n) * r.epochs
        elif (rdir / "last.pt").exists():
            done += steps_per_epoch(plan, r, n) * (torch.load(rdir / "last.pt")["epoch"] + 1)
    info = machine_info()
    print(f"study: {len(runs)} runs, {total} steps ({done} done), {n} training images, {data.tx.shape[0]} test "
          f"images; torch {info['torch']}, {info['threads']} thread(s), BLAS {info['blas']}", flush=True)
    meta = out / "machine.json"
    meta.write_text(json.dumps(info, indent=1))
    progress = Progress(total, done)
    t0 = time.time()
    for r in runs:
        finished = run_one(plan, r, data, out, progress, stop_after_epochs, log=lambda m: print(m, flush=True))
        if not finished:
            print(f"stopped after {stop_after_epochs} epoch(s) as asked; rerun to resume", flush=True)
            return False
    print(f"study finished in {time.time() - t0:.0f} s this session", flush=True)
    return True
