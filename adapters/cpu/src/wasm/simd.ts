/**
 * WebAssembly SIMD kernels, assembled here from bytes (no toolchain needed).
 *
 *   gemm(ap, bp, c, mPanels, nPanels, K, ldc)
 *
 * A is packed in 4-row panels (k-major, 4 floats per k), B in 8-column panels (8 floats
 * per k); C (row stride ldc bytes) is overwritten with 4x8 tiles. The micro-kernel keeps
 * the 4x8 tile in eight f32x4 registers: per k, two B loads, four A splats, eight
 * multiply-adds. Edges are the caller's: it pads M to 4 and N to 8.
 *
 *   dw4(x, w, bias, y, OH, OW, KH, KW, rowStep, colStep, dilY, dilX)
 *
 * Depthwise convolution of four channels at once, interleaved (one f32x4 per pixel):
 * x is a zero-padded plane, w holds KH*KW taps of four channels, y gets OH*OW pixels.
 * Steps are in bytes, so any stride and dilation vectorises.
 */

const enc = {
  u(n: number): number[] { const o: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; },
  s(n: number): number[] {
    const o: number[] = [];
    for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { o.push(b); return o; } o.push(b | 0x80); }
  },
  str(s: string): number[] { return [...enc.u(s.length), ...[...s].map((c) => c.charCodeAt(0))]; },
  section(id: number, body: number[]): number[] { return [id, ...enc.u(body.length), ...body]; },
};

const I32 = 0x7f, V128 = 0x7b;
const get = (i: number) => [0x20, ...enc.u(i)];
const set = (i: number) => [0x21, ...enc.u(i)];
const tee = (i: number) => [0x22, ...enc.u(i)];
const i32c = (v: number) => [0x41, ...enc.s(v)];
const ADD = 0x6a, MUL = 0x6c, SUB = 0x6b, LT_S = 0x48, NE = 0x47;
const simd = (op: number) => [0xfd, ...enc.u(op)];
const vload = (offset: number) => [...simd(0x00), 4, ...enc.u(offset)];
const vstore = (offset: number) => [...simd(0x0b), 4, ...enc.u(offset)];
const f32load = (offset: number) => [0x2a, 2, ...enc.u(offset)];
const splat = simd(0x13);
const loadSplat = (offset: number) => [...simd(0x09), 2, ...enc.u(offset)];
const fadd = simd(0xe4);
const fmul = simd(0xe6);
const vzero = [...simd(0x0c), ...new Array<number>(16).fill(0)];

// params
const AP = 0, BP = 1, C = 2, MP = 3, NP = 4, K = 5, LDC = 6;
// i32 locals
const PI = 7, PJ = 8, APTR = 9, BPTR = 10, KK = 11, CPTR = 12, ABASE = 13;
// v128 locals
const ACC = 14; // 14..21
const B0 = 22, B1 = 23, A = 24;

function gemmBody(): number[] {
  const code: number[] = [];
  const e = (...xs: (number | number[])[]) => { for (const x of xs) Array.isArray(x) ? code.push(...x) : code.push(x); };
  e(i32c(0), set(PI));
  e(0x03, 0x40); // loop m
  {
    // aBase = ap + pi * K * 16
    e(get(AP), get(PI), get(K), MUL, i32c(16), MUL, ADD, set(ABASE));
    e(i32c(0), set(PJ));
    e(0x03, 0x40); // loop n
    {
      e(get(ABASE), set(APTR));
      e(get(BP), get(PJ), get(K), MUL, i32c(32), MUL, ADD, set(BPTR));
      for (let i = 0; i < 8; i++) e(vzero, set(ACC + i));
      e(get(K), set(KK));
      e(0x03, 0x40); // loop k
      {
        e(get(BPTR), vload(0), set(B0));
        e(get(BPTR), vload(16), set(B1));
        for (let r = 0; r < 4; r++) {
          e(get(APTR), loadSplat(r * 4), set(A));
          e(get(ACC + 2 * r), get(A), get(B0), fmul, fadd, set(ACC + 2 * r));
          e(get(ACC + 2 * r + 1), get(A), get(B1), fmul, fadd, set(ACC + 2 * r + 1));
        }
        e(get(APTR), i32c(16), ADD, set(APTR));
        e(get(BPTR), i32c(32), ADD, set(BPTR));
        e(get(KK), i32c(1), SUB, tee(KK), i32c(0), NE, 0x0d, 0); // br_if loop k
      }
      e(0x0b);
      // cptr = c + pi*4*ldc + pj*32
      e(get(C), get(PI), i32c(4), MUL, get(LDC), MUL, ADD, get(PJ), i32c(32), MUL, ADD, set(CPTR));
      for (let r = 0; r < 4; r++) {
        e(get(CPTR), get(ACC + 2 * r), vstore(0));
        e(get(CPTR), get(ACC + 2 * r + 1), vstore(16));
        if (r < 3) e(get(CPTR), get(LDC), ADD, set(CPTR));
      }
      e(get(PJ), i32c(1), ADD, tee(PJ), get(NP), LT_S, 0x0d, 0); // br_if loop n
    }
    e(0x0b);
    e(get(PI), i32c(1), ADD, tee(PI), get(MP), LT_S, 0x0d, 0); // br_if loop m
  }
  e(0x0b);
  e(0x0b); // end function
  const locals = [2, ...enc.u(7), I32, ...enc.u(11), V128];
  return [...locals, ...code];
}

