/**
 * The scalar maths of every op the cpu adapter fuses, written once: the unfused kernels
 * (elementwise.ts) and the fused-loop generator (fuse.ts) both call these functions, so
 * the two paths cannot drift apart.
 *
 * Semantics: the ONNX spec's text, then its numpy reference where the text is silent, and
 * onnxruntime where the two disagree (each such case says so below).
 *
 * Functions compute in float64 and leave the final rounding to the caller (a typed-array
 * store, or Math.fround in a fused loop). Ops whose float32 reference rounds more than
 * once (HardSigmoid, HardSwish) take `round`, so they land on the bits numpy (NEP 50: the
 * Python-float attributes stay float32) and onnxruntime give; a double-rounded float64
 * evaluation is 1 ulp off there on ~10% of ordinary inputs.
 */
import { type DataType, type Node, attrFloat } from '@anychip/core';

export type Round = (x: number) => number;
export type UnaryFn = (x: number) => number;
export type BinaryFn = (x: number, y: number) => number;

const keep: Round = (x) => x;

/** Rounds intermediates to the tensor's element type. */
export function roundFor(type: DataType): Round {
  return type === 'float32' ? Math.fround : keep;
}

// ONNX float attributes are float32; an in-memory model may carry wider values
const attr = (n: Node, name: string, dflt: number) => Math.fround(attrFloat(n, name, dflt));

// v < 0 / v > 1 are both false for NaN, so NaN passes through as in numpy's clip
const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Per unary op: node attributes and the rounding of intermediates -> the scalar function. */
export const UNARY: Record<string, (node: Node, round: Round) => UnaryFn> = {
  // numpy's maximum(x, 0): NaN propagates, and -0 gives +0 (IEEE maximum orders -0 below
  // +0). onnxruntime 1.30 gives -0 for -0; the reference wins where the spec names it.
  Relu: () => (x) => (x > 0 || x !== x ? x : 0),
  Neg: () => (x) => -x,
  // Math.abs, not x < 0 ? -x : x, which keeps -0
  Abs: () => (x) => Math.abs(x),
  Sqrt: () => (x) => Math.sqrt(x),
  Exp: () => (x) => Math.exp(x),
  Tanh: () => (x) => Math.tanh(x),
  // exp of a negative argument only, so neither branch overflows: +-Inf give 1 and 0
  Sigmoid: () => (x) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  HardSigmoid: (n, round) => {
    const alpha = attr(n, 'alpha', 0.2), beta = attr(n, 'beta', 0.5);
    return (x) => clamp01(round(round(alpha * x) + beta));
  },
  // the spec's function body: x * HardSigmoid(x, alpha = 1/6, beta = 0.5), alpha a float32
  HardSwish: (_, round) => {
    const alpha = Math.fround(1 / 6);
    return (x) => x * clamp01(round(round(alpha * x) + 0.5));
  },
  // x >= 0 keeps -0 as -0 (numpy's reference gives -0 too); NaN * alpha is NaN
  LeakyRelu: (n) => {
    const alpha = attr(n, 'alpha', 0.01);
    return (x) => (x >= 0 ? x : alpha * x);
  },
};

/** Per binary op. Integer tensors use these too: the typed-array store wraps and truncates. */
export const BINARY: Record<string, BinaryFn> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  Div: (x, y) => x / y,
};

/** int64/uint64 (bigint) versions of the ops that take them. */
export const BIG_UNARY: Record<string, (x: bigint) => bigint> = {
  Abs: (x) => (x < 0n ? -x : x),
  Neg: (x) => -x,
};
export const BIG_BINARY: Record<string, (x: bigint, y: bigint) => bigint> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  // ONNX leaves integer division by zero undefined; 0 rather than a thrown RangeError
  Div: (x, y) => (y === 0n ? 0n : x / y),
};

/**
 * Clip to [lo, hi] as numpy's clip, minimum(maximum(x, lo), hi): NaN passes through, and
 * lo > hi gives hi. A NaN bound clips nothing (numpy would give NaN): onnxruntime's order
 * of comparisons, and the spec's "replaced by min" never holds against NaN.
 */
export function clipFn<T extends number | bigint>(lo: T, hi: T): (x: T) => T {
  // min(lo, hi) up front keeps the per-element test to two compares (~10% faster)
  const under = lo > hi ? hi : lo;
  return (x) => (x < lo ? under : x > hi ? hi : x);
}

const FLT_MAX = 3.4028234663852886e38;

/**
 * Clip's bounds: attributes before opset 11, optional scalar inputs after. An absent bound
 * is the type's lowest()/max(), as the spec says and onnxruntime does, so +-Inf clip to
 * +-FLT_MAX; the numpy reference leaves them infinite.
 */
export function clipBounds(node: Node, opset: number, type: DataType, min?: number | bigint, max?: number | bigint): [number | bigint, number | bigint] {
  if (opset < 11) return [attr(node, 'min', -FLT_MAX), attr(node, 'max', FLT_MAX)];
  const [lo, hi] = type === 'int64' || type === 'uint64' ? [-(2n ** 64n), 2n ** 64n]
    : type === 'float32' ? [-FLT_MAX, FLT_MAX]
    : type === 'float64' ? [-Number.MAX_VALUE, Number.MAX_VALUE]
    : [-Infinity, Infinity]; // narrower ints: nothing lies outside
  return [min ?? lo, max ?? hi];
}
