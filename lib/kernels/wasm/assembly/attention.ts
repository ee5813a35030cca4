// AssemblyScript source of the kit's WebAssembly SIMD attention kernel (compiled by `npm run build:wasm`
// into ../attention.wasm, which is committed; test/kernels/wasm-build.test.ts checks that rebuilding
// gives the identical bytes). All tensors live in linear memory managed by the TypeScript loader
// (lib/kernels/wasm-kernel.ts); this module allocates nothing.
//
// Layout: Q, K, V, O are [n][d] float32 rows of one head (d a multiple of 4); a row's kept keys are
// `cnt` int32 column indices at `cols`. Per query row: SDDMM s_j = (q·k_j)·scale over the kept keys
// (8 keys at a time, f32x4 over d), softmax over the kept keys only (vectorised exp), then
// SpMM o = Σ_j p_j v_j (f32x4 over d, 8 accumulators). Keys that are not kept never enter the row.

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
function keyRow(k: usize, cols: usize, j: i32, rowBytes: usize): usize {
  return k + <usize>load<i32>(cols + (<usize>j << 2)) * rowBytes;
}

/** SDDMM of one query row: s[j] = (q·k_cols[j])·scale for j < cnt. */
function sddmmRow(qrow: usize, k: usize, rowBytes: usize, cols: usize, cnt: i32, scale: f32, s: usize): void {
  const sc = f32x4.splat(scale);
  let j = 0;
  for (; j + 8 <= cnt; j += 8) {
    const k0 = keyRow(k, cols, j, rowBytes);
    const k1 = keyRow(k, cols, j + 1, rowBytes);
    const k2 = keyRow(k, cols, j + 2, rowBytes);
    const k3 = keyRow(k, cols, j + 3, rowBytes);
    const k4 = keyRow(k, cols, j + 4, rowBytes);
    const k5 = keyRow(k, cols, j + 5, rowBytes);
    const k6 = keyRow(k, cols, j + 6, rowBytes);
    const k7 = keyRow(k, cols, j + 7, rowBytes);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
    let o: usize = 0;
    for (; o + 32 <= rowBytes; o += 32) {
      const qv = v128.load(qrow + o);
      a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(qv, v128.load(k1 + o)));
      a2 = f32x4.add(a2, f32x4.mul(qv, v128.load(k2 + o)));
      a3 = f32x4.add(a3, f32x4.mul(qv, v128.load(k3 + o)));
      a4 = f32x4.add(a4, f32x4.mul(qv, v128.load(k4 + o)));
      a5 = f32x4.add(a5, f32x4.mul(qv, v128.load(k5 + o)));
      a6 = f32x4.add(a6, f32x4.mul(qv, v128.load(k6 + o)));
      a7 = f32x4.add(a7, f32x4.mul(qv, v128.load(k7 + o)));
      const qw = v128.load(qrow + o, 16);
      a0 = f32x4.add(a0, f32x4.mul(qw, v128.load(k0 + o, 16)));
      a1 = f32x4.add(a1, f32x4.mul(qw, v128.load(k1 + o, 16)));
      a2 = f32x4.add(a2, f32x4.mul(qw, v128.load(k2 + o, 16)));
      a3 = f32x4.add(a3, f32x4.mul(qw, v128.load(k3 + o, 16)));
      a4 = f32x4.add(a4, f32x4.mul(qw, v128.load(k4 + o, 16)));
      a5 = f32x4.add(a5, f32x4.mul(qw, v128.load(k5 + o, 16)));
      a6 = f32x4.add(a6, f32x4.mul(qw, v128.load(k6 + o, 16)));
      a7 = f32x4.add(a7, f32x4.mul(qw, v128.load(k7 + o, 16)));
    }
    for (; o < rowBytes; o += 16) {
      const qv = v128.load(qrow + o);
      a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(qv, v128.load(k1 + o)));
      a2 = f32x4.add(a2, f32x4.mul(qv, v128.load(k2 + o)));
      a3 = f32x4.add(a3, f32x4.mul(qv, v128.load(k3 + o)));
      a4 = f32x4.add(a4, f32x4.mul(qv, v128.load(k4 + o)));
      a5 = f32x4.add(a5, f32x4.mul(qv, v128.load(k5 + o)));
      a6 = f32x4.add(a6, f32x4.mul(qv, v128.load(k6 + o)));
      a7 = f32x4.add(a7, f32x4.mul(qv, v128.load(k7 + o)));
    }
    const dst = s + (<usize>j << 2);
    v128.store(dst, f32x4.mul(hsum4(a0, a1, a2, a3), sc));
    v128.store(dst, f32x4.mul(hsum4(a4, a5, a6, a7), sc), 16);
  }
  for (; j + 4 <= cnt; j += 4) {
    const k0 = keyRow(k, cols, j, rowBytes);
    const k1 = keyRow(k, cols, j + 1, rowBytes);
    const k2 = keyRow(k, cols, j + 2, rowBytes);
    const k3 = keyRow(k, cols, j + 3, rowBytes);
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
  for (; j < cnt; j++) {
    const k0 = keyRow(k, cols, j, rowBytes);
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
  const groups = cnt & ~3;
  let mv = f32x4.splat(-Infinity);
  let j = 0;
  for (; j < groups; j += 4) mv = f32x4.max(mv, v128.load(s + (<usize>j << 2)));
  let m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  for (; j < cnt; j++) m = max(m, load<f32>(s + (<usize>j << 2)));
  if (!isFinite(m)) return false;
  const msplat = f32x4.splat(m);
  let sumv = f32x4.splat(0);
  for (j = 0; j < groups; j += 4) {
    const p = s + (<usize>j << 2);
    const e = expv(f32x4.sub(v128.load(p), msplat));
    v128.store(p, e);
    sumv = f32x4.add(sumv, e);
  }
  let sum = hsum(sumv);
  for (; j < cnt; j++) {
    const p = s + (<usize>j << 2);
    const e = expScalar(load<f32>(p) - m);
    store<f32>(p, e);
    sum += e;
  }
  const inv: f32 = <f32>1.0 / sum;
  const invv = f32x4.splat(inv);
  for (j = 0; j < groups; j += 4) {
    const p = s + (<usize>j << 2);
    v128.store(p, f32x4.mul(v128.load(p), invv));
  }
  for (; j < cnt; j++) {
    const p = s + (<usize>j << 2);
    store<f32>(p, load<f32>(p) * inv);
  }
  return true;
}

/** SpMM of one row: o = Σ_j p[j]·v_cols[j]. */
function spmmRow(p: usize, v: usize, rowBytes: usize, cols: usize, cnt: i32, orow: usize): void {
  let o: usize = 0;
  for (; o + 128 <= rowBytes; o += 128) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
    for (let j = 0; j < cnt; j++) {
      const pj = v128.load32_splat(p + (<usize>j << 2));
      const vr = keyRow(v, cols, j, rowBytes) + o;
      a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(vr)));
      a1 = f32x4.add(a1, f32x4.mul(pj, v128.load(vr, 16)));
      a2 = f32x4.add(a2, f32x4.mul(pj, v128.load(vr, 32)));
      a3 = f32x4.add(a3, f32x4.mul(pj, v128.load(vr, 48)));
      a4 = f32x4.add(a4, f32x4.mul(pj, v128.load(vr, 64)));
      a5 = f32x4.add(a5, f32x4.mul(pj, v128.load(vr, 80)));
      a6 = f32x4.add(a6, f32x4.mul(pj, v128.load(vr, 96)));
      a7 = f32x4.add(a7, f32x4.mul(pj, v128.load(vr, 112)));
    }
    const dst = orow + o;
    v128.store(dst, a0);
    v128.store(dst, a1, 16);
    v128.store(dst, a2, 32);
    v128.store(dst, a3, 48);
    v128.store(dst, a4, 64);
    v128.store(dst, a5, 80);
    v128.store(dst, a6, 96);
    v128.store(dst, a7, 112);
  }
  for (; o < rowBytes; o += 16) {
    let a0 = f32x4.splat(0);
    for (let j = 0; j < cnt; j++) {
      const pj = v128.load32_splat(p + (<usize>j << 2));
      a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(keyRow(v, cols, j, rowBytes) + o)));
    }
    v128.store(orow + o, a0);
  }
}

