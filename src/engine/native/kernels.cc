// Native x86-64 kernels of the fused training engine: the hot kernels of src/engine/assembly/kernels.ts with the same
// byte-address interface, run on the WebAssembly instance's own linear memory, 8 (AVX2) or 16 (AVX-512) lanes wide
// where WebAssembly SIMD has 4. scripts/build-native.mjs builds it twice (x86-64-v3: AVX2 + FMA; x86-64-v4: AVX-512)
// and the loader takes the widest the CPU runs; optional (the engine falls back to the WebAssembly kernels).
//
// JavaScript does not call the kernels one by one (a Node-API call costs about three times a WebAssembly call, and a
// structured model's training step makes some 19,000 of them): it writes them to a tape (an Int32Array of opcode and
// arguments, see src/engine/native-kernels.ts) and `run` executes the tape in one call, checking every range against
// the memory's size first, so a wrong address is a clear error, not a crash.
//
// Numbers: each product element takes the same operations in the same order as in the "fma" WebAssembly build (fused
// multiply-adds exactly where that build fuses; compiled with -ffp-contract=off so nothing else fuses), so the
// products, copies and gathers equal that build's bit for bit. The cells' σ and tanh are this file's own (see
// Transcendentals), and the reductions over the batch (weight and bias gradients) sum in wider lanes: both differ from
// that build by float32 rounding. Dense and sparse kernels still agree with each other bit for bit, as they do in
// WebAssembly.
#include <node_api.h>
// GCC 12's AVX-512 intrinsics warn of an uninitialised operand inside its own headers (GCC bug 105593).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>

