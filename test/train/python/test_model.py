import unittest

import torch
import torch.nn.functional as F

from helpers import TINY_MODEL  # noqa: F401  (sets sys.path)
from vitsparse_train.masks import pruning_ratio, window_mask
from vitsparse_train.model import ViT, ViTConfig, lower_half


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
        self.assertAlmostEqual(pruning_ratio(window_mask(14, 14, 3, 1)), 1 - 1993 / 38809, places=12)
        self.assertEqual(lower_half(12), (0, 1, 2, 3, 4, 5))
        with self.assertRaises(ValueError):
            window_mask(7, 7, 2, 1)

    def test_same_seed_gives_identical_initial_weights(self):
        def init(seed):
            torch.manual_seed(seed)
            return ViT(ViTConfig(embed_dim=32, depth=2, num_heads=2)).state_dict()
        a, b, c = init(3), init(3), init(4)
        self.assertTrue(all(torch.equal(a[k], b[k]) for k in a))
        self.assertFalse(all(torch.equal(a[k], c[k]) for k in a))


if __name__ == "__main__":
    unittest.main()
