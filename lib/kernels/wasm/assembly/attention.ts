// AssemblyScript source of the kit's WebAssembly SIMD attention kernel (compiled by `npm run build:wasm`
// into ../attention.wasm, which is committed; test/kernels/wasm-build.test.ts checks that rebuilding
// gives the identical bytes). All tensors live in linear memory managed by the TypeScript loader
// (lib/kernels/wasm-kernel.ts); this module allocates nothing.
//
// Layout: Q, K, V, O are [n][d] float32 rows of one head (d a multiple of 4); a row's kept keys are
// `cnt` int32 column indices at `cols`. Per query row: SDDMM s_j = (q·k_j)·scale over the kept keys
// (4 keys at a time, then 2, then 1; f32x4 over d), softmax over the kept keys only (vectorised exp),
// then SpMM o = Σ_j p_j v_j (f32x4 over d, passes of 4 accumulators). Keys that are not kept never
// enter the row. The loops are shaped for V8's TurboFan: few live values per loop (8-key groups,
// 8-accumulator passes and a fully unrolled d = 64 SDDMM spilled registers and measured no faster),
// and key-row byte offsets loaded from a per-row table so column·rowBytes is not recomputed inside
// inner loops. No FMA: relaxed SIMD is not enabled by default in Node 20.

// ---- vectorised exp (Cody–Waite range reduction + degree-6 polynomial, Cephes expf coefficients) ----
// @ts-ignore: decorator
@inline
function expv(x: v128): v128 {
  // Arguments are s - max(s) ≤ 0; below -87 exp underflows float32's normal range.
  const xc = f32x4.max(x, f32x4.splat(-87.0));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  const y = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1.0));
  const e = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, e);
}

/** exp of one float through the same vector code (so every probability has the same accuracy). */
export function expScalar(x: f32): f32 {
  return f32x4.extract_lane(expv(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline
function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const t0 = f32x4.add(f32x4.shuffle(a, b, 0, 1, 4, 5), f32x4.shuffle(a, b, 2, 3, 6, 7));
  const t1 = f32x4.add(f32x4.shuffle(c, d, 0, 1, 4, 5), f32x4.shuffle(c, d, 2, 3, 6, 7));
  return f32x4.add(f32x4.shuffle(t0, t1, 0, 2, 4, 6), f32x4.shuffle(t0, t1, 1, 3, 5, 7));
}

// @ts-ignore: decorator
@inline
function hsum(a: v128): f32 {
  return f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3);
}

// @ts-ignore: decorator
@inline
function keyRow(base: usize, offs: usize, j: i32): usize {
  // offs[j] = column·rowBytes, precomputed per row (see rowOffsets): loading it keeps TurboFan from
  // recomputing column·rowBytes inside the inner loops.
  return base + <usize>load<i32>(offs + (<usize>j << 2));
}

/** offs[j] = cols[j]·rowBytes for j < cnt. */
function rowOffsets(cols: usize, cnt: i32, rowBytes: usize, offs: usize): void {
  for (let j = 0; j < cnt; j++) {
    const o = <usize>j << 2;
    store<i32>(offs + o, <i32>(<usize>load<i32>(cols + o) * rowBytes));
  }
}

/** SDDMM of one query row: s[j] = (q·k_cols[j])·scale for j < cnt. */
function sddmmRow(qrow: usize, k: usize, rowBytes: usize, offs: usize, cnt: i32, scale: f32, s: usize): void {
  const sc = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= cnt; j += 4) {
    const k0 = keyRow(k, offs, j);
    const k1 = keyRow(k, offs, j + 1);
    const k2 = keyRow(k, offs, j + 2);
    const k3 = keyRow(k, offs, j + 3);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 16) {
      const qv = v128.load(qrow + o);
      a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(qv, v128.load(k1 + o)));
      a2 = f32x4.add(a2, f32x4.mul(qv, v128.load(k2 + o)));
      a3 = f32x4.add(a3, f32x4.mul(qv, v128.load(k3 + o)));
    }
    v128.store(s + (<usize>j << 2), f32x4.mul(hsum4(a0, a1, a2, a3), sc));
  }
  if (j + 2 <= cnt) {
    const k0 = keyRow(k, offs, j);
    const k1 = keyRow(k, offs, j + 1);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    let o: usize = 0;
    for (; o + 32 <= rowBytes; o += 32) {
      const qv = v128.load(qrow + o);
      const qw = v128.load(qrow + o, 16);
      a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + o)));
      b0 = f32x4.add(b0, f32x4.mul(qv, v128.load(k1 + o)));
      a1 = f32x4.add(a1, f32x4.mul(qw, v128.load(k0 + o, 16)));
      b1 = f32x4.add(b1, f32x4.mul(qw, v128.load(k1 + o, 16)));
    }
    for (; o < rowBytes; o += 16) {
      const qv = v128.load(qrow + o);
      a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + o)));
      b0 = f32x4.add(b0, f32x4.mul(qv, v128.load(k1 + o)));
    }
    const a = f32x4.add(a0, a1);
    const b = f32x4.add(b0, b1);
    // [a0+a2, a1+a3, b0+b2, b1+b3] then pairwise: lanes 0 and 1 hold Σa and Σb.
    const t = f32x4.add(f32x4.shuffle(a, b, 0, 1, 4, 5), f32x4.shuffle(a, b, 2, 3, 6, 7));
    const r = f32x4.add(f32x4.shuffle(t, t, 0, 2, 0, 2), f32x4.shuffle(t, t, 1, 3, 1, 3));
    const dst = s + (<usize>j << 2);
    store<f32>(dst, f32x4.extract_lane(r, 0) * scale);
    store<f32>(dst, f32x4.extract_lane(r, 1) * scale, 4);
    j += 2;
  }
  for (; j < cnt; j++) {
    const k0 = keyRow(k, offs, j);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let o: usize = 0;
    for (; o + 64 <= rowBytes; o += 64) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load(qrow + o), v128.load(k0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(qrow + o, 16), v128.load(k0 + o, 16)));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(qrow + o, 32), v128.load(k0 + o, 32)));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(qrow + o, 48), v128.load(k0 + o, 48)));
    }
    for (; o < rowBytes; o += 16) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load(qrow + o), v128.load(k0 + o)));
    }
    store<f32>(s + (<usize>j << 2), hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3))) * scale);
  }
}