#if defined(__AVX512F__)
#define LANES 16
typedef __m512 V;
typedef __mmask16 Mask;
static inline V loadv(const float* p) { return _mm512_loadu_ps(p); }
static inline void storev(float* p, V v) { _mm512_storeu_ps(p, v); }
static inline Mask maskOf(int count) { return (Mask)((1u << count) - 1u); }
static inline V loadPart(const float* p, int count) { return _mm512_maskz_loadu_ps(maskOf(count), p); }
static inline void storePart(float* p, V v, int count) { _mm512_mask_storeu_ps(p, maskOf(count), v); }
static inline V splat(float x) { return _mm512_set1_ps(x); }
static inline V madd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
static inline V floorv(V x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
static inline V roundv(V x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline float hsum(V v) { return _mm512_reduce_add_ps(v); }
static inline V reciprocalEstimate(V y) { return _mm512_rcp14_ps(y); }
static inline V maxv(V a, V b) { return _mm512_max_ps(a, b); }
static inline V minv(V a, V b) { return _mm512_min_ps(a, b); }
// y·2^n for an integral float n in -127..127: one instruction (exact, as the exponent-bits product below).
static inline V scale2(V y, V n) { return _mm512_scalef_ps(y, n); }
#elif defined(__AVX2__) && defined(__FMA__)
#define LANES 8
typedef __m256 V;
static inline V loadv(const float* p) { return _mm256_loadu_ps(p); }
static inline void storev(float* p, V v) { _mm256_storeu_ps(p, v); }
static inline __m256i maskOf(int count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline V loadPart(const float* p, int count) { return _mm256_maskload_ps(p, maskOf(count)); }
static inline void storePart(float* p, V v, int count) { _mm256_maskstore_ps(p, maskOf(count), v); }
static inline V splat(float x) { return _mm256_set1_ps(x); }
static inline V madd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
static inline V floorv(V x) { return _mm256_floor_ps(x); }
static inline V roundv(V x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline V reciprocalEstimate(V y) { return _mm256_rcp_ps(y); }
static inline V maxv(V a, V b) { return _mm256_max_ps(a, b); }
static inline V minv(V a, V b) { return _mm256_min_ps(a, b); }
// y·2^n for an integral float n in -127..127: adding 1.5·2^23 + 127 leaves n + 127 in the low mantissa bits, and
// shifting by 23 moves it into the exponent field (kernels.ts's expv does the same).
static inline V scale2(V y, V n) {
  const __m256i bits = _mm256_slli_epi32(_mm256_castps_si256(_mm256_add_ps(n, _mm256_set1_ps(12583039.0f))), 23);
  return _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
}
static inline float hsum(V v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
#else
#error "the native kernels need x86-64 with AVX2 and FMA (or AVX-512); the engine runs on WebAssembly without them"
#endif

typedef int32_t VI __attribute__((vector_size(LANES * 4)));

// Kernels stay separate functions (each call does far more work than a call costs), so profiles name them.
#define KERNEL __attribute__((noinline))

namespace {

// Linear memory of the WebAssembly instance the tape runs on: every address is a byte offset into it (per thread:
// data-parallel training runs a second model in a worker thread of the same process).
// initial-exec: one register-relative load, not a call into the dynamic linker at each use.
__attribute__((tls_model("initial-exec"))) thread_local uint8_t* heap = nullptr;
inline float* F(uint32_t address) { return reinterpret_cast<float*>(heap + address); }
inline int32_t* I(uint32_t address) { return reinterpret_cast<int32_t*>(heap + address); }

// ---------------------------------------------------------------------------------------------------------------
// Transcendentals. expv is kernels.ts's (Cephes's expf: same constants, same operation order). σ and tanh are this
// file's own, cheaper than kernels.ts's and as accurate (measured against float64 over [-88, 88]: σ within 2.5 ulp,
// tanh within 3.2 ulp, where kernels.ts's Eigen-style rational tanh reaches 5), so the cells here agree with the
// WebAssembly builds to float32 rounding, not bit for bit. Both go through e^{-y} = 2^n·e^{-s} (n = round(-y·log2 e),
// s = y + n·ln 2, |s| ≤ ln2/2). The cells run at about the rate of the multiply-add pipe (Zen 4), and this path takes
// 11 (σ) and 12 (tanh) multiply-adds or products per vector against Cephes's 12 and Eigen's 14: σ 4.2 → 3.9 and tanh
// 4.9 → 4.3 ns per 16 elements.

// WebAssembly's pmax(x, c) = x < c ? c : x and pmin(x, c) = c < x ? c : x are x86's max(c, x) and min(c, x) (which
// return their second operand when either is NaN): one instruction each, and a NaN x stays NaN.
inline V vmaxp(V x, V c) { return maxv(c, x); }
inline V vminp(V x, V c) { return minv(c, x); }

// 1 / y by the reciprocal estimate and one Newton step: within about 1 ulp of the division, at a fraction of its cost
// (a 512-bit division occupies the divider for several cycles, and the cells' σ and tanh need one each).
inline V reciprocal(V y) {
  const V r = reciprocalEstimate(y);
  return madd(r, madd(-y, r, splat(1.0f)), r);
}

inline V expv(V x) {
  x = vminp(vmaxp(x, splat(-87.3f)), splat(88.3f));
  const V fx = floorv(madd(x, splat(1.44269504088896341f), splat(0.5f)));
  x = madd(fx, splat(-0.693359375f), x);
  x = madd(fx, splat(2.12194440e-4f), x);
  const V z = x * x;
  const V p01 = madd(x, splat(1.6666665459e-1f), splat(5.0000001201e-1f));
  const V p23 = madd(x, splat(8.3334519073e-3f), splat(4.1665795894e-2f));
  const V p45 = madd(x, splat(1.9875691500e-4f), splat(1.3981999507e-3f));
  V y = madd(z, madd(z, p45, p23), p01);
  y = madd(y, z, x) + splat(1.0f);
  return scale2(y, fx);
}

// 1 − e^{-s} = s·q(s) for |s| ≤ ln2/2, q of degree 5 fitted for relative error (1.3e-8): accurate where e^{-s} is
// near 1, which 1 − (e^{-s} rounded) is not.
inline V oneMinusExpNeg(V s) {
  V q = madd(s, splat(-1.3882513158e-3f), splat(8.3665149286e-3f));
  q = madd(s, q, splat(-4.1667200625e-2f));
  q = madd(s, q, splat(1.6666543484e-1f));
  q = madd(s, q, splat(-4.9999997020e-1f));
  return s * madd(s, q, splat(1.0f));
}

// σ(x) = 1 / (1 + e^{-x}), e^{-s} of degree 6 fitted for relative error (2e-9). x is clamped to [-88, 88], where
// 2^n stays a normal float's power (σ is 0 or 1 in float32 beyond, but for tiny subnormals).
inline V sigmoidv(V x) {
  x = vminp(vmaxp(x, splat(-88.0f)), splat(88.0f));
  const V n = roundv(x * splat(-1.44269504088896341f));
  V s = madd(n, splat(0.693359375f), x);
  s = madd(n, splat(-2.12194440e-4f), s);
  V p = madd(s, splat(1.3843650231e-3f), splat(-8.3741564304e-3f));
  p = madd(s, p, splat(4.1668001562e-2f));
  p = madd(s, p, splat(-1.6666431725e-1f));
  p = madd(s, p, splat(4.9999994040e-1f));
  p = madd(s, p, splat(-1.0f));
  p = madd(s, p, splat(1.0f));
  return reciprocal(splat(1.0f) + scale2(p, n));
}

// tanh(x) = sign(x)·(1 − E)/(1 + E) with E = e^{-2|x|} = 2^n·e^{-s}, and 1 − E = (1 − 2^n) + 2^n·(1 − e^{-s}) so that
// small |x| (n = 0) keeps its relative accuracy. |x| is clamped to 9, where the quotient rounds to 1; a NaN stays NaN.
// The reduction takes ln 2 as one float constant (error n·1.9e-9, n ≥ -26): the 3.2 ulp above include it.
inline V tanhv(V x) {
  const VI bits = (VI)x;
  const V a = vminp((V)(bits & 0x7fffffff), splat(9.0f));
  const V n = roundv(a * splat(-2.88539008177792682f));
  const V s = madd(n, splat(0.693147180559945f), a + a);
  const V powerOfTwo = scale2(splat(1.0f), n);
  const V oneMinusE = madd(powerOfTwo, oneMinusExpNeg(s), splat(1.0f) - powerOfTwo);
  const V t = oneMinusE * reciprocal(splat(2.0f) - oneMinusE);
  return (V)((VI)t | (bits & (int32_t)0x80000000u));
}

// Element-wise loops over n floats: whole vectors, then one masked vector for the rest.
template <typename Body>
inline void elementwise(int n, Body body) {
  int i = 0;
  for (; i + LANES <= n; i += LANES) body(i, LANES);
  if (i < n) body(i, n - i);
}
inline V get(const float* p, int count) { return count == LANES ? loadv(p) : loadPart(p, count); }
inline void put(float* p, V v, int count) {
  if (count == LANES)
    storev(p, v);
  else
    storePart(p, v, count);
}

// ---------------------------------------------------------------------------------------------------------------
// Products

// gemm: out[R][N] = (accumulate ? out : 0) + (bias ? bias[r] : 0) + W[R][K]·X[K][N]. Rows in blocks of 4 multiply-add
// fused, leftover rows and the scalar columns past the last multiple of 4 unfused, as in kernels.ts.
KERNEL void gemm(uint32_t out, uint32_t w, uint32_t x, uint32_t bias, int R, int K, int N, int accumulate) {
  const int N4 = N & ~3;
  const float* X = F(x);
  const float* B = bias ? F(bias) : nullptr;
  for (int r = 0; r < R; r++)
    for (int c = N4; c < N; c++) {
      float a = B ? B[r] : 0.0f;
      float* o = F(out) + (size_t)r * N + c;
      if (accumulate) a = a + *o;
      for (int k = 0; k < K; k++) a = a + F(w)[(size_t)r * K + k] * X[(size_t)k * N + c];
      *o = a;
    }
  int r = 0;
  for (; r + 4 <= R; r += 4) {
    const float* w0 = F(w) + (size_t)r * K;
    const float *w1 = w0 + K, *w2 = w1 + K, *w3 = w2 + K;
    float* o0 = F(out) + (size_t)r * N;
    float *o1 = o0 + N, *o2 = o1 + N, *o3 = o2 + N;
    const V b0 = splat(B ? B[r] : 0.0f), b1 = splat(B ? B[r + 1] : 0.0f);
    const V b2 = splat(B ? B[r + 2] : 0.0f), b3 = splat(B ? B[r + 3] : 0.0f);
    int c = 0;
    for (; c + 2 * LANES <= N4; c += 2 * LANES) {
      V a00 = b0, a01 = b0, a10 = b1, a11 = b1, a20 = b2, a21 = b2, a30 = b3, a31 = b3;
      if (accumulate) {
        a00 = a00 + loadv(o0 + c), a01 = a01 + loadv(o0 + c + LANES);
        a10 = a10 + loadv(o1 + c), a11 = a11 + loadv(o1 + c + LANES);
        a20 = a20 + loadv(o2 + c), a21 = a21 + loadv(o2 + c + LANES);
        a30 = a30 + loadv(o3 + c), a31 = a31 + loadv(o3 + c + LANES);
      }
      const float* xp = X + c;
      for (int k = 0; k < K; k++, xp += N) {
        const V x0 = loadv(xp), x1 = loadv(xp + LANES);
        const V s0 = splat(w0[k]), s1 = splat(w1[k]), s2 = splat(w2[k]), s3 = splat(w3[k]);
        a00 = madd(s0, x0, a00), a01 = madd(s0, x1, a01);
        a10 = madd(s1, x0, a10), a11 = madd(s1, x1, a11);
        a20 = madd(s2, x0, a20), a21 = madd(s2, x1, a21);
        a30 = madd(s3, x0, a30), a31 = madd(s3, x1, a31);
      }
      storev(o0 + c, a00), storev(o0 + c + LANES, a01), storev(o1 + c, a10), storev(o1 + c + LANES, a11);
      storev(o2 + c, a20), storev(o2 + c + LANES, a21), storev(o3 + c, a30), storev(o3 + c + LANES, a31);
    }
    for (; c < N4; c += LANES) {
      const int n = N4 - c < LANES ? N4 - c : LANES;
      V a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      if (accumulate)
        a0 = a0 + get(o0 + c, n), a1 = a1 + get(o1 + c, n), a2 = a2 + get(o2 + c, n), a3 = a3 + get(o3 + c, n);
      const float* xp = X + c;
      for (int k = 0; k < K; k++, xp += N) {
        const V x0 = get(xp, n);
        a0 = madd(splat(w0[k]), x0, a0), a1 = madd(splat(w1[k]), x0, a1);
        a2 = madd(splat(w2[k]), x0, a2), a3 = madd(splat(w3[k]), x0, a3);
      }
      put(o0 + c, a0, n), put(o1 + c, a1, n), put(o2 + c, a2, n), put(o3 + c, a3, n);
    }
  }
  for (; r < R; r++) {
    const float* w0 = F(w) + (size_t)r * K;
    float* o0 = F(out) + (size_t)r * N;
    const V b0 = splat(B ? B[r] : 0.0f);
    int c = 0;
    // Four vectors of the row at a time: four independent chains of additions instead of one waiting on each
    // addition's latency (every element's terms are added in the same order).
    for (; c + 4 * LANES <= N4; c += 4 * LANES) {
      V a[4];
      for (int i = 0; i < 4; i++) a[i] = accumulate ? b0 + loadv(o0 + c + i * LANES) : b0;
      const float* xp = X + c;
      for (int k = 0; k < K; k++, xp += N) {
        const V s = splat(w0[k]);
        for (int i = 0; i < 4; i++) a[i] = a[i] + s * loadv(xp + i * LANES);
      }
      for (int i = 0; i < 4; i++) storev(o0 + c + i * LANES, a[i]);
    }
    for (; c < N4; c += LANES) {
      const int n = N4 - c < LANES ? N4 - c : LANES;
      V a0 = b0;
      if (accumulate) a0 = a0 + get(o0 + c, n);
      const float* xp = X + c;
      for (int k = 0; k < K; k++, xp += N) a0 = a0 + splat(w0[k]) * get(xp, n);
      put(o0 + c, a0, n);
    }
  }
}

// One output row of the CSR products: out row o = (accumulate ? o : 0) + b + Σ_j vals[j]·X[cols[j]], fused
// multiply-adds or a product and a sum, as kernels.ts's sparseGemmRow.
inline void sparseRow(float* o, const float* values, const int32_t* columns, int start, int end, const float* X, V b,
                      int N, int accumulate, bool fused) {
  int c = 0;
  for (; c + 4 * LANES <= N; c += 4 * LANES) {
    V a0 = b, a1 = b, a2 = b, a3 = b;
    if (accumulate)
      a0 = a0 + loadv(o + c), a1 = a1 + loadv(o + c + LANES), a2 = a2 + loadv(o + c + 2 * LANES),
      a3 = a3 + loadv(o + c + 3 * LANES);
    if (fused)
      for (int j = start; j < end; j++) {
        const V s = splat(values[j]);
        const float* xp = X + (size_t)columns[j] * N + c;
        a0 = madd(s, loadv(xp), a0), a1 = madd(s, loadv(xp + LANES), a1);
        a2 = madd(s, loadv(xp + 2 * LANES), a2), a3 = madd(s, loadv(xp + 3 * LANES), a3);
      }
    else
      for (int j = start; j < end; j++) {
        const V s = splat(values[j]);
        const float* xp = X + (size_t)columns[j] * N + c;
        a0 = a0 + s * loadv(xp), a1 = a1 + s * loadv(xp + LANES);
        a2 = a2 + s * loadv(xp + 2 * LANES), a3 = a3 + s * loadv(xp + 3 * LANES);
      }
    storev(o + c, a0), storev(o + c + LANES, a1), storev(o + c + 2 * LANES, a2), storev(o + c + 3 * LANES, a3);
  }
  for (; c < N; c += LANES) {
    const int n = N - c < LANES ? N - c : LANES;
    V a0 = b;
    if (accumulate) a0 = a0 + get(o + c, n);
    for (int j = start; j < end; j++) {
      const V s = splat(values[j]);
      const V xv = get(X + (size_t)columns[j] * N + c, n);
      a0 = fused ? madd(s, xv, a0) : a0 + s * xv;
    }
    put(o + c, a0, n);
  }
}

// sparseGemm: gemm with W in compressed rows; rows below fusedRows fused, as gemm's 4-row blocks (N a multiple of 4).
KERNEL void sparseGemm(uint32_t out, uint32_t vals, uint32_t cols, uint32_t rowStart, uint32_t x, uint32_t bias, int R,
                       int N, int accumulate, int fusedRows) {
  const int32_t* starts = I(rowStart);
  for (int r = 0; r < R; r++)
    sparseRow(F(out) + (size_t)r * N, F(vals), I(cols), starts[r], starts[r + 1], F(x), splat(bias ? F(bias)[r] : 0.0f),
              N, accumulate, r < fusedRows);
}

// packedGemm: sparseGemm for t < T (strides in bytes), row r fused where fused[r] != 0.
KERNEL void packedGemm(uint32_t out, uint32_t vals, uint32_t cols, uint32_t rowStart, uint32_t fused, uint32_t x,
                       uint32_t bias, int R, int N, int accumulate, int T, uint32_t outStride, uint32_t xStride) {
  const int32_t* starts = I(rowStart);
  for (int t = 0; t < T; t++)
    for (int r = 0; r < R; r++)
      sparseRow(F(out + (uint32_t)t * outStride) + (size_t)r * N, F(vals), I(cols), starts[r], starts[r + 1],
                F(x + (uint32_t)t * xStride), splat(bias ? F(bias)[r] : 0.0f), N, accumulate, I(fused)[r] != 0);
}

// A weight-gradient entry's sum Σ_t Σ_b g_t[b]·x_t[b] runs in one LANES-wide accumulator over (t, b) in order,
// then one horizontal sum, whatever the blocking around it: dense and sparse kernels agree bit for bit.

// Entries (r, k0..k3) of one row: g row shared, four x rows.
inline void sumRow4(const float* g, const float* const x[4], int N, int T, size_t gStride, size_t xStride,
                    float out[4]) {
  V a0 = splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
  for (int t = 0; t < T; t++) {
    const float* gp = g + (size_t)t * gStride;
    const size_t xs = (size_t)t * xStride;
    const float *x0 = x[0] + xs, *x1 = x[1] + xs, *x2 = x[2] + xs, *x3 = x[3] + xs;
    int c = 0;
    for (; c + LANES <= N; c += LANES) {
      const V gv = loadv(gp + c);
      a0 = madd(gv, loadv(x0 + c), a0), a1 = madd(gv, loadv(x1 + c), a1);
      a2 = madd(gv, loadv(x2 + c), a2), a3 = madd(gv, loadv(x3 + c), a3);
    }
    if (c < N) {
      const int n = N - c;
      const V gv = loadPart(gp + c, n);
      a0 = madd(gv, loadPart(x0 + c, n), a0), a1 = madd(gv, loadPart(x1 + c, n), a1);
      a2 = madd(gv, loadPart(x2 + c, n), a2), a3 = madd(gv, loadPart(x3 + c, n), a3);
    }
  }
  out[0] = hsum(a0), out[1] = hsum(a1), out[2] = hsum(a2), out[3] = hsum(a3);
}

// Entries (r..r+3, k..k+3) of a dense block: 8 loads feed 16 multiply-adds.
inline void sumBlock4x4(const float* g, const float* x, int N, int T, size_t gStride, size_t xStride, float out[16]) {
  V a[16];
  for (int i = 0; i < 16; i++) a[i] = splat(0.0f);
  for (int t = 0; t < T; t++) {
    const float* gp = g + (size_t)t * gStride;
    const float* xp = x + (size_t)t * xStride;
    int c = 0;
    for (; c + LANES <= N; c += LANES) {
      V gv[4], xv[4];
      for (int i = 0; i < 4; i++) gv[i] = loadv(gp + (size_t)i * N + c), xv[i] = loadv(xp + (size_t)i * N + c);
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) a[4 * i + j] = madd(gv[i], xv[j], a[4 * i + j]);
    }
    if (c < N) {
      const int n = N - c;
      V gv[4], xv[4];
      for (int i = 0; i < 4; i++)
        gv[i] = loadPart(gp + (size_t)i * N + c, n), xv[i] = loadPart(xp + (size_t)i * N + c, n);
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) a[4 * i + j] = madd(gv[i], xv[j], a[4 * i + j]);
    }
  }
  for (int i = 0; i < 16; i++) out[i] = hsum(a[i]);
}

inline float sum1(const float* g, const float* x, int N, int T, size_t gStride, size_t xStride) {
  V a = splat(0.0f);
  for (int t = 0; t < T; t++) {
    const float *gp = g + (size_t)t * gStride, *xp = x + (size_t)t * xStride;
    int c = 0;
    for (; c + LANES <= N; c += LANES) a = madd(loadv(gp + c), loadv(xp + c), a);
    if (c < N) a = madd(loadPart(gp + c, N - c), loadPart(xp + c, N - c), a);
  }
  return hsum(a);
}

// Entries of any four (g row, x row) pairs: four independent accumulators, where sum1's single one waits on each
// multiply-add's latency (the entries a 4 × 4 block leaves, which tiny units and sparse rows are mostly made of).
inline void sumPairs4(const float* const g[4], const float* const x[4], int N, int T, size_t gStride, size_t xStride,
                      float out[4]) {
  V a[4] = {splat(0.0f), splat(0.0f), splat(0.0f), splat(0.0f)};
  for (int t = 0; t < T; t++) {
    const size_t gs = (size_t)t * gStride, xs = (size_t)t * xStride;
    int c = 0;
    for (; c + LANES <= N; c += LANES)
      for (int i = 0; i < 4; i++) a[i] = madd(loadv(g[i] + gs + c), loadv(x[i] + xs + c), a[i]);
    if (c < N)
      for (int i = 0; i < 4; i++) a[i] = madd(loadPart(g[i] + gs + c, N - c), loadPart(x[i] + xs + c, N - c), a[i]);
  }
  for (int i = 0; i < 4; i++) out[i] = hsum(a[i]);
}

// Entries queued four at a time for sumPairs4; each entry's sum is added at its own target when its batch runs.
struct PairBatch {
  int N, T;
  size_t gStride, xStride;
  const float* g[4];
  const float* x[4];
  float* target[4];
  int count = 0;
  void add(const float* gRow, const float* xRow, float* at) {
    g[count] = gRow, x[count] = xRow, target[count] = at;
    if (++count == 4) flush();
  }
  void flush() {
    if (count == 0) return;
    if (count < 4) {
      for (int i = 0; i < count; i++) *target[i] += sum1(g[i], x[i], N, T, gStride, xStride);
    } else {
      float s[4];
      sumPairs4(g, x, N, T, gStride, xStride, s);
      for (int i = 0; i < 4; i++) *target[i] += s[i];
    }
    count = 0;
  }
};

// outerAccumulate: dW[R][K] += Σ_t G_t[R][N]·X_t[K][N]ᵀ (strides in bytes).
KERNEL void outerAccumulate(uint32_t dw, uint32_t g, uint32_t x, int R, int K, int N, int T, uint32_t gStrideBytes,
                            uint32_t xStrideBytes) {
  const size_t gStride = gStrideBytes / 4, xStride = xStrideBytes / 4;
  float* D = F(dw);
  PairBatch rest{N, T, gStride, xStride};
  int r = 0;
  for (; r + 4 <= R; r += 4) {
    const float* gr = F(g) + (size_t)r * N;
    int k = 0;
    for (; k + 4 <= K; k += 4) {
      float s[16];
      sumBlock4x4(gr, F(x) + (size_t)k * N, N, T, gStride, xStride, s);
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) D[(size_t)(r + i) * K + k + j] += s[4 * i + j];
    }
    for (; k < K; k++)
      for (int i = 0; i < 4; i++) rest.add(gr + (size_t)i * N, F(x) + (size_t)k * N, D + (size_t)(r + i) * K + k);
  }
  for (; r < R; r++) {
    const float* gr = F(g) + (size_t)r * N;
    int k = 0;
    for (; k + 4 <= K; k += 4) {
      const float* xs[4] = {F(x) + (size_t)k * N, F(x) + (size_t)(k + 1) * N, F(x) + (size_t)(k + 2) * N,
                            F(x) + (size_t)(k + 3) * N};
      float s[4];
      sumRow4(gr, xs, N, T, gStride, xStride, s);
      for (int i = 0; i < 4; i++) D[(size_t)r * K + k + i] += s[i];
    }
    for (; k < K; k++) rest.add(gr, F(x) + (size_t)k * N, D + (size_t)r * K + k);
  }
  rest.flush();
}

// The weight gradients at a CSR pattern's entries: entry j (row r, column cols[j]) gets Σ_t G_t[r]·X_t[cols[j]] added
// at `target(r, j)`, each summed as outerAccumulate sums it (four entries of a row at a time share the G loads).
template <typename Target>
inline void csrOuterAccumulate(const int32_t* columns, const int32_t* starts, uint32_t g, uint32_t x, int R, int N,
                               int T, uint32_t gStrideBytes, uint32_t xStrideBytes, Target target) {
  const size_t gStride = gStrideBytes / 4, xStride = xStrideBytes / 4;
  PairBatch rest{N, T, gStride, xStride};
  for (int r = 0; r < R; r++) {
    const float* gr = F(g) + (size_t)r * N;
    int j = starts[r];
    const int end = starts[r + 1];
    for (; j + 4 <= end; j += 4) {
      const float* xs[4];
      for (int i = 0; i < 4; i++) xs[i] = F(x) + (size_t)columns[j + i] * N;
      float s[4];
      sumRow4(gr, xs, N, T, gStride, xStride, s);
      for (int i = 0; i < 4; i++) *target(r, j + i) += s[i];
    }
    for (; j < end; j++) rest.add(gr, F(x) + (size_t)columns[j] * N, target(r, j));
  }
  rest.flush();
}

// sparseOuterAccumulate: outerAccumulate at a CSR pattern's kept entries only.
KERNEL void sparseOuterAccumulate(uint32_t dw, uint32_t cols, uint32_t rowStart, uint32_t g, uint32_t x, int R, int K,
                                  int N, int T, uint32_t gStrideBytes, uint32_t xStrideBytes) {
  const int32_t* columns = I(cols);
  float* D = F(dw);
  csrOuterAccumulate(columns, I(rowStart), g, x, R, N, T, gStrideBytes, xStrideBytes,
                     [&](int r, int j) { return D + (size_t)r * K + columns[j]; });
}

// packedOuterAccumulate: the float at byte positions[j] + delta gets entry j's sum (a packed level's weights).
KERNEL void packedOuterAccumulate(uint32_t delta, uint32_t positions, uint32_t cols, uint32_t rowStart, uint32_t g,
                                  uint32_t x, int R, int N, int T, uint32_t gStrideBytes, uint32_t xStrideBytes) {
  const int32_t* at = I(positions);
  csrOuterAccumulate(I(cols), I(rowStart), g, x, R, N, T, gStrideBytes, xStrideBytes,
                     [&](int, int j) { return F(at[j] + delta); });
}

// scatterAdd: the float at byte positions[i] + delta gets src[i] added, for i < n.
KERNEL void scatterAdd(uint32_t delta, uint32_t positions, uint32_t src, int n) {
  for (int i = 0; i < n; i++) *F(I(positions)[i] + delta) += F(src)[i];
}

// gatherValues: vals[j] = the float at byte w + positions[j].
KERNEL void gatherValues(uint32_t vals, uint32_t positions, uint32_t w, int nnz) {
  for (int j = 0; j < nnz; j++) F(vals)[j] = *F(w + I(positions)[j]);
}

// rowSumAccumulate: db[r] += Σ_t Σ_b G_t[r][b].
KERNEL void rowSumAccumulate(uint32_t db, uint32_t g, int R, int N, int T, uint32_t gStrideBytes) {
  const size_t gStride = gStrideBytes / 4;
  int r = 0;
  // Four rows at a time: four independent accumulators instead of one chain waiting on each addition's latency
  // (each row's sum keeps its order).
  for (; r + 4 <= R; r += 4) {
    V a[4] = {splat(0.0f), splat(0.0f), splat(0.0f), splat(0.0f)};
    for (int t = 0; t < T; t++) {
      const float* gp = F(g) + (size_t)t * gStride + (size_t)r * N;
      int c = 0;
      for (; c + LANES <= N; c += LANES)
        for (int i = 0; i < 4; i++) a[i] = a[i] + loadv(gp + (size_t)i * N + c);
      if (c < N)
        for (int i = 0; i < 4; i++) a[i] = a[i] + loadPart(gp + (size_t)i * N + c, N - c);
    }
    for (int i = 0; i < 4; i++) F(db)[r + i] += hsum(a[i]);
  }
  for (; r < R; r++) {
    V a = splat(0.0f);
    for (int t = 0; t < T; t++) {
      const float* gp = F(g) + (size_t)t * gStride + (size_t)r * N;
      int c = 0;
      for (; c + LANES <= N; c += LANES) a = a + loadv(gp + c);
      if (c < N) a = a + loadPart(gp + c, N - c);
    }
    F(db)[r] += hsum(a);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Copies, element-wise operations, transposes and the embedding's gathers

KERNEL void copyRows(uint32_t dst, uint32_t src, int n, int T, uint32_t dstStride, uint32_t srcStride, int accumulate) {
  for (int t = 0; t < T; t++) {
    float* d = F(dst + (uint32_t)t * dstStride);
    const float* s = F(src + (uint32_t)t * srcStride);
    if (accumulate)
      elementwise(n, [&](int i, int c) { put(d + i, get(d + i, c) + get(s + i, c), c); });
    else
      memmove(d, s, (size_t)n * 4);
  }
}

KERNEL void multiplyInPlace(uint32_t a, uint32_t b, int n) {
  float *A = F(a), *B = F(b);
  elementwise(n, [&](int i, int c) { put(A + i, get(A + i, c) * get(B + i, c), c); });
}
KERNEL void multiply(uint32_t out, uint32_t a, uint32_t b, int n) {
  float *O = F(out), *A = F(a), *B = F(b);
  elementwise(n, [&](int i, int c) { put(O + i, get(A + i, c) * get(B + i, c), c); });
}
KERNEL void addInPlace(uint32_t a, uint32_t b, int n) {
  float *A = F(a), *B = F(b);
  elementwise(n, [&](int i, int c) { put(A + i, get(A + i, c) + get(B + i, c), c); });
}
KERNEL void maskedTranspose(uint32_t out, uint32_t w, uint32_t mask, int R, int C) {
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) F(out)[(size_t)c * R + r] = F(w)[(size_t)r * C + c] * F(mask)[(size_t)r * C + c];
}
KERNEL void transpose(uint32_t out, uint32_t a, int R, int C) {
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) F(out)[(size_t)c * R + r] = F(a)[(size_t)r * C + c];
}
KERNEL void tokenProjectionGather(uint32_t gates, uint32_t p, uint32_t tokens, int R, int V_, int N, int T) {
  for (int t = 0; t < T; t++) {
    const int32_t* tok = I(tokens) + (size_t)t * N;
    float* g = F(gates) + (size_t)t * R * N;
    for (int r = 0; r < R; r++) {
      const float* row = F(p) + (size_t)r * V_;
      float* o = g + (size_t)r * N;
      for (int b = 0; b < N; b++) o[b] = row[tok[b]];
    }
  }
}
KERNEL void tokenScatter(uint32_t st, uint32_t dg, uint32_t tokens, int R, int N, int B, int T) {
  for (int t = 0; t < T; t++) {
    const int32_t* tok = I(tokens) + (size_t)t * N;
    const float* g = F(dg) + (size_t)t * R * N;
    for (int b = 0; b < B; b++) {
      float* row = F(st) + (size_t)tok[b] * R;
      for (int r = 0; r < R; r++) row[r] = row[r] + g[(size_t)r * N + b];
    }
  }
}
KERNEL void zero(uint32_t address, int count) { memset(F(address), 0, (size_t)count * 4); }

KERNEL void transcendental(uint32_t out, uint32_t a, int n, int kind) {
  float *O = F(out), *A = F(a);
  elementwise(n, [&](int i, int c) {
    const V x = get(A + i, c);
    put(O + i, kind == 0 ? tanhv(x) : kind == 1 ? sigmoidv(x) : expv(x), c);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Cells (n = H·N elements of one step; gate blocks n apart), as in kernels.ts.

// BPTT walks the steps backwards, so the hardware prefetcher fetches a step's saved activations (far in memory by
// then) too late: each backward cell asks, line by line as it computes step t, for step t − 2's lines of the same
// buffers into L2 (`blocks` blocks `blockStride` floats apart, `stepStride` floats per step). This took the LSTM's
// backward cell from about 40 to 21 ns per 16 elements on activations beyond the caches, at no cost within them.
// A prefetch never faults, so the addresses before a buffer's first step are harmless.
inline void prefetchTwoStepsBack(const float* p, int stepStride, int blocks, int blockStride, int j) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(p + j) - 2 * 4 * (uintptr_t)stepStride;
  for (int b = 0; b < blocks; b++)
    _mm_prefetch(reinterpret_cast<const char*>(at + 4 * (uintptr_t)b * blockStride), _MM_HINT_T1);
}

KERNEL void rnnForward(uint32_t h, uint32_t pre, int n, int relu) {
  float *Hh = F(h), *P = F(pre);
  if (relu)
    elementwise(n, [&](int i, int c) { put(Hh + i, vmaxp(get(P + i, c), splat(0.0f)), c); });
  else
    elementwise(n, [&](int i, int c) { put(Hh + i, tanhv(get(P + i, c)), c); });
}
KERNEL void rnnBackward(uint32_t dg, uint32_t h, uint32_t dOut, uint32_t dRec, int n, int relu) {
  float *G = F(dg), *Hh = F(h), *DO = F(dOut), *DR = F(dRec);
  elementwise(n, [&](int i, int c) {
    prefetchTwoStepsBack(Hh, n, 1, 0, i), prefetchTwoStepsBack(DO, n, 1, 0, i);
    const V dh = get(DO + i, c) + get(DR + i, c);
    const V hv = get(Hh + i, c);
    const V d = relu ? (V)((VI)dh & (VI)(hv > splat(0.0f))) : dh * (splat(1.0f) - hv * hv);
    put(G + i, d, c);
  });
}
// Two passes: tanh of the new cell state waits on three gates' σ/tanh, and in one pass that chain is longer than the
// out-of-order window covers (Zen 4, per 16 elements in L1: 29.8 → 26.8 ns with the old σ/tanh, 24.1 with these).
// Same operations per element.
KERNEL void lstmForward(uint32_t gates, uint32_t cPrev, uint32_t cOut, uint32_t hOut, int n) {
  float *G = F(gates), *CP = F(cPrev), *CO = F(cOut), *HO = F(hOut);
  elementwise(n, [&](int j, int c) {
    const V gi = sigmoidv(get(G + j, c)), gf = sigmoidv(get(G + n + j, c)), gg = tanhv(get(G + 2 * n + j, c));
    put(G + j, gi, c), put(G + n + j, gf, c), put(G + 2 * n + j, gg, c);
    put(CO + j, gf * get(CP + j, c) + gi * gg, c);
  });
  elementwise(n, [&](int j, int c) {
    const V go = sigmoidv(get(G + 3 * n + j, c));
    put(G + 3 * n + j, go, c), put(HO + j, go * tanhv(get(CO + j, c)), c);
  });
}
KERNEL void lstmBackward(uint32_t dg, uint32_t gates, uint32_t cPrev, uint32_t cell, uint32_t dOut, uint32_t dhRec,
                         uint32_t dc, int n) {
  float *DG = F(dg), *G = F(gates), *CP = F(cPrev), *C = F(cell), *DO = F(dOut), *DR = F(dhRec), *DC = F(dc);
  const V one = splat(1.0f);
  elementwise(n, [&](int j, int c) {
    prefetchTwoStepsBack(G, 4 * n, 4, n, j);
    prefetchTwoStepsBack(CP, n, 1, 0, j), prefetchTwoStepsBack(DO, n, 1, 0, j);
    const V gi = get(G + j, c), gf = get(G + n + j, c), gg = get(G + 2 * n + j, c), go = get(G + 3 * n + j, c);
    const V tc = tanhv(get(C + j, c));
    const V dh = get(DO + j, c) + get(DR + j, c);
    const V dct = get(DC + j, c) + (dh * go) * (one - tc * tc);
    put(DG + j, ((dct * gg) * gi) * (one - gi), c);
    put(DG + n + j, ((dct * get(CP + j, c)) * gf) * (one - gf), c);
    put(DG + 2 * n + j, (dct * gi) * (one - gg * gg), c);
    put(DG + 3 * n + j, ((dh * tc) * go) * (one - go), c);
    put(DC + j, dct * gf, c);
  });
}
KERNEL void gruForward(uint32_t xg, uint32_t hg, uint32_t hPrev, uint32_t hOut, uint32_t hnOut, int n) {
  float *X = F(xg), *Hg = F(hg), *HP = F(hPrev), *HO = F(hOut), *HN = F(hnOut);
  elementwise(2 * n, [&](int j, int c) { put(X + j, sigmoidv(get(X + j, c) + get(Hg + j, c)), c); });
  elementwise(n, [&](int j, int c) {
    const V r = get(X + j, c), z = get(X + n + j, c), hn = get(Hg + 2 * n + j, c);
    const V nn = tanhv(get(X + 2 * n + j, c) + r * hn);
    put(X + 2 * n + j, nn, c), put(HN + j, hn, c), put(HO + j, nn + z * (get(HP + j, c) - nn), c);
  });
}
KERNEL void gruBackward(uint32_t dgi, uint32_t dgh, uint32_t gates, uint32_t hn, uint32_t hPrev, uint32_t dOut,
                        uint32_t dhRec, int n) {
  float *DI = F(dgi), *DH = F(dgh), *G = F(gates), *HN = F(hn), *HP = F(hPrev), *DO = F(dOut), *DR = F(dhRec);
  const V one = splat(1.0f);
  elementwise(n, [&](int j, int c) {
    prefetchTwoStepsBack(G, 3 * n, 3, n, j);
    prefetchTwoStepsBack(HN, n, 1, 0, j), prefetchTwoStepsBack(HP, n, 1, 0, j), prefetchTwoStepsBack(DO, n, 1, 0, j);
    const V r = get(G + j, c), z = get(G + n + j, c), nn = get(G + 2 * n + j, c);
    const V dh = get(DO + j, c) + get(DR + j, c);
    const V dnp = (dh * (one - z)) * (one - nn * nn);
    const V dzp = ((dh * (get(HP + j, c) - nn)) * z) * (one - z);
    const V drp = ((dnp * get(HN + j, c)) * r) * (one - r);
    put(DI + j, drp, c), put(DI + n + j, dzp, c), put(DI + 2 * n + j, dnp, c);
    put(DH + j, drp, c), put(DH + n + j, dzp, c), put(DH + 2 * n + j, dnp * r, c);
    put(DR + j, dh * z, c);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The tape: [opcode, arguments...] per kernel call. Opcodes and argument counts match OPS in native-kernels.ts.

enum Op {
  OP_GEMM = 1,
  OP_SPARSE_GEMM,
  OP_OUTER,
  OP_SPARSE_OUTER,
  OP_ROW_SUM,
  OP_COPY_ROWS,
  OP_MULTIPLY_IN_PLACE,
  OP_MULTIPLY,
  OP_ADD_IN_PLACE,
  OP_MASKED_TRANSPOSE,
  OP_TRANSPOSE,
  OP_TOKEN_GATHER,
  OP_TOKEN_SCATTER,
  OP_RNN_FORWARD,
  OP_RNN_BACKWARD,
  OP_LSTM_FORWARD,
  OP_LSTM_BACKWARD,
  OP_GRU_FORWARD,
  OP_GRU_BACKWARD,
  OP_ZERO,
  OP_TRANSCENDENTAL,
  OP_PACKED_GEMM,
  OP_PACKED_OUTER,
  OP_SCATTER_ADD,
  OP_GATHER_VALUES,
  OP_COUNT
};
const int ARGUMENTS[OP_COUNT] = {0, 8, 10, 9, 11, 6, 7, 3, 4, 3, 5, 4, 7, 7, 4, 6, 5, 8, 6, 8, 2, 4, 13, 11, 4, 4};

// Byte ranges each call touches, checked against the memory's size before anything runs.
struct Bounds {
  uint64_t size;
  bool ok = true;
  // [address, address + floats·4) must lie inside the memory.
  void span(int64_t address, int64_t floats) {
    if (floats <= 0) return;
    if (address < 0 || address + floats * 4 > (int64_t)size) ok = false;
  }
  // Strided [T][n] block: its last row must fit.
  void rows(int64_t address, int64_t T, int64_t stride, int64_t floats) {
    if (T > 0) span(address, 0), span(address + (T - 1) * stride, floats);
  }
  // The checks below scan index arrays on every (replayed) call, so they are min/max reductions the compiler
  // vectorises rather than a branch per entry.
  // n int byte offsets at `positions`: each offset + delta must address a float inside the memory.
  void offsets(uint32_t positions, int64_t n, int64_t delta) {
    span(positions, n);
    if (!ok || n <= 0) return;
    const int32_t* p = I(positions);
    int32_t lo = p[0], hi = p[0];
    for (int64_t i = 0; i < n; i++) lo = p[i] < lo ? p[i] : lo, hi = p[i] > hi ? p[i] : hi;
    span(lo + delta, 1), span(hi + delta, 1);
  }
  // A CSR (R rows): rowStart, then cols (and vals) up to rowStart[R]; returns the largest column + 1, or -1.
  int64_t csr(uint32_t rowStart, int64_t R, uint32_t cols, uint32_t vals) {
    span(rowStart, R + 1);
    if (!ok) return -1;
    const int32_t* starts = I(rowStart);
    int descending = starts[0] < 0;
    for (int64_t r = 0; r < R; r++) descending |= starts[r] > starts[r + 1];
    if (descending) return ok = false, -1;
    const int64_t nnz = R > 0 ? starts[R] : 0;
    span(cols, nnz);
    if (vals) span(vals, nnz);
    if (!ok || nnz == 0) return ok ? 0 : -1;
    const int32_t* columns = I(cols);
    int32_t lo = columns[0], hi = columns[0];
    for (int64_t j = 0; j < nnz; j++) lo = columns[j] < lo ? columns[j] : lo, hi = columns[j] > hi ? columns[j] : hi;
    if (lo < 0) return ok = false, -1;
    return (int64_t)hi + 1;
  }
};

bool inBounds(const int32_t* a, int op, uint64_t size) {
  Bounds b{size};
  for (int i = 1; i <= ARGUMENTS[op]; i++)
    if (a[i] < 0) return false;
  switch (op) {
    case OP_GEMM:
      b.span(a[1], (int64_t)a[5] * a[7]), b.span(a[2], (int64_t)a[5] * a[6]), b.span(a[3], (int64_t)a[6] * a[7]);
      if (a[4]) b.span(a[4], a[5]);
      break;
    case OP_SPARSE_GEMM: {
      b.span(a[1], (int64_t)a[7] * a[8]);
      if (a[6]) b.span(a[6], a[7]);
      const int64_t K = b.csr(a[4], a[7], a[3], a[2]);
      if (K > 0) b.span(a[5], K * a[8]);
      if (a[8] % 4) return false;
      break;
    }
    case OP_OUTER:
      b.span(a[1], (int64_t)a[4] * a[5]);
      b.rows(a[2], a[7], a[8], (int64_t)a[4] * a[6]), b.rows(a[3], a[7], a[9], (int64_t)a[5] * a[6]);
      break;
    case OP_SPARSE_OUTER: {
      b.span(a[1], (int64_t)a[6] * a[7]);
      const int64_t K = b.csr(a[3], a[6], a[2], 0);
      if (K > a[7]) return false;
      b.rows(a[4], a[9], a[10], (int64_t)a[6] * a[8]), b.rows(a[5], a[9], a[11], (int64_t)a[7] * a[8]);
      break;
    }
    case OP_ROW_SUM:
      b.span(a[1], a[3]), b.rows(a[2], a[5], a[6], (int64_t)a[3] * a[4]);
      break;
    case OP_COPY_ROWS:
      b.rows(a[1], a[4], a[5], a[3]), b.rows(a[2], a[4], a[6], a[3]);
      break;
    case OP_MULTIPLY_IN_PLACE:
    case OP_ADD_IN_PLACE:
      b.span(a[1], a[3]), b.span(a[2], a[3]);
      break;
    case OP_MULTIPLY:
      b.span(a[1], a[4]), b.span(a[2], a[4]), b.span(a[3], a[4]);
      break;
    case OP_MASKED_TRANSPOSE:
      b.span(a[1], (int64_t)a[4] * a[5]), b.span(a[2], (int64_t)a[4] * a[5]), b.span(a[3], (int64_t)a[4] * a[5]);
      break;
    case OP_TRANSPOSE:
      b.span(a[1], (int64_t)a[3] * a[4]), b.span(a[2], (int64_t)a[3] * a[4]);
      break;
    case OP_TOKEN_GATHER: {
      b.span(a[1], (int64_t)a[7] * a[4] * a[6]), b.span(a[2], (int64_t)a[4] * a[5]), b.span(a[3], (int64_t)a[7] * a[6]);
      if (!b.ok) return false;
      for (int64_t i = 0; i < (int64_t)a[7] * a[6]; i++)
        if (I(a[3])[i] < 0 || I(a[3])[i] >= a[5]) return false;
      break;
    }
    case OP_TOKEN_SCATTER: {
      b.span(a[2], (int64_t)a[7] * a[4] * a[5]), b.span(a[3], (int64_t)a[7] * a[5]);
      if (!b.ok || a[6] > a[5]) return false;
      int64_t widest = 0;
      for (int64_t t = 0; t < a[7]; t++)
        for (int64_t i = 0; i < a[6]; i++) {
          const int32_t token = I(a[3])[t * a[5] + i];
          if (token < 0) return false;
          if (token + 1 > widest) widest = token + 1;
        }
      b.span(a[1], widest * a[4]);
      break;
    }
    case OP_RNN_FORWARD:
      b.span(a[1], a[3]), b.span(a[2], a[3]);
      break;
    case OP_RNN_BACKWARD:
      b.span(a[1], a[5]), b.span(a[2], a[5]), b.span(a[3], a[5]), b.span(a[4], a[5]);
      break;
    case OP_LSTM_FORWARD:
      b.span(a[1], 4 * (int64_t)a[5]);
      for (int i = 2; i <= 4; i++) b.span(a[i], a[5]);
      break;
    case OP_LSTM_BACKWARD:
      b.span(a[1], 4 * (int64_t)a[8]), b.span(a[2], 4 * (int64_t)a[8]);
      for (int i = 3; i <= 7; i++) b.span(a[i], a[8]);
      break;
    case OP_GRU_FORWARD:
      b.span(a[1], 3 * (int64_t)a[6]), b.span(a[2], 3 * (int64_t)a[6]);
      for (int i = 3; i <= 5; i++) b.span(a[i], a[6]);
      break;
    case OP_GRU_BACKWARD:
      for (int i = 1; i <= 3; i++) b.span(a[i], 3 * (int64_t)a[8]);
      for (int i = 4; i <= 7; i++) b.span(a[i], a[8]);
      break;
    case OP_ZERO:
      b.span(a[1], a[2]);
      break;
    case OP_TRANSCENDENTAL:
      b.span(a[1], a[3]), b.span(a[2], a[3]);
      break;
    case OP_PACKED_GEMM: {
      // out, vals, cols, rowStart, fused, x, bias, R, N, accumulate, T, outStride, xStride
      const int64_t K = b.csr(a[4], a[8], a[3], a[2]);
      b.span(a[5], a[8]);
      if (a[7]) b.span(a[7], a[8]);
      b.rows(a[1], a[11], a[12], (int64_t)a[8] * a[9]);
      if (K > 0) b.rows(a[6], a[11], a[13], K * a[9]);
      if (a[9] % 4) return false;
      break;
    }
    case OP_PACKED_OUTER: {
      // delta, positions, cols, rowStart, g, x, R, N, T, gStride, xStride
      const int64_t K = b.csr(a[4], a[7], a[3], 0);
      if (!b.ok) return false;
      b.offsets(a[2], I(a[4])[a[7]], a[1]);
      b.rows(a[5], a[9], a[10], (int64_t)a[7] * a[8]);
      if (K > 0) b.rows(a[6], a[9], a[11], K * a[8]);
      break;
    }
    case OP_SCATTER_ADD:
      b.span(a[3], a[4]), b.offsets(a[2], a[4], a[1]);
      break;
    case OP_GATHER_VALUES:
      b.span(a[1], a[4]), b.offsets(a[2], a[4], a[3]);
      break;
    default:
      return false;
  }
  return b.ok;
}

void execute(const int32_t* a) {
  switch (a[0]) {
    case OP_GEMM:
      gemm(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
      break;
    case OP_SPARSE_GEMM:
      sparseGemm(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
      break;
    case OP_OUTER:
      outerAccumulate(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
      break;
    case OP_SPARSE_OUTER:
      sparseOuterAccumulate(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
      break;
    case OP_ROW_SUM:
      rowSumAccumulate(a[1], a[2], a[3], a[4], a[5], a[6]);
      break;
    case OP_COPY_ROWS:
      copyRows(a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
      break;
    case OP_MULTIPLY_IN_PLACE:
      multiplyInPlace(a[1], a[2], a[3]);
      break;
    case OP_MULTIPLY:
      multiply(a[1], a[2], a[3], a[4]);
      break;
    case OP_ADD_IN_PLACE:
      addInPlace(a[1], a[2], a[3]);
      break;
    case OP_MASKED_TRANSPOSE:
      maskedTranspose(a[1], a[2], a[3], a[4], a[5]);
      break;
    case OP_TRANSPOSE:
      transpose(a[1], a[2], a[3], a[4]);
      break;
    case OP_TOKEN_GATHER:
      tokenProjectionGather(a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
      break;
    case OP_TOKEN_SCATTER:
      tokenScatter(a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
      break;
    case OP_RNN_FORWARD:
      rnnForward(a[1], a[2], a[3], a[4]);
      break;
    case OP_RNN_BACKWARD:
      rnnBackward(a[1], a[2], a[3], a[4], a[5], a[6]);
      break;
    case OP_LSTM_FORWARD:
      lstmForward(a[1], a[2], a[3], a[4], a[5]);
      break;
    case OP_LSTM_BACKWARD:
      lstmBackward(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
      break;
    case OP_GRU_FORWARD:
      gruForward(a[1], a[2], a[3], a[4], a[5], a[6]);
      break;
    case OP_GRU_BACKWARD:
      gruBackward(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
      break;
    case OP_ZERO:
      zero(a[1], a[2]);
      break;
    case OP_TRANSCENDENTAL:
      transcendental(a[1], a[2], a[3], a[4]);
      break;
    case OP_PACKED_GEMM:
      packedGemm(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
      break;
    case OP_PACKED_OUTER:
      packedOuterAccumulate(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
      break;
    case OP_SCATTER_ADD:
      scatterAdd(a[1], a[2], a[3], a[4]);
      break;
    case OP_GATHER_VALUES:
      gatherValues(a[1], a[2], a[3], a[4]);
      break;
  }
}

#ifdef KERNEL_STATS
uint64_t statCycles[OP_COUNT], statCalls[OP_COUNT];
#endif

// The memory holds every step's activations (tens of MB for the sweep's larger graphs), read back step by step in
// BPTT: with 4 KB pages that is thousands of TLB entries. Linux backs it with 2 MB pages where asked (transparent huge
// pages are often "madvise" only), once per memory and size (a grown memory is a new range). Measured: about 3% off
// an LSTM step on the benchmark's graphs, and 10% off 20 models of the structure sweep (55 s against 63 s, then 53 s
// against 59 s).
void adviseHugePages(uint8_t* memory, size_t size) {
#ifdef MADV_HUGEPAGE
  // Per thread, as `heap` is: a data-parallel worker runs its own memory.
  static thread_local uint8_t* advised = nullptr;
  static thread_local size_t advisedSize = 0;
  if (memory == advised && size == advisedSize) return;
  const uintptr_t huge = uintptr_t{2} << 20;
  const uintptr_t start = (reinterpret_cast<uintptr_t>(memory) + huge - 1) & ~(huge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(memory) + size) & ~(huge - 1);
  if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
  advised = memory, advisedSize = size;
#endif
}

// run(memory: ArrayBuffer, tape: Int32Array, length: number): -1 when every call ran, else the tape offset of the
// first call that would leave the memory (nothing at or after it ran).
napi_value Run(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  void* memory;
  size_t size;
  napi_typedarray_type type;
  size_t tapeLength, byteOffset;
  void* tapeData;
  napi_value tapeBuffer;
  int32_t length;
  if (argc < 3 || napi_get_arraybuffer_info(env, argv[0], &memory, &size) != napi_ok ||
      napi_get_typedarray_info(env, argv[1], &type, &tapeLength, &tapeData, &tapeBuffer, &byteOffset) != napi_ok ||
      type != napi_int32_array || napi_get_value_int32(env, argv[2], &length) != napi_ok || length < 0 ||
      (size_t)length > tapeLength) {
    napi_throw_type_error(env, nullptr, "run(memory: ArrayBuffer, tape: Int32Array, length: number)");
    return nullptr;
  }
  heap = static_cast<uint8_t*>(memory);
  adviseHugePages(heap, size);
  const int32_t* tape = static_cast<const int32_t*>(tapeData);
  int32_t failed = -1;
  for (int32_t at = 0; at < length;) {
    const int op = tape[at];
    if (op <= 0 || op >= OP_COUNT || at + ARGUMENTS[op] >= length || !inBounds(tape + at, op, size)) {
      failed = at;
      break;
    }
#ifdef KERNEL_STATS
    const uint64_t started = __rdtsc();
    execute(tape + at);
    statCycles[op] += __rdtsc() - started, statCalls[op]++;
#else
    execute(tape + at);
#endif
    at += 1 + ARGUMENTS[op];
  }
  napi_value result;
  napi_create_int32(env, failed, &result);
  return result;
}

// lanes(): the vector width these kernels were built for (8 AVX2, 16 AVX-512).
#ifdef KERNEL_STATS
napi_value Stats(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_array(env, &result);
  for (int op = 1; op < OP_COUNT; op++) {
    napi_value pair, cycles, calls;
    napi_create_array(env, &pair);
    napi_create_double(env, (double)statCycles[op], &cycles);
    napi_create_double(env, (double)statCalls[op], &calls);
    napi_set_element(env, pair, 0, cycles);
    napi_set_element(env, pair, 1, calls);
    napi_set_element(env, result, op - 1, pair);
  }
  return result;
}
#endif

napi_value Lanes(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_int32(env, LANES, &result);
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"run", nullptr, Run, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lanes", nullptr, Lanes, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 2, properties);
#ifdef KERNEL_STATS
  napi_property_descriptor stats = {"stats", nullptr, Stats, nullptr, nullptr, nullptr, napi_default, nullptr};
  napi_define_properties(env, exports, 1, &stats);
#endif
  return exports;
}
