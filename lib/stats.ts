/**
 * Rank statistics shared by the claim evidence (kernel utilisation on this CPU, ViTCoD's modelled
 * utilisation): ranks with ties averaged, and Spearman's rank correlation.
 */

/** 1-based ranks of `xs` in ascending order; tied values share the mean of their ranks. */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const ranks = new Array<number>(xs.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1]!.x === order[s]!.x) e++;
    const mean = (s + e) / 2 + 1;
    for (let j = s; j <= e; j++) ranks[order[j]!.i] = mean;
    s = e + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation of paired samples: the Pearson correlation of their average ranks (exact
 * with ties). NaN when there are fewer than two pairs or either sample is constant.
 * @throws Error when the samples differ in length or hold a non-finite value.
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`spearman: samples differ in length (${x.length} vs ${y.length})`);
  if ([...x, ...y].some((v) => !Number.isFinite(v))) throw new Error("spearman: samples must be finite numbers");
  const n = x.length;
  if (n < 2) return NaN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}
