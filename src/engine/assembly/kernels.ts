// WebAssembly SIMD kernels of the fused training engine (AssemblyScript; built by scripts/build-kernels.mjs).
//
// Memory is owned by the TypeScript driver (src/engine/wasm-kernels.ts): it lays out every buffer above
// heapBase() and passes byte addresses. All matrices are row-major float32. Activations are batch-innermost:
// a [rows][N] matrix holds one row per unit with the N batch columns contiguous, N a multiple of 4, so every
// inner loop is a 128-bit SIMD loop over the batch.

/** First byte the driver may use (after the module's static data), aligned to 64 bytes. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

// ---------------------------------------------------------------------------------------------------------
// Dense products

/** a·b + c: one fused multiply-add where relaxed SIMD is enabled (x64 with FMA), else a product and a sum. */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * out[R][N] = (accumulate ? out : 0) + (bias ? bias[r] : 0) + W[R][K] · X[K][N].
 * Register-blocked 4 rows × 8 columns: per k two X vectors and four broadcast weights feed eight accumulators.
 * Columns beyond the last multiple of 4 (only in the small embedding products) take a scalar loop.
 */
export function gemm(out: usize, w: usize, x: usize, bias: usize, R: i32, K: i32, N: i32, accumulate: i32): void {
  const N4 = N & ~3;
  if (N4 < N) gemmTail(out, w, x, bias, R, K, N, N4, accumulate);
  const rowBytes = <usize>N << 2;
  const wRow = <usize>K << 2;
  let r = 0;
  for (; r + 4 <= R; r += 4) {
    const w0 = w + <usize>r * wRow;
    const w1 = w0 + wRow;
    const w2 = w1 + wRow;
    const w3 = w2 + wRow;
    const o0 = out + <usize>r * rowBytes;
    const o1 = o0 + rowBytes;
    const o2 = o1 + rowBytes;
    const o3 = o2 + rowBytes;
    let b0 = f32x4.splat(0);
    let b1 = b0;
    let b2 = b0;
    let b3 = b0;
    if (bias) {
      b0 = f32x4.splat(load<f32>(bias + (<usize>r << 2)));
      b1 = f32x4.splat(load<f32>(bias + (<usize>r << 2), 4));
      b2 = f32x4.splat(load<f32>(bias + (<usize>r << 2), 8));
      b3 = f32x4.splat(load<f32>(bias + (<usize>r << 2), 12));
    }
    let c = 0;
    for (; c + 8 <= N4; c += 8) {
      const cb = <usize>c << 2;
      let a00 = b0, a01 = b0, a10 = b1, a11 = b1, a20 = b2, a21 = b2, a30 = b3, a31 = b3;
      if (accumulate) {
        a00 = f32x4.add(a00, v128.load(o0 + cb)); a01 = f32x4.add(a01, v128.load(o0 + cb, 16));
        a10 = f32x4.add(a10, v128.load(o1 + cb)); a11 = f32x4.add(a11, v128.load(o1 + cb, 16));
        a20 = f32x4.add(a20, v128.load(o2 + cb)); a21 = f32x4.add(a21, v128.load(o2 + cb, 16));
        a30 = f32x4.add(a30, v128.load(o3 + cb)); a31 = f32x4.add(a31, v128.load(o3 + cb, 16));
      }
      let xp = x + cb;
      for (let k = 0; k < K; k++) {
        const kb = <usize>k << 2;
        const x0 = v128.load(xp);
        const x1 = v128.load(xp, 16);
        const s0 = v128.load32_splat(w0 + kb);
        const s1 = v128.load32_splat(w1 + kb);
        const s2 = v128.load32_splat(w2 + kb);
        const s3 = v128.load32_splat(w3 + kb);
        a00 = madd(s0, x0, a00); a01 = madd(s0, x1, a01);
        a10 = madd(s1, x0, a10); a11 = madd(s1, x1, a11);
        a20 = madd(s2, x0, a20); a21 = madd(s2, x1, a21);
        a30 = madd(s3, x0, a30); a31 = madd(s3, x1, a31);
        xp += rowBytes;
      }
      v128.store(o0 + cb, a00); v128.store(o0 + cb, a01, 16);
      v128.store(o1 + cb, a10); v128.store(o1 + cb, a11, 16);
      v128.store(o2 + cb, a20); v128.store(o2 + cb, a21, 16);
      v128.store(o3 + cb, a30); v128.store(o3 + cb, a31, 16);
    }
    for (; c < N4; c += 4) {
      const cb = <usize>c << 2;
      let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      if (accumulate) {
        a0 = f32x4.add(a0, v128.load(o0 + cb)); a1 = f32x4.add(a1, v128.load(o1 + cb));
        a2 = f32x4.add(a2, v128.load(o2 + cb)); a3 = f32x4.add(a3, v128.load(o3 + cb));
      }
      let xp = x + cb;
      for (let k = 0; k < K; k++) {
        const kb = <usize>k << 2;
        const x0 = v128.load(xp);
        a0 = madd(v128.load32_splat(w0 + kb), x0, a0);
        a1 = madd(v128.load32_splat(w1 + kb), x0, a1);
        a2 = madd(v128.load32_splat(w2 + kb), x0, a2);
        a3 = madd(v128.load32_splat(w3 + kb), x0, a3);
        xp += rowBytes;
      }
      v128.store(o0 + cb, a0); v128.store(o1 + cb, a1); v128.store(o2 + cb, a2); v128.store(o3 + cb, a3);
    }
  }
  for (; r < R; r++) {
    const w0 = w + <usize>r * wRow;
    const o0 = out + <usize>r * rowBytes;
    const b0 = bias ? f32x4.splat(load<f32>(bias + (<usize>r << 2))) : f32x4.splat(0);
    for (let c = 0; c < N4; c += 4) {
      const cb = <usize>c << 2;
      let a0 = b0;
      if (accumulate) a0 = f32x4.add(a0, v128.load(o0 + cb));
      let xp = x + cb;
      for (let k = 0; k < K; k++) {
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(w0 + (<usize>k << 2))), v128.load(xp)));
        xp += rowBytes;
      }
      v128.store(o0 + cb, a0);
    }
  }
}

