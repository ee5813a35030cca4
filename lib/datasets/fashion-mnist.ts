/**
 * Fashion-MNIST (Zalando Research, MIT licence) from its IDX files: located through the environment
 * variable `VITSPARSE_FASHION_MNIST_DIR`, else Debian's `dataset-fashion-mnist` install path.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { readIdx } from "./idx.ts";
import { ensureSystemPackages, FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_PACKAGES } from "../system-packages.ts";

/** Environment variable naming a folder that holds the four Fashion-MNIST IDX files. */
export const FASHION_MNIST_ENV = "VITSPARSE_FASHION_MNIST_DIR";
/** Where Debian's `dataset-fashion-mnist` package installs the files. */
export { FASHION_MNIST_DEBIAN_DIR };
/** The Debian package that provides the files. */
export const FASHION_MNIST_DEBIAN_PACKAGE = FASHION_MNIST_PACKAGES[0]!;
/** Image side length in pixels. */
export const FASHION_MNIST_SIDE = 28;
/** Class names, by label index (from the dataset's README). */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
];

/** One split of Fashion-MNIST. */
export interface FashionMnistSplit {
  /** Number of images. */
  count: number;
  /** Pixels, `count × 28 × 28`, row-major, 0..255. */
  images: Uint8Array;
  /** Labels 0..9, one per image. */
  labels: Uint8Array;
}

/** File names of a split, as shipped by Zalando and Debian. */
function splitFiles(split: "train" | "test"): { images: string; labels: string } {
  const prefix = split === "train" ? "train" : "t10k";
  return { images: `${prefix}-images-idx3-ubyte.gz`, labels: `${prefix}-labels-idx1-ubyte.gz` };
}

/** True when `dir` holds all four Fashion-MNIST files. */
function hasAllFiles(dir: string): boolean {
  return (["train", "test"] as const).every((s) => {
    const f = splitFiles(s);
    return existsSync(join(dir, f.images)) && existsSync(join(dir, f.labels));
  });
}

/**
 * Returns the folder holding the Fashion-MNIST files: `$VITSPARSE_FASHION_MNIST_DIR` when set (it must
 * then hold the files), else the Debian install path. Throws {@link UserError} saying how to get them.
 */
export function locateFashionMnist(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[FASHION_MNIST_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!hasAllFiles(fromEnv)) {
      throw new UserError(
        `${FASHION_MNIST_ENV}=${fromEnv}: expected the files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ` +
          `t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in that folder`,
      );
    }
    return fromEnv;
  }
  if (hasAllFiles(FASHION_MNIST_DEBIAN_DIR)) return FASHION_MNIST_DEBIAN_DIR;
  throw new UserError(
    `Fashion-MNIST not found: set ${FASHION_MNIST_ENV} to a folder with the four IDX .gz files, or install ` +
      `Debian's package (apt-get install -y ${FASHION_MNIST_DEBIAN_PACKAGE}) which puts them in ${FASHION_MNIST_DEBIAN_DIR}`,
  );
}

/**
 * Like {@link locateFashionMnist}, but when neither location has the files and the environment variable is
 * unset, installs the Debian package where the machine allows it (lib/system-packages.ts), saying so on `log`.
 */
export function ensureFashionMnist(log: (line: string) => void = (l) => process.stderr.write(l + "\n")): string {
  const fromEnv = process.env[FASHION_MNIST_ENV];
  if ((fromEnv === undefined || fromEnv === "") && !hasAllFiles(FASHION_MNIST_DEBIAN_DIR)) {
    const r = ensureSystemPackages(FASHION_MNIST_PACKAGES, log);
    if (r.line !== undefined) throw new UserError(`Fashion-MNIST not found: ${r.line.replace(/^vitsparse: /, "")}; or set ${FASHION_MNIST_ENV} to a folder with the four IDX .gz files`);
  }
  return locateFashionMnist();
}

/** Loads one split from `dir` (default: {@link locateFashionMnist}), checking the sizes and label range. */
export function loadFashionMnist(split: "train" | "test", dir: string = locateFashionMnist()): FashionMnistSplit {
  const f = splitFiles(split);
  const img = readIdx(join(dir, f.images), [-1, FASHION_MNIST_SIDE, FASHION_MNIST_SIDE]);
  const lab = readIdx(join(dir, f.labels), [-1]);
  const count = img.shape[0]!;
  if (lab.shape[0] !== count) {
    throw new UserError(`${join(dir, f.labels)}: has ${lab.shape[0]} labels, expected ${count} (one per image in ${f.images})`);
  }
  for (let i = 0; i < count; i++) {
    if (lab.data[i]! > 9) throw new UserError(`${join(dir, f.labels)}: label ${lab.data[i]} at index ${i} is out of range 0..9`);
  }
  return { count, images: img.data, labels: lab.data };
}
