"""Fashion-MNIST from IDX files (Debian's dataset-fashion-mnist layout: *-idx3-ubyte.gz / *-idx1-ubyte.gz)."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import torch

from .errors import DataError  # noqa: F401  (raised here; defined without torch)

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
ENV_DIR = "VITSPARSE_FASHION_MNIST_DIR"
# Mean and standard deviation of the 60,000 training images' pixels (in [0, 1]), computed once from the data.
MEAN = 0.2860
STD = 0.3530
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}




def dataset_dir(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get(ENV_DIR) or DEFAULT_DIR)


def read_idx(path: Path, expected_dims: int) -> np.ndarray:
    """Reads a gzip IDX file of unsigned bytes; checks the magic number, the rank and the payload size."""
    try:
        raw = gzip.open(path, "rb").read() if str(path).endswith(".gz") else open(path, "rb").read()
    except FileNotFoundError:
        raise DataError(f"{path}: not found (install Debian's dataset-fashion-mnist or set {ENV_DIR})")
    except OSError as e:
        raise DataError(f"{path}: cannot read ({e})")
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataError(f"{path}: not an unsigned-byte IDX file (bad magic)")
    dims = raw[3]
    if dims != expected_dims:
        raise DataError(f"{path}: expected {expected_dims} dimensions, got {dims}")
    header = 4 + 4 * dims
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    size = int(np.prod(shape))
    if len(raw) != header + size:
        raise DataError(f"{path}: payload is {len(raw) - header} bytes, shape {shape} needs {size}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def load_split(split: str, directory: str | None = None):
    """(images uint8 [n, 28, 28], labels int64 [n]) of one split."""
    d = dataset_dir(directory)
    img_name, lbl_name = FILES[split]
    images = read_idx(d / img_name, 3)
    labels = read_idx(d / lbl_name, 1)
    if images.shape[0] != labels.shape[0]:
        raise DataError(f"{d}: {split} has {images.shape[0]} images but {labels.shape[0]} labels")
    if labels.max() > 9:
        raise DataError(f"{d / lbl_name}: label {labels.max()} outside 0..9")
    return images, labels.astype(np.int64)


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 [n, 28, 28] → normalised float32 [n, 1, 28, 28]."""
    x = torch.from_numpy(images.astype(np.float32) / 255.0)
    return ((x - MEAN) / STD).unsqueeze(1)