/** Scalar columns N4..N-1 of `gemm`. */
function gemmTail(out: usize, w: usize, x: usize, bias: usize, R: i32, K: i32, N: i32, N4: i32, accumulate: i32): void {
  for (let r = 0; r < R; r++) {
    for (let c = N4; c < N; c++) {
      const o = out + ((<usize>r * <usize>N + <usize>c) << 2);
      let a: f32 = bias ? load<f32>(bias + (<usize>r << 2)) : 0;
      if (accumulate) a += load<f32>(o);
      for (let k = 0; k < K; k++) a += load<f32>(w + ((<usize>r * <usize>K + <usize>k) << 2)) * load<f32>(x + ((<usize>k * <usize>N + <usize>c) << 2));
      store<f32>(o, a);
    }
  }
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * Weight gradient over a whole sequence: dW[R][K] += Σ_t G_t[R][N] · X_t[K][N]ᵀ, where G_t = g + t·gStride and
 * X_t = x + t·xStride (byte strides). Blocked 4 rows × 2 columns of dW, eight vector accumulators over (t, batch).
 */
export function outerAccumulate(dw: usize, g: usize, x: usize, R: i32, K: i32, N: i32, T: i32, gStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  const dRow = <usize>K << 2;
  let r = 0;
  for (; r + 4 <= R; r += 4) {
    let k = 0;
    for (; k + 2 <= K; k += 2) {
      let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      for (let t = 0; t < T; t++) {
        const g0 = g + <usize>t * gStride + <usize>r * rowBytes;
        const g1 = g0 + rowBytes;
        const g2 = g1 + rowBytes;
        const g3 = g2 + rowBytes;
        const x0p = x + <usize>t * xStride + <usize>k * rowBytes;
        const x1p = x0p + rowBytes;
        for (let cb: usize = 0; cb < rowBytes; cb += 16) {
          const x0 = v128.load(x0p + cb);
          const x1 = v128.load(x1p + cb);
          const v0 = v128.load(g0 + cb);
          const v1 = v128.load(g1 + cb);
          const v2 = v128.load(g2 + cb);
          const v3 = v128.load(g3 + cb);
          a00 = madd(v0, x0, a00); a01 = madd(v0, x1, a01);
          a10 = madd(v1, x0, a10); a11 = madd(v1, x1, a11);
          a20 = madd(v2, x0, a20); a21 = madd(v2, x1, a21);
          a30 = madd(v3, x0, a30); a31 = madd(v3, x1, a31);
        }
      }
      const d0 = dw + <usize>r * dRow + (<usize>k << 2);
      store<f32>(d0, load<f32>(d0) + hsum(a00)); store<f32>(d0, load<f32>(d0, 4) + hsum(a01), 4);
      store<f32>(d0 + dRow, load<f32>(d0 + dRow) + hsum(a10)); store<f32>(d0 + dRow, load<f32>(d0 + dRow, 4) + hsum(a11), 4);
      const d2 = d0 + 2 * dRow;
      store<f32>(d2, load<f32>(d2) + hsum(a20)); store<f32>(d2, load<f32>(d2, 4) + hsum(a21), 4);
      store<f32>(d2 + dRow, load<f32>(d2 + dRow) + hsum(a30)); store<f32>(d2 + dRow, load<f32>(d2 + dRow, 4) + hsum(a31), 4);
    }
    for (; k < K; k++) outerColumn4(dw, g, x, r, k, K, N, T, gStride, xStride);
  }
  for (; r < R; r++) {
    let k = 0;
    for (; k + 4 <= K; k += 4) outerRow4(dw, g, x, r, k, K, N, T, gStride, xStride);
    for (; k < K; k++) outerCell(dw, g, x, r, k, K, N, T, gStride, xStride);
  }
}

// The leftover cells of `outerAccumulate` four at a time: each cell keeps its own accumulator and order (so the
// result is `outerCell`'s bit for bit), but four independent chains hide the add latency one chain waits on.

/** Cells (r..r+3, k) of `outerAccumulate`. */
function outerColumn4(dw: usize, g: usize, x: usize, r: i32, k: i32, K: i32, N: i32, T: i32, gStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (let t = 0; t < T; t++) {
    const g0 = g + <usize>t * gStride + <usize>r * rowBytes;
    const xp = x + <usize>t * xStride + <usize>k * rowBytes;
    for (let cb: usize = 0; cb < rowBytes; cb += 16) {
      const xv = v128.load(xp + cb);
      a0 = madd(v128.load(g0 + cb), xv, a0);
      a1 = madd(v128.load(g0 + rowBytes + cb), xv, a1);
      a2 = madd(v128.load(g0 + 2 * rowBytes + cb), xv, a2);
      a3 = madd(v128.load(g0 + 3 * rowBytes + cb), xv, a3);
    }
  }
  const dRow = <usize>K << 2;
  const d = dw + ((<usize>r * <usize>K + <usize>k) << 2);
  store<f32>(d, load<f32>(d) + hsum(a0));
  store<f32>(d + dRow, load<f32>(d + dRow) + hsum(a1));
  store<f32>(d + 2 * dRow, load<f32>(d + 2 * dRow) + hsum(a2));
  store<f32>(d + 3 * dRow, load<f32>(d + 3 * dRow) + hsum(a3));
}

/** Cells (r, k..k+3) of `outerAccumulate`. */
function outerRow4(dw: usize, g: usize, x: usize, r: i32, k: i32, K: i32, N: i32, T: i32, gStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (let t = 0; t < T; t++) {
    const gp = g + <usize>t * gStride + <usize>r * rowBytes;
    const x0 = x + <usize>t * xStride + <usize>k * rowBytes;
    for (let cb: usize = 0; cb < rowBytes; cb += 16) {
      const gv = v128.load(gp + cb);
      a0 = madd(gv, v128.load(x0 + cb), a0);
      a1 = madd(gv, v128.load(x0 + rowBytes + cb), a1);
      a2 = madd(gv, v128.load(x0 + 2 * rowBytes + cb), a2);
      a3 = madd(gv, v128.load(x0 + 3 * rowBytes + cb), a3);
    }
  }
  const d = dw + ((<usize>r * <usize>K + <usize>k) << 2);
  store<f32>(d, load<f32>(d) + hsum(a0));
  store<f32>(d, load<f32>(d, 4) + hsum(a1), 4);
  store<f32>(d, load<f32>(d, 8) + hsum(a2), 8);
  store<f32>(d, load<f32>(d, 12) + hsum(a3), 12);
}

function outerCell(dw: usize, g: usize, x: usize, r: i32, k: i32, K: i32, N: i32, T: i32, gStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  let a = f32x4.splat(0);
  for (let t = 0; t < T; t++) {
    const gp = g + <usize>t * gStride + <usize>r * rowBytes;
    const xp = x + <usize>t * xStride + <usize>k * rowBytes;
    for (let cb: usize = 0; cb < rowBytes; cb += 16) a = madd(v128.load(gp + cb), v128.load(xp + cb), a);
  }
  const d = dw + ((<usize>r * <usize>K + <usize>k) << 2);
  store<f32>(d, load<f32>(d) + hsum(a));
}

// ---------------------------------------------------------------------------------------------------------
// Sparse products for pruned weights. A weight matrix whose mask keeps few entries is held in compressed rows
// (CSR: rowStart[R+1], cols[nnz] column indices, vals[nnz] values). Each kernel adds the kept terms in the same
// order, into the same accumulators, as its dense counterpart, and a pruned term is an exact zero, so the results
// equal the dense kernels' bit for bit (up to the sign of an exact zero) at a fraction of the work.

/**
 * CSR of W ⊙ M for W, M [R][K] row-major (`transpose` = 0), or of (W ⊙ M)ᵀ (`transpose` = 1, rows are W's columns).
 * Writes rowStart, cols, vals and positions (each value's byte offset in W, for `gatherValues`); returns the number
 * of kept entries.
 */
export function compressRows(vals: usize, cols: usize, positions: usize, rowStart: usize, w: usize, mask: usize, R: i32, K: i32, transpose: i32): i32 {
  const rows = transpose ? K : R;
  const inner = transpose ? R : K;
  let nnz = 0;
  for (let i = 0; i < rows; i++) {
    store<i32>(rowStart + (<usize>i << 2), nnz);
    for (let j = 0; j < inner; j++) {
      const at = (transpose ? <usize>j * <usize>K + <usize>i : <usize>i * <usize>K + <usize>j) << 2;
      const m = load<f32>(mask + at);
      if (m != 0) {
        store<f32>(vals + (<usize>nnz << 2), load<f32>(w + at) * m);
        store<i32>(cols + (<usize>nnz << 2), j);
        store<i32>(positions + (<usize>nnz << 2), <i32>at);
        nnz++;
      }
    }
  }
  store<i32>(rowStart + (<usize>rows << 2), nnz);
  return nnz;
}

/** vals[j] = W at byte offset positions[j]: refresh a CSR's values after an update (the pattern is unchanged). */
export function gatherValues(vals: usize, positions: usize, w: usize, nnz: i32): void {
  for (let j = 0; j < nnz; j++) store<f32>(vals + (<usize>j << 2), load<f32>(w + <usize>load<i32>(positions + (<usize>j << 2))));
}

/** One output row of `sparseGemm`: columns in chunks of 32, 8 and 4 (N a multiple of 4). */
@inline function sparseGemmRow(o: usize, vals: usize, cols: usize, start: i32, end: i32, x: usize, b: v128, N: i32, accumulate: i32, fused: bool): void {
  const rowBytes = <usize>N << 2;
  let c = 0;
  for (; c + 32 <= N; c += 32) {
    const cb = <usize>c << 2;
    let a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
    if (accumulate) {
      a0 = f32x4.add(a0, v128.load(o + cb)); a1 = f32x4.add(a1, v128.load(o + cb, 16));
      a2 = f32x4.add(a2, v128.load(o + cb, 32)); a3 = f32x4.add(a3, v128.load(o + cb, 48));
      a4 = f32x4.add(a4, v128.load(o + cb, 64)); a5 = f32x4.add(a5, v128.load(o + cb, 80));
      a6 = f32x4.add(a6, v128.load(o + cb, 96)); a7 = f32x4.add(a7, v128.load(o + cb, 112));
    }
    for (let j = start; j < end; j++) {
      const s = v128.load32_splat(vals + (<usize>j << 2));
      const xp = x + <usize>load<i32>(cols + (<usize>j << 2)) * rowBytes + cb;
      if (fused) {
        a0 = madd(s, v128.load(xp), a0); a1 = madd(s, v128.load(xp, 16), a1);
        a2 = madd(s, v128.load(xp, 32), a2); a3 = madd(s, v128.load(xp, 48), a3);
        a4 = madd(s, v128.load(xp, 64), a4); a5 = madd(s, v128.load(xp, 80), a5);
        a6 = madd(s, v128.load(xp, 96), a6); a7 = madd(s, v128.load(xp, 112), a7);
      } else {
        a0 = f32x4.add(a0, f32x4.mul(s, v128.load(xp))); a1 = f32x4.add(a1, f32x4.mul(s, v128.load(xp, 16)));
        a2 = f32x4.add(a2, f32x4.mul(s, v128.load(xp, 32))); a3 = f32x4.add(a3, f32x4.mul(s, v128.load(xp, 48)));
        a4 = f32x4.add(a4, f32x4.mul(s, v128.load(xp, 64))); a5 = f32x4.add(a5, f32x4.mul(s, v128.load(xp, 80)));
        a6 = f32x4.add(a6, f32x4.mul(s, v128.load(xp, 96))); a7 = f32x4.add(a7, f32x4.mul(s, v128.load(xp, 112)));
      }
    }
    v128.store(o + cb, a0); v128.store(o + cb, a1, 16); v128.store(o + cb, a2, 32); v128.store(o + cb, a3, 48);
    v128.store(o + cb, a4, 64); v128.store(o + cb, a5, 80); v128.store(o + cb, a6, 96); v128.store(o + cb, a7, 112);
  }
  for (; c + 8 <= N; c += 8) {
    const cb = <usize>c << 2;
    let a0 = b, a1 = b;
    if (accumulate) {
      a0 = f32x4.add(a0, v128.load(o + cb)); a1 = f32x4.add(a1, v128.load(o + cb, 16));
    }
    for (let j = start; j < end; j++) {
      const s = v128.load32_splat(vals + (<usize>j << 2));
      const xp = x + <usize>load<i32>(cols + (<usize>j << 2)) * rowBytes + cb;
      if (fused) {
        a0 = madd(s, v128.load(xp), a0); a1 = madd(s, v128.load(xp, 16), a1);
      } else {
        a0 = f32x4.add(a0, f32x4.mul(s, v128.load(xp))); a1 = f32x4.add(a1, f32x4.mul(s, v128.load(xp, 16)));
      }
    }
    v128.store(o + cb, a0); v128.store(o + cb, a1, 16);
  }
  for (; c < N; c += 4) {
    const cb = <usize>c << 2;
    let a0 = b;
    if (accumulate) a0 = f32x4.add(a0, v128.load(o + cb));
    for (let j = start; j < end; j++) {
      const s = v128.load32_splat(vals + (<usize>j << 2));
      const xp = x + <usize>load<i32>(cols + (<usize>j << 2)) * rowBytes + cb;
      a0 = fused ? madd(s, v128.load(xp), a0) : f32x4.add(a0, f32x4.mul(s, v128.load(xp)));
    }
    v128.store(o + cb, a0);
  }
}

/**
 * `gemm` with a CSR weight: out[R][N] = (accumulate ? out : 0) + (bias ? bias[r] : 0) + W[R][·] · X[·][N], N a multiple
 * of 4. Rows below `fusedRows` multiply-add as gemm's 4-row blocks do, the rest as its leftover rows, so that
 * with fusedRows = R & ~3 the result equals `gemm`'s bit for bit.
 */
export function sparseGemm(out: usize, vals: usize, cols: usize, rowStart: usize, x: usize, bias: usize, R: i32, N: i32, accumulate: i32, fusedRows: i32): void {
  const rowBytes = <usize>N << 2;
  for (let r = 0; r < R; r++) {
    const start = load<i32>(rowStart + (<usize>r << 2));
    const end = load<i32>(rowStart + (<usize>r << 2), 4);
    const b = bias ? f32x4.splat(load<f32>(bias + (<usize>r << 2))) : f32x4.splat(0);
    const o = out + <usize>r * rowBytes;
    if (r < fusedRows) sparseGemmRow(o, vals, cols, start, end, x, b, N, accumulate, true);
    else sparseGemmRow(o, vals, cols, start, end, x, b, N, accumulate, false);
  }
}

/**
 * `outerAccumulate` at the kept entries of a CSR pattern only: dW[r][k] += Σ_t G_t[r] · X_t[k] for each stored (r, k)
 * (the other entries' gradients are masked to zero anyway). Four entries of a row at a time share the G loads.
 */
export function sparseOuterAccumulate(dw: usize, cols: usize, rowStart: usize, g: usize, x: usize, R: i32, K: i32, N: i32, T: i32, gStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  const dRow = <usize>K << 2;
  for (let r = 0; r < R; r++) {
    const start = load<i32>(rowStart + (<usize>r << 2));
    const end = load<i32>(rowStart + (<usize>r << 2), 4);
    const d = dw + <usize>r * dRow;
    let j = start;
    for (; j + 4 <= end; j += 4) {
      const k0 = <usize>load<i32>(cols + (<usize>j << 2));
      const k1 = <usize>load<i32>(cols + (<usize>j << 2), 4);
      const k2 = <usize>load<i32>(cols + (<usize>j << 2), 8);
      const k3 = <usize>load<i32>(cols + (<usize>j << 2), 12);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let t = 0; t < T; t++) {
        const gp = g + <usize>t * gStride + <usize>r * rowBytes;
        const xt = x + <usize>t * xStride;
        const x0 = xt + k0 * rowBytes, x1 = xt + k1 * rowBytes, x2 = xt + k2 * rowBytes, x3 = xt + k3 * rowBytes;
        for (let cb: usize = 0; cb < rowBytes; cb += 16) {
          const v = v128.load(gp + cb);
          a0 = madd(v, v128.load(x0 + cb), a0);
          a1 = madd(v, v128.load(x1 + cb), a1);
          a2 = madd(v, v128.load(x2 + cb), a2);
          a3 = madd(v, v128.load(x3 + cb), a3);
        }
      }
      store<f32>(d + (k0 << 2), load<f32>(d + (k0 << 2)) + hsum(a0));
      store<f32>(d + (k1 << 2), load<f32>(d + (k1 << 2)) + hsum(a1));
      store<f32>(d + (k2 << 2), load<f32>(d + (k2 << 2)) + hsum(a2));
      store<f32>(d + (k3 << 2), load<f32>(d + (k3 << 2)) + hsum(a3));
    }
    for (; j < end; j++) outerCell(dw, g, x, r, load<i32>(cols + (<usize>j << 2)), K, N, T, gStride, xStride);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Packed products of a level: several units that run at the same time step (a layer and the skip layers reading
// the same input) as one CSR whose rows are the units' rows, gate-major across units. Each row keeps its own
// unit's order and its own multiply-add kind (`fused[r]`: whether the unit's product added that row in gemm's
// 4-row blocks), so every unit's numbers equal what its own `gemm`/`sparseGemm` gives, bit for bit.

/**
 * For t < T: out_t[R][N] = (accumulate ? out_t : 0) + (bias ? bias[r] : 0) + W·x_t with W in CSR (N a multiple of 4),
 * out_t = out + t·outStride, x_t = x + t·xStride (bytes); row r multiply-adds fused where fused[r] != 0.
 */
export function packedGemm(out: usize, vals: usize, cols: usize, rowStart: usize, fused: usize, x: usize, bias: usize, R: i32, N: i32, accumulate: i32, T: i32, outStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  for (let t = 0; t < T; t++) {
    const outT = out + <usize>t * outStride;
    const xT = x + <usize>t * xStride;
    for (let r = 0; r < R; r++) {
      const start = load<i32>(rowStart + (<usize>r << 2));
      const end = load<i32>(rowStart + (<usize>r << 2), 4);
      const b = bias ? f32x4.splat(load<f32>(bias + (<usize>r << 2))) : f32x4.splat(0);
      const o = outT + <usize>r * rowBytes;
      if (load<i32>(fused + (<usize>r << 2))) sparseGemmRow(o, vals, cols, start, end, xT, b, N, accumulate, true);
      else sparseGemmRow(o, vals, cols, start, end, xT, b, N, accumulate, false);
    }
  }
}

/**
 * Weight gradients of a packed CSR: for each stored entry j (row r, column cols[j]) the weight at byte address
 * positions[j] + delta gets Σ_t G_t[r] · X_t[cols[j]], in `outerAccumulate`'s order (G_t = g + t·gStride, X_t = x + t·xStride).
 */
export function packedOuterAccumulate(delta: usize, positions: usize, cols: usize, rowStart: usize, g: usize, x: usize, R: i32, N: i32, T: i32, gStride: usize, xStride: usize): void {
  const rowBytes = <usize>N << 2;
  for (let r = 0; r < R; r++) {
    const start = load<i32>(rowStart + (<usize>r << 2));
    const end = load<i32>(rowStart + (<usize>r << 2), 4);
    let j = start;
    for (; j + 4 <= end; j += 4) {
      const k0 = <usize>load<i32>(cols + (<usize>j << 2));
      const k1 = <usize>load<i32>(cols + (<usize>j << 2), 4);
      const k2 = <usize>load<i32>(cols + (<usize>j << 2), 8);
      const k3 = <usize>load<i32>(cols + (<usize>j << 2), 12);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let t = 0; t < T; t++) {
        const gp = g + <usize>t * gStride + <usize>r * rowBytes;
        const xt = x + <usize>t * xStride;
        const x0 = xt + k0 * rowBytes, x1 = xt + k1 * rowBytes, x2 = xt + k2 * rowBytes, x3 = xt + k3 * rowBytes;
        for (let cb: usize = 0; cb < rowBytes; cb += 16) {
          const v = v128.load(gp + cb);
          a0 = madd(v, v128.load(x0 + cb), a0);
          a1 = madd(v, v128.load(x1 + cb), a1);
          a2 = madd(v, v128.load(x2 + cb), a2);
          a3 = madd(v, v128.load(x3 + cb), a3);
        }
      }
      const p = positions + (<usize>j << 2);
      const d0 = <usize>load<i32>(p) + delta, d1 = <usize>load<i32>(p, 4) + delta;
      const d2 = <usize>load<i32>(p, 8) + delta, d3 = <usize>load<i32>(p, 12) + delta;
      store<f32>(d0, load<f32>(d0) + hsum(a0));
      store<f32>(d1, load<f32>(d1) + hsum(a1));
      store<f32>(d2, load<f32>(d2) + hsum(a2));
      store<f32>(d3, load<f32>(d3) + hsum(a3));
    }
    for (; j < end; j++) {
      const k0 = <usize>load<i32>(cols + (<usize>j << 2));
      let a = f32x4.splat(0);
      for (let t = 0; t < T; t++) {
        const gp = g + <usize>t * gStride + <usize>r * rowBytes;
        const xp = x + <usize>t * xStride + k0 * rowBytes;
        for (let cb: usize = 0; cb < rowBytes; cb += 16) a = madd(v128.load(gp + cb), v128.load(xp + cb), a);
      }
      const d = <usize>load<i32>(positions + (<usize>j << 2)) + delta;
      store<f32>(d, load<f32>(d) + hsum(a));
    }
  }
}

/** For t < T: dst_t[0..n) = (accumulate ? dst_t : 0) + src_t, dst_t = dst + t·dstStride, src_t = src + t·srcStride (bytes; n a multiple of 4). */
export function copyRows(dst: usize, src: usize, n: i32, T: i32, dstStride: usize, srcStride: usize, accumulate: i32): void {
  const bytes = <usize>n << 2;
  for (let t = 0; t < T; t++) {
    const d = dst + <usize>t * dstStride;
    const s = src + <usize>t * srcStride;
    if (accumulate) for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f32x4.add(v128.load(d + i), v128.load(s + i)));
    else for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, v128.load(s + i));
  }
}

