"""The accuracy study's plan: its runs, the attention variants, the committed default plan, and reading a
plan (validated by plan_check.py). No PyTorch here: a bad plan is refused before training imports torch."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .config import ViTConfig
from .plan_check import check_plan_dict

PHASE_SEED = {"pretrain": 1, "finetune": 2, "scratch": 3}

# The study's attention variants: which half of the blocks is masked, and with which mask
# (kind, dilation). The one home of this table; lib/data/files/accuracy-study.ts documents the same names.
VARIANTS = {
    "full": (None, "window", 1),
    "windowed-lower": ("lower", "window", 1),
    "windowed-upper": ("upper", "window", 1),
    "random-lower": ("lower", "random", 1),
    "strided-lower": ("lower", "window", 2),
}


@dataclass
class RunSpec:
    """One training run of the study."""

    phase: str  # pretrain | finetune | scratch
    variant: str  # a key of VARIANTS
    seed: int
    epochs: int
    lr: float
    warmup_steps: int
    weight_decay: float
    batch_size: int
    init_seed: int
    init_from: Optional[str] = None  # name of the run whose final weights start this one
    flip: bool = True

    @property
    def name(self) -> str:
        """phase-variant-seedN; a fine-tune from another pretraining than seed 0's adds -preP."""
        base = f"{self.phase}-{self.variant}-seed{self.seed}"
        p = self.pretrain_seed
        return base if p is None or p == 0 or self.phase != "finetune" else f"{base}-pre{p}"

    @property
    def pretrain_seed(self) -> Optional[int]:
        """Seed of the pretraining a fine-tune starts from (None for runs from random weights)."""
        if not self.init_from or not self.init_from.startswith("pretrain-full-seed"):
            return None
        tail = self.init_from[len("pretrain-full-seed"):]
        return int(tail) if tail.isdigit() else None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class StudyPlan:
    model: dict
    runs: list
    train_images: Optional[int] = None  # None = all 60,000
    test_images: Optional[int] = None  # None = all 10,000
    eval_batch: int = 500

    def to_dict(self) -> dict:
        return {"model": self.model, "runs": [r.to_dict() for r in self.runs], "train_images": self.train_images,
                "test_images": self.test_images, "eval_batch": self.eval_batch}

    @staticmethod
    def from_dict(d: dict, finished: Optional[set] = None) -> "StudyPlan":
        """The plan of a JSON object, validated first (PlanError names the first bad key)."""
        check_plan_dict(d, VARIANTS, PHASE_SEED, finished)
        return StudyPlan(model=d["model"], runs=[RunSpec(**r) for r in d["runs"]], train_images=d.get("train_images"),
                         test_images=d.get("test_images"), eval_batch=d.get("eval_batch", 500))


def default_plan(pretrain_epochs=15, finetune_epochs=2, finetune_seeds=(0, 1, 2), scratch_epochs=10,
                 pretrain_seeds=(0, 1, 2), scratch_seeds=(0, 1), batch_size=128, model: Optional[dict] = None,
                 controls=("random-lower", "windowed-upper"), optional_controls=("strided-lower",)) -> StudyPlan:
    """The committed study's plan (see lib/train/README.md for why this size), in the order it runs: the
    committed core first (pretraining seed 0, its fine-tune pairs, the windowed scratch run), then the
    controls, the equal-budget full scratch run, the further pretraining seeds with their fine-tune pair, the
    second scratch pair and the optional controls — so a study cut short still holds every finished phase."""
    model = model or ViTConfig(patch_size=4, embed_dim=64, depth=4, num_heads=4, mlp_ratio=2.0).to_dict()
    common = dict(weight_decay=0.05, batch_size=batch_size)
    runs = []

    def pretrain(seed):
        runs.append(RunSpec("pretrain", "full", seed, pretrain_epochs, 2e-3, 400, init_seed=seed, **common))

    def finetune(variants, seeds, pre=0):
        for s in seeds:
            for v in variants:
                runs.append(RunSpec("finetune", v, s, finetune_epochs, 5e-4, 100, init_seed=0,
                                    init_from=f"pretrain-full-seed{pre}", **common))

    def scratch(variants, seed):
        for v in variants:
            runs.append(RunSpec("scratch", v, seed, scratch_epochs, 2e-3, 400, init_seed=seed, **common))

    pretrain(pretrain_seeds[0])
    finetune(("full", "windowed-lower"), finetune_seeds, pretrain_seeds[0])
    scratch(("windowed-lower",), scratch_seeds[0])
    finetune(controls, finetune_seeds, pretrain_seeds[0])
    scratch(("full",), scratch_seeds[0])
    for p in pretrain_seeds[1:]:
        pretrain(p)
        finetune(("full", "windowed-lower"), finetune_seeds[:1], p)
    for s in scratch_seeds[1:]:
        scratch(("full", "windowed-lower"), s)
    finetune(optional_controls, finetune_seeds, pretrain_seeds[0])
    return StudyPlan(model=model, runs=runs)


def finished_runs(out: Path) -> set:
    """Names of the runs of a study folder that have finished (runs/<name>/final.pt)."""
    return {p.parent.name for p in (Path(out) / "runs").glob("*/final.pt")}
