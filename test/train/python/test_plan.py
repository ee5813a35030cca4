import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import torch

from helpers import ROOT, TINY_MODEL, tiny_plan
from vitsparse_train import weights
from vitsparse_train.plan_check import PlanError, check_out_dir
from vitsparse_train.train import (VARIANTS, Data, Progress, RunSpec, StudyPlan, default_plan, epoch_order,
                                   import_run, run_one)


def plan_dict(**changes):
    d = json.loads(json.dumps(tiny_plan(epochs=1).to_dict()))
    for path, value in changes.items():
        target = d
        keys = path.split(".")
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        target[keys[-1]] = value
    return d


def engine(*args, env=None):
    e = {**os.environ, "PYTHONPATH": str(ROOT / "lib" / "train"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "vitsparse_train", *args], capture_output=True, text=True, env=e)


class PlanTest(unittest.TestCase):
    def test_a_bad_plan_is_one_line_naming_the_key(self):
        cases = {
            "model.window": (4, "plan.model.window: 4 is even"),
            "runs.0.variant": ("diagonal", "plan.runs[0].variant: 'diagonal' is not one of"),
            "runs.0.init_from": ("nosuch", "plan.runs[0].init_from: 'nosuch' is not a run earlier"),
            "runs.0.epochs": (0, "plan.runs[0].epochs: 0 is outside 1..10000"),
            "runs.0.lr": ("fast", "plan.runs[0].lr: 'fast' is not a number"),
            "model.patch_size": (5, "plan.model.patch_size: 5 does not divide image_size 28"),
            "train_images": (70_000, "plan.train_images: 70000 is outside 1..60000"),
            "model.typo": (1, "plan.model.typo: unknown key"),
        }
        for path, (value, message) in cases.items():
            with self.subTest(path=path):
                with self.assertRaises(PlanError) as e:
                    StudyPlan.from_dict(plan_dict(**{path: value}))
                self.assertIn(message, str(e.exception))

    def test_the_cli_refuses_a_bad_plan_before_training_with_one_line_and_exit_2(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            (d / "plan.json").write_text(json.dumps(plan_dict(**{"model.window": 4})))
            r = engine("study", "--out", str(d / "study"), "--plan", str(d / "plan.json"))
            self.assertEqual(r.returncode, 2)
            self.assertEqual(r.stderr.strip(), "error: plan.model.window: 4 is even (expected an odd window side, e.g. 3)")
            self.assertFalse((d / "study" / "runs").exists())
            for bad, msg in ((d, "not a regular file"), (d / "missing.json", "not found")):
                r = engine("study", "--out", str(d / "study"), "--plan", str(bad))
                self.assertEqual(r.returncode, 2)
                self.assertEqual(len(r.stderr.strip().splitlines()), 1)
                self.assertIn(msg, r.stderr)
                self.assertNotIn("Traceback", r.stderr)
            (d / "file").write_text("")
            (d / "ok.json").write_text(json.dumps(plan_dict()))
            r = engine("study", "--out", str(d / "file" / "under"), "--plan", str(d / "ok.json"))
            self.assertEqual(r.returncode, 2)
            self.assertIn("is not a directory", r.stderr)

    def test_a_refused_plan_or_folder_never_imports_torch(self):
        # Validation lives in torch-free modules (plan.py, config.py, errors.py): a refusal costs no PyTorch import.
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            (d / "bad.json").write_text(json.dumps(plan_dict(**{"model.window": 4})))
            (d / "ok.json").write_text(json.dumps(plan_dict()))
            (d / "file").write_text("")
            for plan, out in ((d / "missing.json", d / "s"), (d / "bad.json", d / "s"), (d / "ok.json", d / "file" / "under")):
                code = ("import sys\nfrom vitsparse_train.cli import main\n"
                        f"rc = main(['study', '--out', {str(out)!r}, '--plan', {str(plan)!r}])\n"
                        "print(rc, 'torch' in sys.modules)")
                r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT / "lib" / "train")})
                self.assertEqual(r.stdout.split(), ["2", "False"], r.stderr)

    def test_default_plan_names_its_runs_once_and_pairs_fine_tunes_of_other_pretrainings(self):
        plan = default_plan()
        names = [r.name for r in plan.runs]
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(names[0], "pretrain-full-seed0")
        for v in ("random-lower", "windowed-upper"):
            self.assertEqual(sum(1 for r in plan.runs if r.variant == v), 3)
        self.assertIn("finetune-windowed-lower-seed0-pre2", names)
        self.assertIn("scratch-full-seed0", names)
        sw = next(r for r in plan.runs if r.name == "scratch-windowed-lower-seed0")
        sf = next(r for r in plan.runs if r.name == "scratch-full-seed0")
        self.assertEqual({k: v for k, v in sw.to_dict().items() if k != "variant"}, {k: v for k, v in sf.to_dict().items() if k != "variant"})
        StudyPlan.from_dict(plan.to_dict())
        self.assertEqual(set(VARIANTS), {r.variant for r in plan.runs})

    def test_every_variant_of_a_seed_sees_the_same_data(self):
        orders = [epoch_order(RunSpec("finetune", v, 1, 1, 1e-3, 1, 0.0, 64, 0), 0, 500) for v in VARIANTS]
        for p, f in orders[1:]:
            self.assertTrue(torch.equal(p, orders[0][0]) and torch.equal(f, orders[0][1]))

    def test_an_orphaned_engine_stops(self):
        # The engine watches VITSPARSE_PARENT_PID: a parent pid that is not its parent means the starter is gone.
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "plan.json").write_text(json.dumps(plan_dict()))
            r = engine("study", "--out", str(Path(d) / "s"), "--plan", str(Path(d) / "plan.json"),
                       env={"VITSPARSE_PARENT_PID": "1"})
            self.assertEqual(r.returncode, 143, r.stderr)
            self.assertIn("has ended; stopping", r.stderr)
            self.assertFalse((Path(d) / "s" / "runs" / "pretrain-full-seed0" / "final.pt").exists())

    def test_an_imported_run_continues_the_study_as_if_trained_here(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            plan = tiny_plan(epochs=1)
            data = Data(plan)
            run_one(plan, plan.runs[0], data, d / "a", Progress(10**6, 0, out=io.StringIO()), log=lambda m: None)
            ck = torch.load(d / "a" / "runs" / plan.runs[0].name / "final.pt")
            weights.write(d / "w.bin", ck["model"], {"model": ck["model_config"]})
            import_run(plan, plan.runs[0].name, str(d / "w.bin"), ck["records"], d / "b")
            # Resuming the imported study finds the run finished (same hash), so nothing retrains.
            self.assertTrue(run_one(plan, plan.runs[0], data, d / "b", Progress(10**6, 0, out=io.StringIO()), log=lambda m: None))
            got = torch.load(d / "b" / "runs" / plan.runs[0].name / "final.pt")
            self.assertTrue(all(torch.equal(got["model"][k], ck["model"][k]) for k in ck["model"]))
            other = StudyPlan.from_dict({**plan.to_dict(), "model": {**TINY_MODEL, "embed_dim": 64}})
            with self.assertRaises(PlanError):
                import_run(other, plan.runs[0].name, str(d / "w.bin"), ck["records"], d / "c")

    def test_checkpoint_folder_must_be_writable(self):
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "f"
            f.write_text("")
            with self.assertRaises(PlanError):
                check_out_dir(f)
            check_out_dir(Path(d) / "new" / "deep")


if __name__ == "__main__":
    unittest.main()