/** Scatter-add: the float at byte address positions[i] + delta gets src[i] added, for i < n. */
export function scatterAdd(delta: usize, positions: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const d = <usize>load<i32>(positions + (<usize>i << 2)) + delta;
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>i << 2)));
  }
}

/** Bias gradient: db[r] += Σ_t Σ_b G_t[r][b], G_t = g + t·gStride. */
export function rowSumAccumulate(db: usize, g: usize, R: i32, N: i32, T: i32, gStride: usize): void {
  const rowBytes = <usize>N << 2;
  let r = 0;
  // Four rows at a time, each in its own accumulator and order: four independent add chains instead of one.
  for (; r + 4 <= R; r += 4) {
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (let t = 0; t < T; t++) {
      const gp = g + <usize>t * gStride + <usize>r * rowBytes;
      for (let cb: usize = 0; cb < rowBytes; cb += 16) {
        a0 = f32x4.add(a0, v128.load(gp + cb));
        a1 = f32x4.add(a1, v128.load(gp + rowBytes + cb));
        a2 = f32x4.add(a2, v128.load(gp + 2 * rowBytes + cb));
        a3 = f32x4.add(a3, v128.load(gp + 3 * rowBytes + cb));
      }
    }
    const d = db + (<usize>r << 2);
    store<f32>(d, load<f32>(d) + hsum(a0));
    store<f32>(d, load<f32>(d, 4) + hsum(a1), 4);
    store<f32>(d, load<f32>(d, 8) + hsum(a2), 8);
    store<f32>(d, load<f32>(d, 12) + hsum(a3), 12);
  }
  for (; r < R; r++) {
    let a = f32x4.splat(0);
    for (let t = 0; t < T; t++) {
      const gp = g + <usize>t * gStride + <usize>r * rowBytes;
      for (let cb: usize = 0; cb < rowBytes; cb += 16) a = f32x4.add(a, v128.load(gp + cb));
    }
    const d = db + (<usize>r << 2);
    store<f32>(d, load<f32>(d) + hsum(a));
  }
}

