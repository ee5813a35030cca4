import pickle
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

import helpers  # noqa: F401
from vitsparse_train.deit import CheckpointError, deit_tiny_config, finetune, load_deit_checkpoint
from vitsparse_train.model import ViT


def timm_deit_tiny_names():
    """timm's deit_tiny_patch16_224 state dict, written out independently of the kit's model."""
    d, hidden = 192, 768
    names = {"cls_token": (1, 1, d), "pos_embed": (1, 197, d), "patch_embed.proj.weight": (d, 3, 16, 16),
             "patch_embed.proj.bias": (d,)}
    for i in range(12):
        p = f"blocks.{i}."
        names.update({p + "norm1.weight": (d,), p + "norm1.bias": (d,), p + "attn.qkv.weight": (3 * d, d),
                      p + "attn.qkv.bias": (3 * d,), p + "attn.proj.weight": (d, d), p + "attn.proj.bias": (d,),
                      p + "norm2.weight": (d,), p + "norm2.bias": (d,), p + "mlp.fc1.weight": (hidden, d),
                      p + "mlp.fc1.bias": (hidden,), p + "mlp.fc2.weight": (d, hidden), p + "mlp.fc2.bias": (d,)})
    names.update({"norm.weight": (d,), "norm.bias": (d,), "head.weight": (1000, d), "head.bias": (1000,)})
    return names


def random_checkpoint(path: Path, rename=None):
    g = torch.Generator().manual_seed(0)
    state = {(rename or {}).get(k, k): torch.randn(*s, generator=g) * 0.02 for k, s in timm_deit_tiny_names().items()}
    torch.save({"model": state}, path)
    return state


def synthetic_cifar10(root: Path, n: int):
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        with open(folder / name, "wb") as fh:
            pickle.dump({b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
                         b"labels": list(rng.integers(0, 10, n))}, fh)


class DeitTest(unittest.TestCase):
    def test_loader_maps_every_timm_parameter_name(self):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "deit_tiny.pth"
            state = random_checkpoint(path)
            model = ViT(deit_tiny_config(10))
            report = load_deit_checkpoint(model, path)
            self.assertEqual(len(state), 152)
            self.assertEqual(sorted(report["loaded"] + report["skipped"]), sorted(state))
            self.assertEqual(report["skipped"], ["head.weight", "head.bias"])
            own = model.state_dict()
            for k in report["loaded"]:
                self.assertTrue(torch.equal(own[k], state[k]), k)
            self.assertEqual(model.cfg.windowed_blocks, (0, 1, 2, 3, 4, 5))

    def test_loader_refuses_an_unknown_name(self):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "bad.pth"
            random_checkpoint(path, rename={"blocks.3.attn.qkv.weight": "blocks.3.attn.query.weight"})
            with self.assertRaises(CheckpointError):
                load_deit_checkpoint(ViT(deit_tiny_config(10)), path)

    def test_fine_tunes_on_cifar_pickles(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            random_checkpoint(d / "deit.pth")
            synthetic_cifar10(d / "data", 4)
            r = finetune(d / "deit.pth", d / "data", "cifar10", "cpu", epochs=1, batch_size=2, warmup_steps=1,
                         limit=4, out=d / "out", log=lambda m: None)
            self.assertEqual(r["loadedTensors"], 150)
            self.assertEqual(r["windowedBlocks"], [0, 1, 2, 3, 4, 5])
            self.assertTrue((d / "out" / "finetuned.pt").exists())
            self.assertTrue(0.0 <= r["testAccuracy"] <= 1.0)


if __name__ == "__main__":
    unittest.main()