/**
 * Attention of one head over rows [rowBegin, rowEnd). When `rowPtr` is 0 the pattern is dense and
 * `colIdx` points at the identity list 0..n-1. `scratch` holds at least max-row-length floats.
 * When `probs` is not 0, the probabilities of row i's kept keys are written at probs[rowPtr[i]..]
 * (dense: probs[i·n..]). Returns the number of rows whose scores overflowed (0 on success).
 */
export function attentionRows(
  q: usize, k: usize, v: usize, out: usize, n: i32, d: i32,
  rowPtr: usize, colIdx: usize, scale: f32, scratch: usize, probs: usize,
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
    sddmmRow(qrow, k, rowBytes, cols, cnt, scale, scratch);
    if (!softmaxRow(scratch, cnt)) {
      bad++;
      memory.fill(orow, 0, rowBytes);
      continue;
    }
    if (probs != 0) memory.copy(probs + (<usize>start << 2), scratch, <usize>cnt << 2);
    spmmRow(scratch, v, rowBytes, cols, cnt, orow);
  }
  return bad;
}

/**
 * SDDMM alone (for accuracy checks): the scaled scores of row i's kept keys at out[rowPtr[i]..].
 */
export function sddmmRows(q: usize, k: usize, n: i32, d: i32, rowPtr: usize, colIdx: usize, scale: f32, out: usize): void {
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < n; i++) {
    const start = load<i32>(rowPtr + (<usize>i << 2));
    const cnt = load<i32>(rowPtr + (<usize>(i + 1) << 2)) - start;
    sddmmRow(q + <usize>i * rowBytes, k, rowBytes, colIdx + (<usize>start << 2), cnt, scale, out + (<usize>start << 2));
  }
}

/** Index of the first NaN or ±Infinity among len floats at ptr, or -1 when all are finite. */
export function firstNonFinite(ptr: usize, len: i32): i32 {
  const groups = len & ~15;
  let i = 0;
  for (; i < groups; i += 16) {
    const p = ptr + (<usize>i << 2);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.load(p, 32);
    const e = v128.load(p, 48);
    // x - x is 0 for finite x and NaN for NaN/±Infinity; NaN ≠ NaN.
    const da = f32x4.sub(a, a), db = f32x4.sub(b, b), dc = f32x4.sub(c, c), de = f32x4.sub(e, e);
    const bad = v128.or(v128.or(f32x4.ne(da, da), f32x4.ne(db, db)), v128.or(f32x4.ne(dc, dc), f32x4.ne(de, de)));
    if (v128.any_true(bad)) break;
  }
  for (; i < len; i++) {
    if (!isFinite(load<f32>(ptr + (<usize>i << 2)))) return i;
  }
  return -1;
}

/** First address the loader may use for tensors (after this module's static data). */
export function heapBase(): usize {
  return __heap_base;
}