/** out[C][R] = in[R][C] ⊙ mask[R][C] (the effective weight, transposed for the backward products). */
export function maskedTranspose(out: usize, w: usize, mask: usize, R: i32, C: i32): void {
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const i = (<usize>r * <usize>C + <usize>c) << 2;
      store<f32>(out + ((<usize>c * <usize>R + <usize>r) << 2), load<f32>(w + i) * load<f32>(mask + i));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Element-wise vector operations (n floats, any n)

/** a[i] = a[i] ⊙ b[i]. */
export function multiplyInPlace(a: usize, b: usize, n: i32): void {
  const bytes = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(a + i, f32x4.mul(v128.load(a + i), v128.load(b + i)));
  for (; i < bytes; i += 4) store<f32>(a + i, load<f32>(a + i) * load<f32>(b + i));
}

/** out[i] = a[i] ⊙ b[i]. */
export function multiply(out: usize, a: usize, b: usize, n: i32): void {
  const bytes = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(out + i, f32x4.mul(v128.load(a + i), v128.load(b + i)));
  for (; i < bytes; i += 4) store<f32>(out + i, load<f32>(a + i) * load<f32>(b + i));
}

/** a[i] += b[i]. */
export function addInPlace(a: usize, b: usize, n: i32): void {
  const bytes = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(a + i, f32x4.add(v128.load(a + i), v128.load(b + i)));
  for (; i < bytes; i += 4) store<f32>(a + i, load<f32>(a + i) + load<f32>(b + i));
}

/** a[i] *= s. */
export function scaleInPlace(a: usize, s: f32, n: i32): void {
  const bytes = <usize>n << 2;
  const sv = f32x4.splat(s);
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(a + i, f32x4.mul(v128.load(a + i), sv));
  for (; i < bytes; i += 4) store<f32>(a + i, load<f32>(a + i) * s);
}

/** Σ a[i]² in float64 (the gradient norm), with four lanes of partial sums. */
export function sumOfSquares(a: usize, n: i32): f64 {
  const bytes = <usize>n << 2;
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const v = v128.load(a + i);
    const l = f64x2.promote_low_f32x4(v);
    const h = f64x2.promote_low_f32x4(v128.swizzle(v, i8x16(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
    lo = f64x2.add(lo, f64x2.mul(l, l));
    hi = f64x2.add(hi, f64x2.mul(h, h));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  for (; i < bytes; i += 4) {
    const v = <f64>load<f32>(a + i);
    s += v * v;
  }
  return s;
}

/** Index of the first non-finite value in a[0..n), or -1. */
export function firstNonFinite(a: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const v = load<f32>(a + (<usize>i << 2));
    if (!isFinite(v)) return i;
  }
  return -1;
}

/**
 * One Adam step exactly as PyTorch 1.13's single-tensor Adam (float32 arithmetic):
 * m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= stepSize · m / (√v / bc2Sqrt + ε),
 * with stepSize = lr / (1-β1^t) and bc2Sqrt = √(1-β2^t) computed by the caller in double precision.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, beta1: f32, beta2: f32, stepSize: f32, bc2Sqrt: f32, eps: f32): void {
  const oneMinusB1 = <f32>1 - beta1;
  const oneMinusB2 = <f32>1 - beta2;
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2), v1b1 = f32x4.splat(oneMinusB1), v1b2 = f32x4.splat(oneMinusB2);
  const vstep = f32x4.splat(stepSize), vbc = f32x4.splat(bc2Sqrt), veps = f32x4.splat(eps);
  const bytes = <usize>n << 2;
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) {
    const gv = v128.load(g + i);
    const mv = f32x4.add(f32x4.mul(v128.load(m + i), vb1), f32x4.mul(gv, v1b1));
    const vv = f32x4.add(f32x4.mul(v128.load(v + i), vb2), f32x4.mul(f32x4.mul(gv, gv), v1b2));
    v128.store(m + i, mv);
    v128.store(v + i, vv);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), vbc), veps);
    v128.store(p + i, f32x4.sub(v128.load(p + i), f32x4.mul(vstep, f32x4.div(mv, denom))));
  }
  for (; i < bytes; i += 4) {
    const gs = load<f32>(g + i);
    const ms = load<f32>(m + i) * beta1 + gs * oneMinusB1;
    const vs = load<f32>(v + i) * beta2 + gs * gs * oneMinusB2;
    store<f32>(m + i, ms);
    store<f32>(v + i, vs);
    store<f32>(p + i, load<f32>(p + i) - stepSize * (ms / (Mathf.sqrt(vs) / bc2Sqrt + eps)));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Embedding: the first layer's input projection goes through the vocabulary, not the sequence. With
// P = W_ih·Eᵀ + b_ih ([R][V], computed once per weight update) the projection of token v is column v of P, and
// the gradients gather per token: S[r][v] = Σ_{(t,b): token v} dg[t][r][b], dW_ih = S·E, dE = Sᵀ·W_ih.

/** gates[t][r][b] = P[r][tokens[t·N+b]] for t < T (P is [R][V]). */
export function tokenProjectionGather(gates: usize, p: usize, tokens: usize, R: i32, V: i32, N: i32, T: i32): void {
  const vBytes = <usize>V << 2;
  for (let t = 0; t < T; t++) {
    const tok = tokens + ((<usize>t * <usize>N) << 2);
    const g = gates + ((<usize>t * <usize>R * <usize>N) << 2);
    for (let r = 0; r < R; r++) {
      const row = p + <usize>r * vBytes;
      const out = g + ((<usize>r * <usize>N) << 2);
      for (let b = 0; b < N; b++) store<f32>(out + (<usize>b << 2), load<f32>(row + (<usize>load<i32>(tok + (<usize>b << 2)) << 2)));
    }
  }
}

/** ST[tokens[t·N+b]][r] += dg[t][r][b] for t < T, b < B (ST is [V][R]; padding columns b ≥ B are skipped). */
export function tokenScatter(st: usize, dg: usize, tokens: usize, R: i32, N: i32, B: i32, T: i32): void {
  for (let t = 0; t < T; t++) {
    const tok = tokens + ((<usize>t * <usize>N) << 2);
    const g = dg + ((<usize>t * <usize>R * <usize>N) << 2);
    for (let b = 0; b < B; b++) {
      const row = st + ((<usize>load<i32>(tok + (<usize>b << 2)) * <usize>R) << 2);
      for (let r = 0; r < R; r++) {
        const d = row + (<usize>r << 2);
        store<f32>(d, load<f32>(d) + load<f32>(g + ((<usize>r * <usize>N + <usize>b) << 2)));
      }
    }
  }
}

/** out[C][R] = in[R][C]. */
export function transpose(out: usize, a: usize, R: i32, C: i32): void {
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) store<f32>(out + ((<usize>c * <usize>R + <usize>r) << 2), load<f32>(a + ((<usize>r * <usize>C + <usize>c) << 2)));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vector transcendentals: e^x and σ(x) by Cephes's single-precision expf (about 1–2 ulp), tanh by Eigen's rational
// approximation (within 2.6e-7 of tanh, about 4 ulp near ±1; see tanhv). Clamps use pmin/pmax (one SSE
// instruction each, unlike min/max's NaN-exact sequences) with x first, so a NaN input stays NaN.

// Constants live in a static table and are loaded where used: V8 rebuilds every `f32x4.splat(constant)` inside a loop
// from a general register (three instructions each, dozens per cell step), while a load is one instruction. The
// values, and so the results, are the same.

/** Splatted constants, 16 bytes each, in the order of the C_* indices below. */
const CONSTANTS: usize = memory.data<f32>([
  -87.3, -87.3, -87.3, -87.3,
  88.3, 88.3, 88.3, 88.3,
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341,
  0.5, 0.5, 0.5, 0.5,
  -0.693359375, -0.693359375, -0.693359375, -0.693359375,
  2.12194440e-4, 2.12194440e-4, 2.12194440e-4, 2.12194440e-4,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  1, 1, 1, 1,
  12583039, 12583039, 12583039, 12583039,
  7.90531110763549805, 7.90531110763549805, 7.90531110763549805, 7.90531110763549805,
  -7.90531110763549805, -7.90531110763549805, -7.90531110763549805, -7.90531110763549805,
  -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16, -2.76076847742355e-16,
  2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13, 2.00018790482477e-13,
  -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11, -8.60467152213735e-11,
  5.12229709037114e-8, 5.12229709037114e-8, 5.12229709037114e-8, 5.12229709037114e-8,
  1.48572235717979e-5, 1.48572235717979e-5, 1.48572235717979e-5, 1.48572235717979e-5,
  6.37261928875436e-4, 6.37261928875436e-4, 6.37261928875436e-4, 6.37261928875436e-4,
  4.89352455891786e-3, 4.89352455891786e-3, 4.89352455891786e-3, 4.89352455891786e-3,
  1.19825839466702e-6, 1.19825839466702e-6, 1.19825839466702e-6, 1.19825839466702e-6,
  1.18534705686654e-4, 1.18534705686654e-4, 1.18534705686654e-4, 1.18534705686654e-4,
  2.26843463243900e-3, 2.26843463243900e-3, 2.26843463243900e-3, 2.26843463243900e-3,
  4.89352518554385e-3, 4.89352518554385e-3, 4.89352518554385e-3, 4.89352518554385e-3,
  9, 9, 9, 9,
  4e-4, 4e-4, 4e-4, 4e-4,
]);
const C_EXP_LO = 0, C_EXP_HI = 1, C_LOG2E = 2, C_HALF = 3, C_LN2_HI = 4, C_LN2_LO = 5;
const C_P1 = 6, C_P0 = 7, C_P3 = 8, C_P2 = 9, C_P5 = 10, C_P4 = 11, C_ONE = 12, C_EXP_BIAS = 13;
const C_TANH_CLAMP = 14, C_TANH_NEG_CLAMP = 15, C_TP0 = 16, C_TP1 = 17, C_TP2 = 18, C_TP3 = 19, C_TP4 = 20, C_TP5 = 21;
const C_TP6 = 22, C_TQ0 = 23, C_TQ1 = 24, C_TQ2 = 25, C_TQ3 = 26, C_TANH_SAT = 27, C_TANH_SMALL = 28;

/** The constant at index i of CONSTANTS, in all four lanes. */
@inline function cst(i: i32): v128 {
  return v128.load(CONSTANTS + (<usize>i << 4));
}

/** e^x for four lanes: x = n·ln2 + r, e^r ≈ 1 + r + r²·P(r) with P of degree 5 (Cephes expf), 2^n built in the exponent bits. */
@inline function expv(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, cst(C_EXP_LO)), cst(C_EXP_HI));
  const fx = f32x4.floor(madd(x, cst(C_LOG2E), cst(C_HALF)));
  x = madd(fx, cst(C_LN2_HI), x);
  x = madd(fx, cst(C_LN2_LO), x);
  // P (degree 5) by Estrin's scheme (three independent pairs), shortening the dependency chain.
  const z = f32x4.mul(x, x);
  const p01 = madd(x, cst(C_P1), cst(C_P0));
  const p23 = madd(x, cst(C_P3), cst(C_P2));
  const p45 = madd(x, cst(C_P5), cst(C_P4));
  let y = madd(z, madd(z, p45, p23), p01);
  y = f32x4.add(madd(y, z, x), cst(C_ONE));
  // 2^n: adding 1.5·2^23 + 127 leaves n + 127 (in 1..215) in the low mantissa bits; shifting by 23 moves it
  // into the exponent field and drops the rest (cheaper than a saturating float→int conversion).
  const pow2n = i32x4.shl(f32x4.add(fx, cst(C_EXP_BIAS)), 23);
  return f32x4.mul(y, pow2n);
}

/** σ(x) = 1 / (1 + e^-x) for four lanes. */
@inline function sigmoidv(x: v128): v128 {
  const one = cst(C_ONE);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

/**
 * tanh for four lanes: the rational minimax approximation x·P(x²)/Q(x²) on |x| ≤ 7.9053 (Eigen's
 * generic_fast_tanh_float, degrees 13/6), one division and no exponential; x itself below |x| = 4e-4.
 * Within 2.6e-7 of tanh (about 4 float32 ulps near ±1; ±1 exactly beyond |x| = 9), half the work of the exp-based form.
 */
@inline function tanhv(x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, cst(C_TANH_NEG_CLAMP)), cst(C_TANH_CLAMP));
  const z = f32x4.mul(xc, xc);
  // Numerator odd polynomial and denominator even polynomial by Horner's rule in x².
  let p = madd(z, cst(C_TP0), cst(C_TP1));
  p = madd(z, p, cst(C_TP2));
  p = madd(z, p, cst(C_TP3));
  p = madd(z, p, cst(C_TP4));
  p = madd(z, p, cst(C_TP5));
  p = madd(z, p, cst(C_TP6));
  let q = madd(z, cst(C_TQ0), cst(C_TQ1));
  q = madd(z, q, cst(C_TQ2));
  q = madd(z, q, cst(C_TQ3));
  const t = f32x4.div(f32x4.mul(xc, p), q);
  // Beyond |x| = 9 tanh rounds to ±1 in float32 (the clamped rational stops 4 ulps short of it).
  const ax = f32x4.abs(x);
  const saturated = v128.or(cst(C_ONE), v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(x, v128.bitselect(saturated, t, f32x4.gt(ax, cst(C_TANH_SAT))), f32x4.lt(ax, cst(C_TANH_SMALL)));
}

/** Exported for tests: out[i] = tanh(a[i]) (kind 0), σ(a[i]) (1), e^a[i] (2); n a multiple of 4. */
export function transcendental(out: usize, a: usize, n: i32, kind: i32): void {
  const bytes = <usize>n << 2;
  for (let i: usize = 0; i < bytes; i += 16) {
    const x = v128.load(a + i);
    v128.store(out + i, kind == 0 ? tanhv(x) : kind == 1 ? sigmoidv(x) : expv(x));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cells. `n` = H·N elements of one time step (a multiple of 4); gate blocks are H·N apart.

/** Simple RNN step: h[j] = act(pre[j]) (pre = W_ih x + b_ih + W_hh h + b_hh); relu != 0 selects ReLU over tanh. */
export function rnnForward(h: usize, pre: usize, n: i32, relu: i32): void {
  const bytes = <usize>n << 2;
  if (relu) {
    const zero = f32x4.splat(0);
    for (let i: usize = 0; i < bytes; i += 16) v128.store(h + i, f32x4.pmax(v128.load(pre + i), zero));
  } else {
    for (let i: usize = 0; i < bytes; i += 16) v128.store(h + i, tanhv(v128.load(pre + i)));
  }
}

/** Simple RNN step backward: dg = (dOut + dRec) ⊙ act'(h). */
export function rnnBackward(dg: usize, h: usize, dOut: usize, dRec: usize, n: i32, relu: i32): void {
  const bytes = <usize>n << 2;
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let i: usize = 0; i < bytes; i += 16) {
    const dh = f32x4.add(v128.load(dOut + i), v128.load(dRec + i));
    const hv = v128.load(h + i);
    const d = relu ? v128.and(dh, f32x4.gt(hv, zero)) : f32x4.mul(dh, f32x4.sub(one, f32x4.mul(hv, hv)));
    v128.store(dg + i, d);
  }
}

/**
 * LSTM step. gates (in place, rows i,f,g,o) hold the pre-activations W_ih x + b_ih + W_hh h + b_hh and are
 * replaced by the activations; c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c').
 */
export function lstmForward(gates: usize, cPrev: usize, cOut: usize, hOut: usize, n: i32): void {
  const block = <usize>n << 2;
  for (let j: usize = 0; j < block; j += 16) {
    const gi = sigmoidv(v128.load(gates + j));
    const gf = sigmoidv(v128.load(gates + block + j));
    const gg = tanhv(v128.load(gates + 2 * block + j));
    const go = sigmoidv(v128.load(gates + 3 * block + j));
    v128.store(gates + j, gi);
    v128.store(gates + block + j, gf);
    v128.store(gates + 2 * block + j, gg);
    v128.store(gates + 3 * block + j, go);
    const c = f32x4.add(f32x4.mul(gf, v128.load(cPrev + j)), f32x4.mul(gi, gg));
    const tc = tanhv(c);
    v128.store(cOut + j, c);
    v128.store(hOut + j, f32x4.mul(go, tc));
  }
}

/**
 * LSTM step backward. dh = dOut + dhRec; dc (in/out: the cell gradient from step t+1, replaced by the one for t-1).
 * Writes the pre-activation gradients of the four gate blocks into dg. tanh(c) is computed again from the step's cell
 * state c (the same bits as the forward pass's): a structured model's BPTT is bound by memory, not arithmetic, and a
 * stored copy would be one more sequence to write and read back.
 */
export function lstmBackward(dg: usize, gates: usize, cPrev: usize, c: usize, dOut: usize, dhRec: usize, dc: usize, n: i32): void {
  const block = <usize>n << 2;
  const one = f32x4.splat(1);
  for (let j: usize = 0; j < block; j += 16) {
    const gi = v128.load(gates + j);
    const gf = v128.load(gates + block + j);
    const gg = v128.load(gates + 2 * block + j);
    const go = v128.load(gates + 3 * block + j);
    const tc = tanhv(v128.load(c + j));
    const dh = f32x4.add(v128.load(dOut + j), v128.load(dhRec + j));
    const dct = f32x4.add(v128.load(dc + j), f32x4.mul(f32x4.mul(dh, go), f32x4.sub(one, f32x4.mul(tc, tc))));
    v128.store(dg + j, f32x4.mul(f32x4.mul(f32x4.mul(dct, gg), gi), f32x4.sub(one, gi)));
    v128.store(dg + block + j, f32x4.mul(f32x4.mul(f32x4.mul(dct, v128.load(cPrev + j)), gf), f32x4.sub(one, gf)));
    v128.store(dg + 2 * block + j, f32x4.mul(f32x4.mul(dct, gi), f32x4.sub(one, f32x4.mul(gg, gg))));
    v128.store(dg + 3 * block + j, f32x4.mul(f32x4.mul(f32x4.mul(dh, tc), go), f32x4.sub(one, go)));
    v128.store(dc + j, f32x4.mul(dct, gf));
  }
}

/**
 * GRU step. xg (in place, rows r,z,n) holds W_ih x + b_ih and is replaced by the activations r, z, n;
 * hg holds W_hh h + b_hh. r=σ(x_r+h_r), z=σ(x_z+h_z), n=tanh(x_n + r⊙h_n), h' = n + z⊙(h − n).
 * hnOut keeps h_n for the backward pass.
 */
export function gruForward(xg: usize, hg: usize, hPrev: usize, hOut: usize, hnOut: usize, n: i32): void {
  const block = <usize>n << 2;
  // Two passes (the gates, then the candidate and the state): fewer values live at once, so V8 spills less.
  for (let j: usize = 0; j < 2 * block; j += 16) v128.store(xg + j, sigmoidv(f32x4.add(v128.load(xg + j), v128.load(hg + j))));
  for (let j: usize = 0; j < block; j += 16) {
    const r = v128.load(xg + j);
    const z = v128.load(xg + block + j);
    const hn = v128.load(hg + 2 * block + j);
    const nn = tanhv(f32x4.add(v128.load(xg + 2 * block + j), f32x4.mul(r, hn)));
    v128.store(xg + 2 * block + j, nn);
    v128.store(hnOut + j, hn);
    v128.store(hOut + j, f32x4.add(nn, f32x4.mul(z, f32x4.sub(v128.load(hPrev + j), nn))));
  }
}

/**
 * GRU step backward. dh = dOut + dhRec. Writes dgi (gradient of W_ih x + b_ih, rows r,z,n), dgh (gradient of
 * W_hh h + b_hh; differs from dgi only in the n block, by the factor r) and dhRec := dh ⊙ z, the direct path to h.
 */
export function gruBackward(dgi: usize, dgh: usize, gates: usize, hn: usize, hPrev: usize, dOut: usize, dhRec: usize, n: i32): void {
  const block = <usize>n << 2;
  const one = f32x4.splat(1);
  for (let j: usize = 0; j < block; j += 16) {
    const r = v128.load(gates + j);
    const z = v128.load(gates + block + j);
    const nn = v128.load(gates + 2 * block + j);
    const dh = f32x4.add(v128.load(dOut + j), v128.load(dhRec + j));
    const dnp = f32x4.mul(f32x4.mul(dh, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(nn, nn)));
    const dzp = f32x4.mul(f32x4.mul(f32x4.mul(dh, f32x4.sub(v128.load(hPrev + j), nn)), z), f32x4.sub(one, z));
    const drp = f32x4.mul(f32x4.mul(f32x4.mul(dnp, v128.load(hn + j)), r), f32x4.sub(one, r));
    v128.store(dgi + j, drp);
    v128.store(dgi + block + j, dzp);
    v128.store(dgi + 2 * block + j, dnp);
    v128.store(dgh + j, drp);
    v128.store(dgh + block + j, dzp);
    v128.store(dgh + 2 * block + j, f32x4.mul(dnp, r));
    v128.store(dhRec + j, f32x4.mul(dh, z));
  }
}
