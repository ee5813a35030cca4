/**
 * The pinned reference files the kit imports: data, not code. Each entry names the public repository, the
 * commit, the path inside the repository, the SHA-256 of the file at that commit and its licence, as listed
 * in `../shared/reference/README.md`. The importer finds these files in a local folder or downloads them
 * from the repository at the pinned commit, and refuses any file whose hash differs.
 */
import { VITCOD } from "../../paper/sources.ts";

/** One pinned reference file. */
export interface ReferenceFile {
  /** File name (also its name inside the local reference folder). */
  name: string;
  /** Sub-folder of the local reference folder that holds it (`../shared/reference/<folder>/<name>`). */
  folder: string;
  /** GitHub repository, `owner/name`. */
  repository: string;
  /** Pinned commit (40 hex digits). */
  commit: string;
  /** Path of the file inside the repository at that commit. */
  path: string;
  /** SHA-256 of the file's bytes (lower-case hex). */
  sha256: string;
  /** Size of the file in bytes (the importer reads no more than this). */
  bytes: number;
  /** SPDX licence identifier of the repository. */
  license: string;
  /** What the file is. */
  description: string;
}

const VITCOD_REPOSITORY = VITCOD.repository;
const VITCOD_COMMIT = VITCOD.commit;
const VITCOD_MASKS = "Hardware/Simulator/masks/deit_tiny_lowrank";

/** The seven reference files, in import order. */
export const REFERENCE_FILES: readonly ReferenceFile[] = [
  {
    name: "info_0.95.npy",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: `${VITCOD_MASKS}/info_0.95.npy`,
    sha256: "6294885e790d1d2db891f1bdd81c979129beba5cd43c8a1011c8ac42c5511490",
    bytes: 1_397_252,
    license: "Apache-2.0",
    description:
      "ViTCoD's fixed sparse attention mask of DeiT-tiny at ~95% sparsity: bool (layer, head, query, key) = (12, 3, 197, 197), True = pruned, False = kept",
  },
  {
    name: "global_token_info_0.95.npy",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: `${VITCOD_MASKS}/global_token_info_0.95.npy`,
    sha256: "515e6f500f7674d807b37921f5bc3d13c8988ce6809c3d1fb24dadc00b0eabf7",
    bytes: 416,
    license: "Apache-2.0",
    description: "number of global (denser) columns per (layer, head) found by ViTCoD's polarizer (reorder.py) in info_0.95.npy: float64 (12, 3)",
  },
  {
    name: "vitcod_atten_0.95_wo.txt",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: `${VITCOD_MASKS}/vitcod_atten_0.95_wo.txt`,
    sha256: "6133a3ea8a233936894a7a9843c51400f4ce2856c0589672ff83d0ac0861af50",
    bytes: 34_341,
    license: "Apache-2.0",
    description: "log of ViTCoD's attention cycle simulator (appended runs; the last run, total 9492 cycles, is the reference)",
  },
  {
    name: "vitcod_atten_ffn.txt",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: `${VITCOD_MASKS}/vitcod_atten_ffn.txt`,
    sha256: "12bad68a384fe7b461cc1487eedc1654dbb04b7d2e5a4369549f7d76b8ec1b46",
    bytes: 11_596,
    license: "Apache-2.0",
    description: "log of ViTCoD's linear/FFN cycle simulator (two identical runs, total 2,043,156 cycles)",
  },
  {
    name: "ViT_Transformer-seq_len_196-dim_192-heads_3.json",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: "Profile/TX2_benchmark/benchmark_logs/ViT_Transformer-seq_len_196-dim_192-heads_3.json",
    sha256: "1f1741d88e5510bb770ac13b33eba2b24384101cd098e0c76c9706c455332252",
    bytes: 62_401,
    license: "Apache-2.0",
    description:
      "TensorRT per-layer profile (210 timed runs) on an NVIDIA Jetson TX2 of 12 transformer blocks, dim 192, 3 heads, MLP 768, 196 tokens",
  },
  {
    name: "eic-2019gpu2_54364.1647906182908.pt.trace.json",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: "Profile/GPU_benchmark/benchmark_logs/ViT_Transformer-seq_len_196-dim_192-heads_3/eic-2019gpu2_54364.1647906182908.pt.trace.json",
    sha256: "a1d7e950297ba81a5c63a9c074808f649bf0013d4e0f4a315fbb8679da8ba130",
    bytes: 3_340_776,
    license: "Apache-2.0",
    description: "PyTorch profiler Chrome trace of the same 12-block model on an RTX 2080 Ti",
  },
  {
    name: "flops.txt",
    folder: "vitcod",
    repository: VITCOD_REPOSITORY,
    commit: VITCOD_COMMIT,
    path: "Algorithm/deit/flops.txt",
    sha256: "5d191af49eb739837813df3b3e5d9456c4d6911ef608661d5f527d136b92f570",
    bytes: 31_241,
    license: "Apache-2.0",
    description: "fvcore per-module FLOP (multiply-accumulate) and parameter printout of LeViT-128",
  },
];

/** The manifest entry of a reference file by name. @throws Error for a name not in the manifest (a bug). */
export function referenceFile(name: string): ReferenceFile {
  const f = REFERENCE_FILES.find((r) => r.name === name);
  if (!f) throw new Error(`reference file "${name}" is not in the manifest (known: ${REFERENCE_FILES.map((r) => r.name).join(", ")})`);
  return f;
}

/** URL of the raw file at the pinned commit on raw.githubusercontent.com (path segments URL-encoded). */
export function rawUrl(file: ReferenceFile): string {
  const path = file.path.split("/").map(encodeURIComponent).join("/");
  return `https://raw.githubusercontent.com/${file.repository}/${file.commit}/${path}`;
}

/** The human-readable source line stored in provenance: repository, commit and path. */
export function sourceLine(file: ReferenceFile): string {
  return `github.com/${file.repository} @ ${file.commit}: ${file.path}`;
}