/**
 * Softmax over s[0..cnt) in place. Returns false when the scores are not finite (overflow), in
 * which case the row is left unnormalised and the caller reports an error.
 */
function softmaxRow(s: usize, cnt: i32): bool {
  // Groups of 4; the last partial group is processed as a vector with its invalid lanes masked
  // (scratch has 4 floats of padding, so reading/writing past cnt stays inside it).
  const full = cnt & ~3;
  const rem = cnt - full;
  const tail = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(rem));
  const negInf = f32x4.splat(-Infinity);
  let mv = negInf;
  let j = 0;
  for (; j < full; j += 4) mv = f32x4.max(mv, v128.load(s + (<usize>j << 2)));
  if (rem != 0) mv = f32x4.max(mv, v128.bitselect(v128.load(s + (<usize>j << 2)), negInf, tail));
  mv = f32x4.max(mv, f32x4.shuffle(mv, mv, 2, 3, 0, 1));
  mv = f32x4.max(mv, f32x4.shuffle(mv, mv, 1, 0, 3, 2));
  const m = f32x4.extract_lane(mv, 0);
  if (!isFinite(m)) return false;
  const msplat = f32x4.splat(m);
  let sumv = f32x4.splat(0);
  for (j = 0; j < full; j += 4) {
    const p = s + (<usize>j << 2);
    const e = expv(f32x4.sub(v128.load(p), msplat));
    v128.store(p, e);
    sumv = f32x4.add(sumv, e);
  }
  if (rem != 0) {
    const p = s + (<usize>j << 2);
    const e = v128.and(expv(f32x4.sub(v128.load(p), msplat)), tail);
    v128.store(p, e);
    sumv = f32x4.add(sumv, e);
  }
  const inv: f32 = <f32>1.0 / hsum(sumv);
  const invv = f32x4.splat(inv);
  for (j = 0; j < cnt; j += 4) {
    const p = s + (<usize>j << 2);
    v128.store(p, f32x4.mul(v128.load(p), invv));
  }
  return true;
}

