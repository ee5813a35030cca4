import tempfile
import unittest
from pathlib import Path

import torch

from helpers import tiny_plan
from vitsparse_train.train import Data, Progress, run_one, epoch_order, RunSpec
import io


def train(plan, out: Path, stop=None):
    data = Data(plan)
    spec = plan.runs[0]
    return run_one(plan, spec, data, out, Progress(10**6, 0, out=io.StringIO()), stop, log=lambda m: None)


def final_state(out: Path, plan):
    return torch.load(out / "runs" / plan.runs[0].name / "final.pt")


def strip_times(records):
    return [{k: v for k, v in r.items() if "Seconds" not in k} for r in records]


class TrainTest(unittest.TestCase):
    def test_same_seed_gives_identical_trained_weights_and_another_seed_does_not(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            plan = tiny_plan(epochs=1)
            train(plan, d / "a")
            train(plan, d / "b")
            other = tiny_plan(epochs=1, seed=1)
            train(other, d / "c")
            a, b, c = final_state(d / "a", plan), final_state(d / "b", plan), final_state(d / "c", other)
            self.assertTrue(all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"]))
            self.assertFalse(all(torch.equal(a["model"][k], c["model"][k]) for k in a["model"]))
            self.assertEqual(strip_times(a["records"]), strip_times(b["records"]))

    def test_resume_equals_an_uninterrupted_run(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            plan = tiny_plan(epochs=2)
            self.assertTrue(train(plan, d / "whole"))
            self.assertFalse(train(plan, d / "split", stop=1))
            self.assertTrue((d / "split" / "runs" / plan.runs[0].name / "last.pt").exists())
            self.assertTrue(train(plan, d / "split"))
            a, b = final_state(d / "whole", plan), final_state(d / "split", plan)
            self.assertTrue(all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"]))
            self.assertEqual(strip_times(a["records"]), strip_times(b["records"]))
            self.assertEqual([r["final"] for r in a["records"]], [False, True])

    def test_a_changed_configuration_is_refused_on_resume(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            train(tiny_plan(epochs=2), d, stop=1)
            changed = tiny_plan(epochs=3)
            with self.assertRaises(SystemExit):
                train(changed, d)

    def test_fine_tune_variants_of_one_seed_see_the_same_data_order(self):
        full = RunSpec("finetune", "full", 1, 1, 1e-3, 1, 0.0, 64, 0)
        win = RunSpec("finetune", "windowed-lower", 1, 1, 1e-3, 1, 0.0, 64, 0)
        other = RunSpec("finetune", "full", 2, 1, 1e-3, 1, 0.0, 64, 0)
        pa, fa = epoch_order(full, 0, 1000)
        pb, fb = epoch_order(win, 0, 1000)
        pc, _ = epoch_order(other, 0, 1000)
        self.assertTrue(torch.equal(pa, pb) and torch.equal(fa, fb))
        self.assertFalse(torch.equal(pa, pc))


if __name__ == "__main__":
    unittest.main()
