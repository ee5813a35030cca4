"""Commands of the training engine (`python3 -m vitsparse_train <command> --help`). A bad input prints one
line `error: ...` and exits 2."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DataError, WeightsError
from .plan_check import PlanError, check_out_dir


def read_json(path: str, what: str):
    """A JSON file's value; a missing, unreadable or invalid file is one PlanError line."""
    p = Path(path)
    if not p.exists():
        raise PlanError(f"{what} {path}: not found")
    if not p.is_file():
        raise PlanError(f"{what} {path}: not a regular file")
    try:
        return json.loads(p.read_text())
    except OSError as e:
        raise PlanError(f"{what} {path}: cannot read ({e.strerror or e})")
    except ValueError as e:
        raise PlanError(f"{what} {path}: not valid JSON ({e})")


def read_plan(path: str, finished: set, lenient: bool = False):
    """The validated plan of a plan file (`lenient`: an init_from outside the plan is accepted, for listing)."""
    from .plan import StudyPlan
    d = read_json(path, "--plan")
    if lenient and isinstance(d, dict) and isinstance(d.get("runs"), list):
        finished = finished | {r.get("init_from") for r in d["runs"] if isinstance(r, dict) and isinstance(r.get("init_from"), str)}
    return StudyPlan.from_dict(d, finished)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="vitsparse_train", description="vitsparse's PyTorch training engine")
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("study", help="run (or resume) the accuracy study")
    s.add_argument("--out", help="checkpoint folder (required unless --print-plan)")
    s.add_argument("--plan", help="plan JSON (default: the committed study's plan)")
    s.add_argument("--data-dir", help="Fashion-MNIST folder (default $VITSPARSE_FASHION_MNIST_DIR or Debian's)")
    s.add_argument("--only", nargs="*", help="run names to train")
    s.add_argument("--stop-after-epochs", type=int, help="stop after this many epochs (to test resume)")
    s.add_argument("--print-plan", action="store_true", help="print the default plan as JSON and exit")
    s.add_argument("--print-runs", action="store_true", help="print the plan's run names (JSON list, plan order) and exit")

    im = sub.add_parser("import-run", help="adopt a run finished elsewhere (committed weights + records) into a study folder")
    im.add_argument("--out", required=True, help="checkpoint folder of the study")
    im.add_argument("--plan", help="plan JSON (default: the committed study's plan)")
    im.add_argument("--name", required=True, help="run name in the plan, e.g. pretrain-full-seed0")
    im.add_argument("--weights", required=True, help="the run's final weights (.bin)")
    im.add_argument("--records", required=True, help="JSON file: the run's per-epoch records, as the engine writes them")

    sc = sub.add_parser("step-cost", help="median seconds per training step of the study's model at several patch sizes")
    sc.add_argument("--patch-sizes", default="4,2", help="comma-separated patch sizes (28 px images: 4 → 7x7, 2 → 14x14)")
    sc.add_argument("--batch-size", type=int, default=128)
    sc.add_argument("--steps", type=int, default=3, help="timed steps per round (after one warm-up step)")
    sc.add_argument("--rounds", type=int, default=3, help="interleaved rounds over the patch sizes")

    e = sub.add_parser("export", help="weights, attention maps and reference logits of finished runs")
    e.add_argument("--study", required=True, help="checkpoint folder of the study")
    e.add_argument("--out", required=True, help="folder for <run>.bin and <run>.maps.bin")
    e.add_argument("--map-images", type=int, default=1000, help="test images averaged into the mean maps")
    e.add_argument("--fixed-images", default="0,1,2,3", help="comma-separated test image indices for per-image maps")
    e.add_argument("--data-dir", help="Fashion-MNIST folder")

    lg = sub.add_parser("logits", help="reference logits (PyTorch, masked dense attention) of a weights file")
    lg.add_argument("--weights", required=True)
    lg.add_argument("--out", required=True, help="weights-format file with logits [images, classes] and labels")
    lg.add_argument("--images", type=int, help="first N test images (default all 10,000)")
    lg.add_argument("--data-dir", help="Fashion-MNIST folder")

    d = sub.add_parser("deit", help="the full-scale protocol: DeiT-tiny fine-tuned on CIFAR (GPU; torchrun for several)")
    d.add_argument("--checkpoint", required=True, help="DeiT-tiny checkpoint file (timm parameter names)")
    d.add_argument("--data", required=True, help="folder holding torchvision's cifar-10-batches-py/ or cifar-100-python/")
    d.add_argument("--dataset", default="cifar10", choices=["cifar10", "cifar100"])
    d.add_argument("--device", default="cuda", help="cuda | cpu (default cuda)")
    d.add_argument("--epochs", type=int, default=30)
    d.add_argument("--batch-size", type=int, default=128, help="global batch (split across torchrun processes)")
    d.add_argument("--lr", type=float, default=5e-4)
    d.add_argument("--warmup-steps", type=int, default=500)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--full", action="store_true", help="no windowing (the control)")
    d.add_argument("--limit", type=int, help="use only the first N images of each split (smoke tests)")
    d.add_argument("--out", help="folder for result.json and finetuned.pt")

    args = p.parse_args(argv)
    try:
        if args.cmd == "study":
            from .plan import default_plan, finished_runs
            if args.print_plan:
                print(json.dumps(default_plan().to_dict(), indent=1))
                return 0
            if args.print_runs:
                plan = read_plan(args.plan, set(), lenient=True) if args.plan else default_plan()
                print(json.dumps([r.name for r in plan.runs]))
                return 0
            if not args.out:
                p.error("study needs --out")
            plan = read_plan(args.plan, finished_runs(Path(args.out))) if args.plan else default_plan()
            check_out_dir(Path(args.out))
            # PyTorch is imported only once the plan and the folder are found fit to run.
            from .train import run_study
            ok = run_study(plan, Path(args.out), args.data_dir, args.only, args.stop_after_epochs)
            return 0 if ok else 3
        if args.cmd == "import-run":
            from .train import default_plan, finished_runs, import_run
            plan = read_plan(args.plan, finished_runs(Path(args.out))) if args.plan else default_plan()
            records = read_json(args.records, "--records")
            import_run(plan, args.name, args.weights, records, Path(args.out))
            print(f"imported: {args.name}", flush=True)
            return 0
        if args.cmd == "step-cost":
            from .step_cost import measure
            from .train import default_plan, machine_info
            sizes = [int(v) for v in args.patch_sizes.split(",") if v.strip()]
            if not sizes or any(v < 1 or 28 % v for v in sizes) or len(set(sizes)) != len(sizes):
                raise PlanError(f"--patch-sizes {args.patch_sizes}: expected distinct divisors of 28, e.g. 4,2")
            for name, v, lo, hi in (("--batch-size", args.batch_size, 1, 4096), ("--steps", args.steps, 1, 100), ("--rounds", args.rounds, 1, 20)):
                if not lo <= v <= hi:
                    raise PlanError(f"{name} {v}: expected {lo}..{hi}")
            rows = measure(default_plan().model, sizes, args.batch_size, args.steps, args.rounds)
            print(json.dumps({"rows": rows, "machine": machine_info()}))
            return 0
        if args.cmd == "export":
            from .analyze import analyze_run
            from .plan import StudyPlan
            study = Path(args.study)
            runs = sorted((study / "runs").glob("*/final.pt"))
            if not runs:
                raise DataError(f"{args.study}: no finished runs (runs/*/final.pt)")
            plan_file = study / "plan.json"
            if plan_file.is_file():
                # The plan's run names in plan order, for the TypeScript side (one home of the naming rule).
                plan = StudyPlan.from_dict(read_json(str(plan_file), "plan"), finished=set())
                names = [{"name": r.name, "phase": r.phase, "variant": r.variant, "seed": r.seed,
                          "pretrainSeed": r.pretrain_seed, "finished": (study / "runs" / r.name / "final.pt").exists()}
                         for r in plan.runs]
                (study / "runs.json.tmp").write_text(json.dumps(names, indent=1))
                (study / "runs.json.tmp").replace(study / "runs.json")
            fixed = [int(v) for v in args.fixed_images.split(",") if v]
            for ck in runs:
                r = analyze_run(ck, args.out, ck.parent.name, args.map_images, fixed, args.data_dir,
                                {"run": ck.parent.name})
                print(f"{'up to date' if r['skipped'] else 'exported'}: {r['name']}", flush=True)
            return 0
        if args.cmd == "logits":
            import torch
            from . import weights
            from .analyze import load_model, logits
            from .data import load_split, to_tensor
            model = load_model(args.weights)
            images, labels = load_split("test", args.data_dir)
            if args.images:
                images, labels = images[:args.images], labels[:args.images]
            lg = logits(model, to_tensor(images))
            weights.write(args.out, {"logits": lg, "labels": torch.from_numpy(labels).float()},
                          {"weights": str(args.weights), "torch": torch.__version__})
            return 0
        if args.cmd == "deit":
            from .deit import finetune
            finetune(args.checkpoint, args.data, args.dataset, args.device, args.epochs, args.batch_size, args.lr,
                     warmup_steps=args.warmup_steps, seed=args.seed, windowed_lower=not args.full, out=args.out,
                     limit=args.limit, log=lambda m: print(m, flush=True))
            return 0
    except (DataError, WeightsError, FileNotFoundError, ValueError, PlanError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # checkpoint errors and the like: still one line
        from .deit import CheckpointError
        if isinstance(e, CheckpointError):
            print(f"error: {e}", file=sys.stderr)
            return 2
        raise
    return 0
