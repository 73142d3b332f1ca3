// Residual codec kernels: the CUDA twins of the Java codecs in dev.compactfusion.codec.
// Every reduction uses the same order as the Java code (AbsScales, MinMaxCodec) and the build
// compiles with -fmad=false, so packed bits, codes, fp16 scales and updated bases come out
// bit-identical to the CPU path. Layouts: see SignCodec and MinMaxCodec.
#include <cuda_fp16.h>

#define LANES 256

__device__ __forceinline__ float h2f(unsigned short h) { return __half2float(__ushort_as_half(h)); }
__device__ __forceinline__ unsigned short f2h(float f) { return __half_as_ushort(__float2half_rn(f)); }

// delta = x - base (base may be null: delta = x); rowSum[n] = sum_c |delta[n,c]| in lane order.
// grid N, block LANES.
extern "C" __global__ void cf_residual_rowsum(const float* x, const float* base, float* delta,
                                              float* rowSum, int N, int C) {
  __shared__ float sh[LANES];
  int n = blockIdx.x;
  int t = threadIdx.x;
  const size_t row = (size_t)n * C;
  float acc = 0.f;
  for (int c = t; c < C; c += LANES) {
    float d = base ? x[row + c] - base[row + c] : x[row + c];
    delta[row + c] = d;
    acc += fabsf(d);
  }
  sh[t] = acc;
  __syncthreads();
  for (int s = LANES / 2; s > 0; s >>= 1) {
    if (t < s) sh[t] += sh[t + s];
    __syncthreads();
  }
  if (t == 0) rowSum[n] = sh[0];
}

// colSum[c] = sum_n |delta[n,c]|, sequential over tokens.
extern "C" __global__ void cf_colsum(const float* delta, float* colSum, int N, int C) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= C) return;
  float acc = 0.f;
  for (int n = 0; n < N; n++) acc += fabsf(delta[(size_t)n * C + c]);
  colSum[c] = acc;
}

// fp16 token and channel scales from the sums. grid 1, block LANES.
extern "C" __global__ void cf_scales(const float* rowSum, const float* colSum, unsigned short* tokenHalf,
                                     unsigned short* chanHalf, int N, int C) {
  __shared__ float sh[LANES];
  __shared__ float meanAll;
  int t = threadIdx.x;
  float acc = 0.f;
  for (int n = t; n < N; n += LANES) acc += rowSum[n];
  sh[t] = acc;
  __syncthreads();
  for (int s = LANES / 2; s > 0; s >>= 1) {
    if (t < s) sh[t] += sh[t + s];
    __syncthreads();
  }
  if (t == 0) meanAll = sh[0] / (float)(N * C);
  __syncthreads();
  float m = meanAll;
  for (int n = t; n < N; n += LANES) tokenHalf[n] = f2h(m > 0.f ? (rowSum[n] / (float)C) / m : 0.f);
  for (int c = t; c < C; c += LANES) chanHalf[c] = f2h(colSum[c] / (float)N);
}

// Packs sign (and for 2bit magnitude) bits, one output byte per thread, and when base is not
// null applies the receivers' update base += D(payload) in the same pass (error feedback).
extern "C" __global__ void cf_pack_sign(const float* delta, const unsigned short* tokenHalf,
                                        const unsigned short* chanHalf, unsigned char* signBits,
                                        unsigned char* magBits, float* base, int N, int C, int twoBit) {
  long long b = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  long long size = (long long)N * C;
  long long first = b * 8;
  if (first >= size) return;
  unsigned int sign = 0, mag = 0;
  for (int j = 0; j < 8; j++) {
    long long i = first + j;
    if (i >= size) break;
    int n = (int)(i / C);
    int c = (int)(i - (long long)n * C);
    float d = delta[i];
    float s = h2f(tokenHalf[n]) * h2f(chanHalf[c]);
    unsigned int sb = d >= 0.f ? 1u : 0u;
    unsigned int mb = (twoBit && fabsf(d) > s) ? 1u : 0u;
    sign |= sb << j;
    mag |= mb << j;
    if (base) {
      float r = twoBit ? (mb ? 2.f * s : 0.5f * s) : s;
      base[i] = base[i] + (sb ? r : -r);
    }
  }
  signBits[b] = (unsigned char)sign;
  if (twoBit) magBits[b] = (unsigned char)mag;
}

