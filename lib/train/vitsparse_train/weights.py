"""The kit's weights file (`lib/train/weights-file.ts` reads and writes the same bytes):
"VSPW" · uint32 LE header length · UTF-8 JSON header (space-padded so the data starts 4-byte aligned) ·
float32 LE data. The header is {"meta": {...}, "tensors": [{"name", "shape", "offset" (in floats)}]}.
"""
from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
import torch

from .errors import WeightsError  # noqa: F401  (raised here; defined without torch)

MAGIC = b"VSPW"




def encode(tensors: dict, meta: dict) -> bytes:
    header = {"meta": meta, "tensors": []}
    offset = 0
    arrays = []
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t, dtype="<f4")
        header["tensors"].append({"name": name, "shape": list(a.shape), "offset": offset})
        offset += a.size
        arrays.append(a)
    js = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    js += b" " * ((4 - (8 + len(js)) % 4) % 4)
    return MAGIC + struct.pack("<I", len(js)) + js + b"".join(a.tobytes() for a in arrays)


def write(path, tensors: dict, meta: dict) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    tmp.write_bytes(encode(tensors, meta))
    os.replace(tmp, path)


def read(path):
    """(meta, {name: float32 tensor}) of a weights file."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise WeightsError(f"{path}: cannot read weights file ({e.strerror or e})")
    if raw[:4] != MAGIC or len(raw) < 8:
        raise WeightsError(f"{path}: not a vitsparse weights file (expected magic \"VSPW\")")
    (n,) = struct.unpack("<I", raw[4:8])
    try:
        header = json.loads(raw[8:8 + n].decode())
    except ValueError:
        raise WeightsError(f"{path}: header is not valid JSON")
    data = np.frombuffer(raw, dtype="<f4", offset=8 + n)
    out = {}
    for t in header["tensors"]:
        count = int(np.prod(t["shape"])) if t["shape"] else 1
        if t["offset"] + count > data.size:
            raise WeightsError(f"{path}: truncated: tensor {t['name']} needs floats up to {t['offset'] + count}")
        out[t["name"]] = torch.from_numpy(data[t["offset"]:t["offset"] + count].copy()).reshape(t["shape"])
    return header["meta"], out
