"""Commands of the training engine (`python3 -m vitsparse_train <command> --help`). A bad input prints one
line `error: ...` and exits 2."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .data import DataError
from .weights import WeightsError


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
            from .train import StudyPlan, default_plan, run_study
            if args.print_plan:
                print(json.dumps(default_plan().to_dict(), indent=1))
                return 0
            if not args.out:
                p.error("study needs --out")
            plan = StudyPlan.from_dict(json.loads(Path(args.plan).read_text())) if args.plan else default_plan()
            ok = run_study(plan, Path(args.out), args.data_dir, args.only, args.stop_after_epochs)
            return 0 if ok else 3
        if args.cmd == "export":
            from .analyze import analyze_run
            runs = sorted((Path(args.study) / "runs").glob("*/final.pt"))
            if not runs:
                raise DataError(f"{args.study}: no finished runs (runs/*/final.pt)")
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
    except (DataError, WeightsError, FileNotFoundError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # checkpoint errors and the like: still one line
        from .deit import CheckpointError
        if isinstance(e, CheckpointError):
            print(f"error: {e}", file=sys.stderr)
            return 2
        raise
    return 0
