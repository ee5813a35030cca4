import unittest

import torch
import torch.nn.functional as F

from helpers import TINY_MODEL  # noqa: F401  (sets sys.path)
from vitsparse_train.masks import pruning_ratio, random_like, window_mask
from vitsparse_train.model import ViT, ViTConfig, lower_half, upper_half


class ModelTest(unittest.TestCase):
    def test_loss_falls_on_a_fixed_batch(self):
        torch.manual_seed(0)
        model = ViT(ViTConfig(embed_dim=32, depth=2, num_heads=2, windowed_blocks=(0,)))
        x = torch.randn(32, 1, 28, 28)
        y = torch.arange(32) % 10
        opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
        first = None
        for _ in range(40):
            loss = F.cross_entropy(model(x), y)
            first = first if first is not None else float(loss)
            opt.zero_grad()
            loss.backward()
            opt.step()
        self.assertLess(float(loss), 0.5 * first)

    def test_windowed_block_gives_exactly_zero_attention_outside_the_mask(self):
        torch.manual_seed(1)
        model = ViT(ViTConfig(embed_dim=32, depth=2, num_heads=2, windowed_blocks=(0,)))
        keep = []
        model(torch.randn(3, 1, 28, 28), keep)
        mask = window_mask(7, 7, 3, 1)
        windowed, full = keep[0], keep[1]
        self.assertTrue(torch.all(windowed[:, :, ~mask] == 0))
        self.assertTrue(torch.all(windowed[:, :, mask] > 0))
        self.assertTrue(torch.allclose(windowed.sum(-1), torch.ones(3, 2, 50)))
        self.assertTrue(torch.all(full > 0))

    def test_mask_geometry(self):
        self.assertEqual(int(window_mask(7, 7, 3, 1).sum()), 460)
        self.assertEqual(int(window_mask(7, 7, 3, 1, dilation=2).sum()), 50 + 49 + 17 * 17)
        self.assertAlmostEqual(pruning_ratio(window_mask(14, 14, 3, 1)), 1 - 1993 / 38809, places=12)
        self.assertEqual(lower_half(12), (0, 1, 2, 3, 4, 5))
        with self.assertRaises(ValueError):
            window_mask(7, 7, 2, 1)

    def test_random_control_keeps_the_windows_count_per_row_and_cls(self):
        w = window_mask(7, 7, 3, 1)
        r = random_like(w, 1, seed=3)
        self.assertTrue(torch.equal(r.sum(1), w.sum(1)))
        self.assertTrue(bool(r[0].all()) and bool(r[:, 0].all()))
        self.assertFalse(torch.equal(r, w))
        self.assertTrue(torch.equal(r, random_like(w, 1, seed=3)))
        self.assertFalse(torch.equal(r, random_like(w, 1, seed=4)))
        # Uniform placement: over many seeds every patch key of a corner query is drawn about equally often.
        counts = sum(random_like(w, 1, seed=s)[1, 1:].float() for s in range(400))
        self.assertGreater(float(counts.min()), 0.0)
        self.assertLess(float(counts.max() / counts.mean()), 2.5)

    def test_a_random_model_masks_its_blocks_with_the_control_and_upper_half_is_the_complement(self):
        torch.manual_seed(2)
        model = ViT(ViTConfig(embed_dim=32, depth=4, num_heads=2))
        model.set_windowed_blocks(upper_half(4), mask="random", mask_seed=7)
        keep = []
        model(torch.randn(2, 1, 28, 28), keep)
        m = random_like(window_mask(7, 7, 3, 1), 1, 7)
        self.assertTrue(torch.all(keep[2][:, :, ~m] == 0) and torch.all(keep[3][:, :, ~m] == 0))
        self.assertTrue(torch.all(keep[0] > 0))
        self.assertEqual(upper_half(4), (2, 3))
        self.assertEqual(model.cfg.to_dict()["mask"], "random")
        self.assertNotIn("mask", ViTConfig().to_dict())

    def test_same_seed_gives_identical_initial_weights(self):
        def init(seed):
            torch.manual_seed(seed)
            return ViT(ViTConfig(embed_dim=32, depth=2, num_heads=2)).state_dict()
        a, b, c = init(3), init(3), init(4)
        self.assertTrue(all(torch.equal(a[k], b[k]) for k in a))
        self.assertFalse(all(torch.equal(a[k], c[k]) for k in a))


if __name__ == "__main__":
    unittest.main()
