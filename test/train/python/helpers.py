"""Shared fixtures of the Python tests: a tiny plan on a slice of Fashion-MNIST."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "lib" / "train"))

import torch  # noqa: E402

torch.set_num_threads(1)

from vitsparse_train.model import ViTConfig  # noqa: E402
from vitsparse_train.train import RunSpec, StudyPlan  # noqa: E402

TINY_MODEL = ViTConfig(patch_size=4, embed_dim=32, depth=2, num_heads=2, mlp_ratio=2.0).to_dict()


def tiny_plan(epochs: int = 2, seed: int = 0, variant: str = "full", train_images: int = 192) -> StudyPlan:
    run = RunSpec("pretrain", variant, seed, epochs, 2e-3, 2, 0.05, 64, init_seed=seed)
    return StudyPlan(model=TINY_MODEL, runs=[run], train_images=train_images, test_images=100, eval_batch=100)