function dwBody(): number[] {
  // params
  const X = 0, W = 1, BIAS = 2, Y = 3, OH = 4, OW = 5, KH = 6, KW = 7, ROW = 8, COL = 9, DY = 10, DX = 11;
  // i32 locals
  const YP = 12, IH = 13, IW = 14, P = 15, Q0 = 16, Q = 17, WP = 18, KY = 19, KX = 20;
  // v128 local
  const ACC1 = 21;
  const code: number[] = [];
  const e = (...xs: (number | number[])[]) => { for (const x of xs) Array.isArray(x) ? code.push(...x) : code.push(x); };
  e(get(Y), set(YP), i32c(0), set(IH));
  e(0x03, 0x40); // loop oh
  e(get(X), get(IH), get(ROW), MUL, ADD, set(P), i32c(0), set(IW));
  e(0x03, 0x40); // loop ow
  e(get(BIAS), vload(0), set(ACC1), get(W), set(WP), get(P), set(Q0), get(KH), set(KY));
  e(0x03, 0x40); // loop ky
  e(get(Q0), set(Q), get(KW), set(KX));
  e(0x03, 0x40); // loop kx
  e(get(ACC1), get(Q), vload(0), get(WP), vload(0), fmul, fadd, set(ACC1));
  e(get(Q), get(DX), ADD, set(Q), get(WP), i32c(16), ADD, set(WP));
  e(get(KX), i32c(1), SUB, tee(KX), i32c(0), NE, 0x0d, 0);
  e(0x0b);
  e(get(Q0), get(DY), ADD, set(Q0));
  e(get(KY), i32c(1), SUB, tee(KY), i32c(0), NE, 0x0d, 0);
  e(0x0b);
  e(get(YP), get(ACC1), vstore(0), get(YP), i32c(16), ADD, set(YP));
  e(get(P), get(COL), ADD, set(P));
  e(get(IW), i32c(1), ADD, tee(IW), get(OW), LT_S, 0x0d, 0);
  e(0x0b);
  e(get(IH), i32c(1), ADD, tee(IH), get(OH), LT_S, 0x0d, 0);
  e(0x0b);
  e(0x0b);
  return [2, 9, I32, 1, V128, ...code];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const type = enc.section(1, [2, 0x60, 7, ...new Array<number>(7).fill(I32), 0, 0x60, 12, ...new Array<number>(12).fill(I32), 0]);
  const imp = enc.section(2, [1, ...enc.str('env'), ...enc.str('memory'), 0x02, 0x00, 1]);
  const func = enc.section(3, [2, 0, 1]);
  const exp = enc.section(7, [2, ...enc.str('gemm'), 0x00, 0, ...enc.str('dw4'), 0x00, 1]);
  const bodies = [gemmBody(), dwBody()];
  const code = enc.section(10, [2, ...bodies.flatMap((b) => [...enc.u(b.length), ...b])]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imp, ...func, ...exp, ...code]);
}

export interface SimdKernels {
  /** Float32 view of the shared memory; re-read after reserve(). */
  f32: Float32Array;
  /** Makes sure `bytes` of linear memory exist. */
  reserve(bytes: number): void;
  gemm(ap: number, bp: number, c: number, mPanels: number, nPanels: number, K: number, ldc: number): void;
  dw4(x: number, w: number, bias: number, y: number, OH: number, OW: number, KH: number, KW: number, rowStep: number, colStep: number, dilY: number, dilX: number): void;
}

let instance: SimdKernels | null | undefined;

/** The SIMD kernels, or null where WebAssembly SIMD is unavailable (the JS kernel is used). */
export function simdKernels(): SimdKernels | null {
  if (instance !== undefined) return instance;
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return (instance = null);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const fn = inst.exports.gemm as SimdKernels['gemm'];
    const s: SimdKernels = {
      f32: new Float32Array(memory.buffer),
      reserve(n: number) {
        const have = memory.buffer.byteLength;
        if (n > have) memory.grow(Math.ceil((n - have) / 65536));
        if (s.f32.buffer !== memory.buffer) s.f32 = new Float32Array(memory.buffer);
      },
      gemm: fn,
      dw4: inst.exports.dw4 as SimdKernels['dw4'],
    };
    return (instance = s);
  } catch {
    return (instance = null);
  }
}