/** SpMM of one row: o = Σ_j p[j]·v_cols[j] (passes of 16 floats, 4 accumulators: few live registers). */
function spmmRow(p: usize, v: usize, rowBytes: usize, offs: usize, cnt: i32, orow: usize): void {
  let o: usize = 0;
  for (; o + 64 <= rowBytes; o += 64) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    const vo = v + o;
    for (let j = 0; j < cnt; j++) {
      const pj = v128.load32_splat(p + (<usize>j << 2));
      const vr = keyRow(vo, offs, j);
      a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(vr)));
      a1 = f32x4.add(a1, f32x4.mul(pj, v128.load(vr, 16)));
      a2 = f32x4.add(a2, f32x4.mul(pj, v128.load(vr, 32)));
      a3 = f32x4.add(a3, f32x4.mul(pj, v128.load(vr, 48)));
    }
    const dst = orow + o;
    v128.store(dst, a0);
    v128.store(dst, a1, 16);
    v128.store(dst, a2, 32);
    v128.store(dst, a3, 48);
  }
  for (; o < rowBytes; o += 16) {
    let a0 = f32x4.splat(0);
    for (let j = 0; j < cnt; j++) {
      const pj = v128.load32_splat(p + (<usize>j << 2));
      a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(keyRow(v, offs, j) + o)));
    }
    v128.store(orow + o, a0);
  }
}

/**
 * Attention of one head over rows [rowBegin, rowEnd). When `rowPtr` is 0 the pattern is dense and
 * `colIdx` points at the identity list 0..n-1. `scratch` holds 2·(max row length + 4) 32-bit words
 * (scores, then the row's key offsets).
 * When `probs` is not 0, the probabilities of row i's kept keys are written at probs[rowPtr[i]..]
 * (dense: probs[i·n..]). Returns the number of rows whose scores overflowed (0 on success).
 */
export function attentionRows(
  q: usize, k: usize, v: usize, out: usize, n: i32, d: i32,
  rowPtr: usize, colIdx: usize, scale: f32, scratch: usize, maxRow: i32, probs: usize,
  rowBegin: i32, rowEnd: i32,
): i32 {
  const rowBytes = <usize>d << 2;
  let bad = 0;
  for (let i = rowBegin; i < rowEnd; i++) {
    let start = 0;
    let cnt = n;
    if (rowPtr != 0) {
      start = load<i32>(rowPtr + (<usize>i << 2));
      cnt = load<i32>(rowPtr + (<usize>(i + 1) << 2)) - start;
    } else {
      start = i * n;
    }
    const cols = rowPtr != 0 ? colIdx + (<usize>start << 2) : colIdx;
    const qrow = q + <usize>i * rowBytes;
    const orow = out + <usize>i * rowBytes;
    const offs = scratch + ((<usize>maxRow + 4) << 2);
    rowOffsets(cols, cnt, rowBytes, offs);
    sddmmRow(qrow, k, rowBytes, offs, cnt, scale, scratch);
    if (!softmaxRow(scratch, cnt)) {
      bad++;
      memory.fill(orow, 0, rowBytes);
      continue;
    }
    if (probs != 0) memory.copy(probs + (<usize>start << 2), scratch, <usize>cnt << 2);
    spmmRow(scratch, v, rowBytes, offs, cnt, orow);
  }
  return bad;
}

/**
 * SDDMM alone (for accuracy checks): the scaled scores of row i's kept keys at out[rowPtr[i]..];
 * `offs` is scratch for max-row-length words.
 */
export function sddmmRows(q: usize, k: usize, n: i32, d: i32, rowPtr: usize, colIdx: usize, scale: f32, out: usize, offs: usize): void {
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < n; i++) {
    const start = load<i32>(rowPtr + (<usize>i << 2));
    const cnt = load<i32>(rowPtr + (<usize>(i + 1) << 2)) - start;
    rowOffsets(colIdx + (<usize>start << 2), cnt, rowBytes, offs);
    sddmmRow(q + <usize>i * rowBytes, k, rowBytes, offs, cnt, scale, out + (<usize>start << 2));
  }
}

/** Index of the first NaN or ±Infinity among len floats at ptr, or -1 when all are finite. */
export function firstNonFinite(ptr: usize, len: i32): i32 {
  // x − x is 0 for finite x and NaN for NaN/±Infinity; summing those stays 0 unless one is not
  // finite. Four independent sums, no branch in the loop; the exact index is searched only on failure.
  const groups = len & ~15;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let i = 0; i < groups; i += 16) {
    const p = ptr + (<usize>i << 2);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.load(p, 32);
    const e = v128.load(p, 48);
    s0 = f32x4.add(s0, f32x4.sub(a, a));
    s1 = f32x4.add(s1, f32x4.sub(b, b));
    s2 = f32x4.add(s2, f32x4.sub(c, c));
    s3 = f32x4.add(s3, f32x4.sub(e, e));
  }
  const sum = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let start = groups;
  if (v128.any_true(f32x4.ne(sum, sum))) start = 0;
  for (let i = start; i < len; i++) {
    if (!isFinite(load<f32>(ptr + (<usize>i << 2)))) return i;
  }
  return -1;
}

/** First address the loader may use for tensors (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