// target += D(payload) for 1bit/2bit, one element per thread.
extern "C" __global__ void cf_unpack_sign_add(const unsigned char* signBits, const unsigned char* magBits,
                                              const unsigned short* tokenHalf, const unsigned short* chanHalf,
                                              float* target, int N, int C, int twoBit) {
  long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= (long long)N * C) return;
  int n = (int)(i / C);
  int c = (int)(i - (long long)n * C);
  float s = h2f(tokenHalf[n]) * h2f(chanHalf[c]);
  int bit = (int)(i & 7);
  float r = s;
  if (twoBit) r = ((magBits[i >> 3] >> bit) & 1) ? 2.f * s : 0.5f * s;
  target[i] = target[i] + (((signBits[i >> 3] >> bit) & 1) ? r : -r);
}

// delta = x - base (base may be null) and per-channel fp16 lo/step, one channel per thread.
extern "C" __global__ void cf_residual_minmax(const float* x, const float* base, float* delta,
                                              unsigned short* loHalf, unsigned short* stepHalf,
                                              int N, int C, int levels) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= C) return;
  float mn = 0.f, mx = 0.f;
  for (int n = 0; n < N; n++) {
    size_t i = (size_t)n * C + c;
    float d = base ? x[i] - base[i] : x[i];
    delta[i] = d;
    if (n == 0) {
      mn = d;
      mx = d;
    } else {
      mn = d < mn ? d : mn;
      mx = d > mx ? d : mx;
    }
  }
  unsigned short lo = f2h(mn);
  loHalf[c] = lo;
  stepHalf[c] = f2h((mx - h2f(lo)) / (float)levels);
}

// Same as MinMaxCodec.code: clamp, then round half-to-even. fmaxf maps a NaN quotient (zero step)
// to 0, which is what Java's (int) NaN gives.
__device__ __forceinline__ int quant_code(float d, float lo, float s, int levels) {
  float x = fminf(fmaxf((d - lo) / s, 0.f), (float)levels);
  return (int)rintf(x);
}

// int8 (one element per thread) or int4 (two elements per thread, even one in the low nibble);
// base += D(payload) when base is not null.
extern "C" __global__ void cf_quant_pack(const float* delta, const unsigned short* loHalf,
                                         const unsigned short* stepHalf, unsigned char* codes, float* base,
                                         int N, int C, int int4) {
  long long b = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  long long size = (long long)N * C;
  int per = int4 ? 2 : 1;
  int levels = int4 ? 15 : 255;
  long long first = b * per;
  if (first >= size) return;
  unsigned int packed = 0;
  for (int j = 0; j < per; j++) {
    long long i = first + j;
    if (i >= size) break;
    int c = (int)(i % C);
    float lo = h2f(loHalf[c]);
    float s = h2f(stepHalf[c]);
    int q = quant_code(delta[i], lo, s, levels);
    packed |= (unsigned int)q << (4 * j);
    if (base) base[i] = base[i] + (lo + (float)q * s);
  }
  codes[b] = (unsigned char)packed;
}

// target += D(payload) for int8/int4, one element per thread.
extern "C" __global__ void cf_dequant_add(const unsigned char* codes, const unsigned short* loHalf,
                                          const unsigned short* stepHalf, float* target, int N, int C, int int4) {
  long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= (long long)N * C) return;
  int c = (int)(i % C);
  int q = int4 ? (codes[i >> 1] >> ((i & 1) * 4)) & 15 : codes[i];
  target[i] = target[i] + (h2f(loHalf[c]) + (float)q * h2f(stepHalf[c]));
}

// Plain device copy, the bandwidth reference for the throughput benchmark.
extern "C" __global__ void cf_copy(const float4* src, float4* dst, long long count) {
  long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i < count) dst[i] = src[i];
}
