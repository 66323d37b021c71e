/**
 * The tolerance policy, as data. An element passes when
 *
 *   |got - expected| <= abs + rel * |expected|     or     ulpDistance(got, expected) <= ulp
 *
 * with (abs, rel, ulp) from the output dtype's base budget, widened by the op's entry,
 * and, for ops that accumulate over K terms (matmul, conv, reductions), by K times the
 * unit roundoff of the adapter's declared accumulation type. A graph's budget is the
 * sum of its nodes' budgets. docs/numerics.md explains it for adapter authors.
 */
import { type DataType, type Node, type ResolvedAdapterDescription, type Tensor, bf16ToFloat, halfToFloat } from '@anychip/core';

/** What an adapter declares about its arithmetic (`validateAdapter(a).numerics`). */
export type Numerics = ResolvedAdapterDescription['numerics'];

export interface Budget {
  abs: number;
  rel: number;
  ulp: number;
}

/** Base budgets per output dtype. Floats start from ONNX's own backend-test tolerance (rtol 1e-3). */
export const BASE: Record<DataType, Budget> = {
  float64: { abs: 1e-7, rel: 1e-3, ulp: 4 },
  float32: { abs: 1e-7, rel: 1e-3, ulp: 4 },
  float16: { abs: 1e-3, rel: 1e-3, ulp: 2 },
  bfloat16: { abs: 1e-2, rel: 1e-2, ulp: 2 },
  int8: { abs: 0, rel: 0, ulp: 0 }, int16: { abs: 0, rel: 0, ulp: 0 }, int32: { abs: 0, rel: 0, ulp: 0 }, int64: { abs: 0, rel: 0, ulp: 0 },
  uint8: { abs: 0, rel: 0, ulp: 0 }, uint16: { abs: 0, rel: 0, ulp: 0 }, uint32: { abs: 0, rel: 0, ulp: 0 }, uint64: { abs: 0, rel: 0, ulp: 0 },
  bool: { abs: 0, rel: 0, ulp: 0 }, string: { abs: 0, rel: 0, ulp: 0 },
};

/** How K is read off a node's input shapes, for ops whose error grows with it. */
export type KRule = 'matmul' | 'gemm' | 'conv' | 'convtranspose' | 'reduce' | 'axis' | 'spatial' | 'channels' | 'sequence';

export interface OpPolicy {
  /** Added to the base budget. */
  extra?: Partial<Budget>;
  /** The op sums K terms: rel and abs grow by K x unit roundoff of the accumulation type. */
  k?: KRule;
  /** Why this op gets what it gets (printed in reports). */
  why: string;
}

export const OPS: Record<string, OpPolicy> = {
  MatMul: { k: 'matmul', why: 'dot products of length K' },
  Gemm: { k: 'gemm', why: 'dot products of length K' },
  MatMulInteger: { why: 'integer, exact' },
  Conv: { k: 'conv', why: 'dot products of length Cin/group x kernel area' },
  ConvTranspose: { k: 'convtranspose', why: 'sums over Cin/group x kernel area' },
  ConvInteger: { why: 'integer, exact' },
  Einsum: { k: 'reduce', why: 'sums over contracted dims' },
  ReduceSum: { k: 'reduce', why: 'sum of K terms' },
  ReduceMean: { k: 'reduce', why: 'sum of K terms' },
  ReduceProd: { k: 'reduce', why: 'product of K terms' },
  ReduceSumSquare: { k: 'reduce', why: 'sum of K squares' },
  ReduceL1: { k: 'reduce', why: 'sum of K terms' },
  ReduceL2: { k: 'reduce', why: 'sum of K squares, then sqrt' },
  ReduceLogSum: { k: 'reduce', why: 'sum of K terms, then log' },
  ReduceLogSumExp: { k: 'reduce', why: 'sum of K exponentials, then log' },
  Softmax: { k: 'axis', why: 'normalises by a sum over the axis' },
  LogSoftmax: { k: 'axis', why: 'normalises by a sum over the axis' },
  Hardmax: { why: 'exact selection' },
  CumSum: { k: 'axis', why: 'running sums' },
  GlobalAveragePool: { k: 'spatial', why: 'mean over the spatial dims' },
  GlobalLpPool: { k: 'spatial', why: 'norm over the spatial dims' },
  AveragePool: { k: 'spatial', why: 'mean over the window' },
  LpPool: { k: 'spatial', why: 'norm over the window' },
  BatchNormalization: { extra: { rel: 1e-5 }, why: 'scale and shift with a rsqrt' },
  InstanceNormalization: { k: 'spatial', why: 'mean and variance over the spatial dims' },
  LayerNormalization: { k: 'axis', why: 'mean and variance over the normalised dims' },
  MeanVarianceNormalization: { k: 'spatial', why: 'mean and variance over the reduced dims' },
  LpNormalization: { k: 'axis', why: 'norm over the axis' },
  LRN: { k: 'channels', extra: { rel: 1e-4 }, why: 'windowed sum of squares, then pow' },
  RNN: { k: 'sequence', why: 'recurrences over the sequence' },
  GRU: { k: 'sequence', why: 'recurrences over the sequence' },
  LSTM: { k: 'sequence', why: 'recurrences over the sequence' },
  DFT: { k: 'axis', extra: { abs: 1e-5 }, why: 'sums of K twiddled terms; exact zeros come out as ~K x eps' },
  STFT: { k: 'axis', extra: { abs: 1e-5 }, why: 'windowed DFTs' },
  Exp: { extra: { ulp: 8 }, why: 'transcendental' },
  Log: { extra: { ulp: 8 }, why: 'transcendental' },
  Pow: { extra: { ulp: 8 }, why: 'transcendental' },
  Sigmoid: { extra: { ulp: 8 }, why: 'transcendental' },
  Tanh: { extra: { ulp: 8 }, why: 'transcendental' },
  Erf: { extra: { ulp: 16, abs: 1e-6 }, why: 'approximated special function' },
  Gelu: { extra: { ulp: 16, abs: 1e-6 }, why: 'erf or tanh approximation' },
};

/** Unit roundoff (half an ULP at 1) of each type an adapter may accumulate or store in. */
export const UNIT_ROUNDOFF: Readonly<Record<string, number>> = { float64: 2 ** -53, float32: 2 ** -24, tf32: 2 ** -11, float16: 2 ** -11, bfloat16: 2 ** -8 };

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** K for a node, given its input shapes (undefined where not known). */
export function kOf(rule: KRule, node: Node, shapes: (readonly number[] | undefined)[]): number {
  const x = shapes[0], w = shapes[1];
  switch (rule) {
    case 'matmul': return x?.length ? x[x.length - 1] : 1;
    case 'gemm': return x ? Math.max(...x) : 1;
    case 'conv': return w ? prod(w.slice(1)) : 1;
    case 'convtranspose': return w ? w[0] * prod(w.slice(2)) : 1;
    case 'reduce': case 'spatial': return x ? Math.max(1, prod(x.slice(2)) || prod(x)) : 1;
    case 'axis': return x ? Math.max(1, ...x) : 1;
    case 'channels': return x?.[1] ?? 1;
    case 'sequence': return x ? x[0] * 8 : 1;
  }
  void node;
  return 1;
}

/** The budget of one node for an output dtype on an adapter with the given numerics. */
export function nodeBudget(node: Node, dtype: DataType, shapes: (readonly number[] | undefined)[], numerics: Numerics): Budget {
  const base = { ...BASE[dtype] };
  if (base.abs === 0 && base.rel === 0) return base; // exact types stay exact
  const p = OPS[node.opType];
  if (p?.extra) {
    base.abs += p.extra.abs ?? 0;
    base.rel += p.extra.rel ?? 0;
    base.ulp += p.extra.ulp ?? 0;
  }
  // storage in a narrower type than float32 widens everything to that type's budget
  if (dtype === 'float32' && numerics.float32Storage !== 'float32') {
    const n = BASE[numerics.float32Storage];
    base.abs = Math.max(base.abs, n.abs);
    base.rel = Math.max(base.rel, n.rel);
  }
  if (p?.k) {
    const u = Math.max(UNIT_ROUNDOFF[numerics.accumulate] ?? 0, dtype === 'float64' ? UNIT_ROUNDOFF.float64 : UNIT_ROUNDOFF.float32);
    const k = kOf(p.k, node, shapes);
    base.rel += k * u;
    base.abs += k * u;
  }
  return base;
}

/** Sums node budgets over a graph (WebNN's rule for composite graphs). */
export function sumBudgets(bs: Budget[]): Budget {
  if (bs.length === 0) return { abs: 0, rel: 0, ulp: 0 };
  return bs.reduce((a, b) => ({ abs: a.abs + b.abs, rel: a.rel + b.rel, ulp: a.ulp + b.ulp }), { abs: 0, rel: 0, ulp: 0 });
}

/**
 * Whole-model agreement for float32 math (issue 2's acceptance bar): every element within
 * abs 1e-4 + rel 1e-3 of the reference. Used for real-model cases, the demo and `anychip run
 * --compare`; `modelBudget` widens it for adapters that declare narrower arithmetic.
 */
export const MODEL_BUDGET: Readonly<Budget> = Object.freeze({ abs: 1e-4, rel: 1e-3, ulp: 0 });

/**
 * The whole-model budget for adapters with the given numerics: MODEL_BUDGET scaled by the
 * ratio of the widest declared accumulation or storage type's unit roundoff to float32's.
 * Pass both sides' numerics when two adapters are compared with each other.
 */
export function modelBudget(...numerics: Numerics[]): Budget {
  const u32 = UNIT_ROUNDOFF.float32;
  let scale = 1;
  for (const n of numerics) {
    scale = Math.max(scale, (UNIT_ROUNDOFF[n.accumulate] ?? u32) / u32);
    if (n.float32Storage !== 'float32') scale = Math.max(scale, (UNIT_ROUNDOFF[n.float32Storage] ?? u32) / u32);
  }
  return { abs: MODEL_BUDGET.abs * scale, rel: MODEL_BUDGET.rel * scale, ulp: 0 };
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Distance in units in the last place between two floats of the given width. */
export function ulpDistance(a: number, b: number, dtype: DataType): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  if (dtype === 'float64') {
    const ord = (v: number) => { f64[0] = v; const x = i64[0]; return x < 0n ? -(x & 0x7fffffffffffffffn) : x; };
    const d = ord(a) - ord(b);
    return Number(d < 0n ? -d : d);
  }
  const ord = (v: number) => { f32[0] = v; const x = i32[0]; return x < 0 ? -(x & 0x7fffffff) : x; };
  return Math.abs(ord(a) - ord(b));
}

export interface Mismatch {
  index: number;
  got: number | string | bigint;
  expected: number | string | bigint;
  absErr: number;
}

/**
 * Compares two tensors' data under a budget. Returns the worst element's error as a
 * fraction of its allowance (<= 1 passes) and the first element outside the budget.
 */
export function compareData(got: ArrayLike<unknown>, expected: ArrayLike<unknown>, dtype: DataType, b: Budget): { worst: number; maxAbs: number; first?: Mismatch } {
  let worst = 0, maxAbs = 0;
  let first: Mismatch | undefined;
  const exact = b.abs === 0 && b.rel === 0 && b.ulp === 0;
  for (let i = 0; i < expected.length; i++) {
    const g = got[i] as number, e = expected[i] as number;
    if (exact || typeof e !== 'number') {
      if (g !== e && !(Number.isNaN(g) && Number.isNaN(e))) { worst = Infinity; first ??= { index: i, got: g, expected: e, absErr: Math.abs(Number(g) - Number(e)) }; }
      continue;
    }
    if (Number.isNaN(g) && Number.isNaN(e)) continue;
    if (g === e) continue;
    const d = Math.abs(g - e);
    if (d > maxAbs || Number.isNaN(d)) maxAbs = d;
    const allowance = b.abs + b.rel * Math.abs(e);
    let ratio = allowance > 0 ? d / allowance : Infinity;
    if (Number.isNaN(ratio)) ratio = Infinity;
    if (ratio > 1 && b.ulp > 0 && ulpDistance(g, e, dtype) <= b.ulp) ratio = 1;
    if (ratio > worst) worst = ratio;
    if (ratio > 1) first ??= { index: i, got: g, expected: e, absErr: d };
  }
  return { worst, maxAbs, first };
}

/** A tensor's elements as values: half-precision bits are decoded, so comparisons see numbers. */
export function valuesOf(t: Tensor): ArrayLike<unknown> {
  if (t.type === 'float16') return Float64Array.from(t.data as Uint16Array, halfToFloat);
  if (t.type === 'bfloat16') return Float64Array.from(t.data as Uint16Array, bf16ToFloat);
  return t.data as ArrayLike<unknown>;
}

/** The verdict on one tensor against its reference. */
export interface Agreement {
  agrees: boolean;
  /** The worst element's error as a fraction of its allowance (<= 1 agrees; Infinity for a shape or type mismatch). */
  worst: number;
  maxAbs: number;
  /** The budget that applied (exact for integer, bool and string tensors). */
  budget: Budget;
  /** Why it does not agree: the shape, the type, or the first element out of budget. */
  reason?: string;
  first?: Mismatch;
}

/**
 * Compares a tensor with a reference under a budget, element by element (NaN equals NaN).
 * Integer, bool and string tensors must match exactly whatever the budget.
 */
export function compareTensors(got: Tensor, expected: Tensor, budget: Budget): Agreement {
  const b = BASE[expected.type].abs === 0 && BASE[expected.type].rel === 0 ? BASE[expected.type] : budget;
  const no = (reason: string): Agreement => ({ agrees: false, worst: Infinity, maxAbs: NaN, budget: b, reason });
  if (got.type !== expected.type) return no(`type ${got.type} vs ${expected.type}`);
  if (got.dims.length !== expected.dims.length || got.dims.some((d, i) => d !== expected.dims[i])) return no(`shape [${got.dims.join(', ')}] vs [${expected.dims.join(', ')}]`);
  const c = compareData(valuesOf(got), valuesOf(expected), expected.type, b);
  const f = c.first;
  return {
    agrees: !f, worst: c.worst, maxAbs: c.maxAbs, budget: b, first: f,
    reason: f ? `element ${f.index}: ${String(f.got)} vs ${String(f.expected)} (|diff| ${f.absErr}; budget abs ${b.abs} + rel ${b.rel}${b.ulp ? ` or ${b.ulp} ulp` : ''})` : undefined,
  };
}

/** Compares every output a reference has; agrees only when each one does (a missing output does not). */
export function compareOutputs(got: Record<string, Tensor>, expected: Record<string, Tensor>, budget: Budget): Agreement & { outputs: Record<string, Agreement> } {
  const outputs: Record<string, Agreement> = {};
  for (const [k, e] of Object.entries(expected)) {
    outputs[k] = got[k] ? compareTensors(got[k], e, budget) : { agrees: false, worst: Infinity, maxAbs: NaN, budget, reason: 'missing' };
  }
  const all = Object.entries(outputs);
  const bad = all.find(([, a]) => !a.agrees);
  return {
    agrees: !bad, worst: Math.max(0, ...all.map(([, a]) => a.worst)), maxAbs: Math.max(0, ...all.map(([, a]) => a.maxAbs)), budget,
    reason: bad ? `output '${bad[0]}': ${bad[1].reason}` : undefined, first: bad?.[1].first, outputs,
  };
}

/** One line for people: the verdict and the worst element's share of its allowance. */
export function verdict(a: Pick<Agreement, 'agrees' | 'worst'>): string {
  const share = Number.isFinite(a.worst) ? `${(a.worst * 100).toFixed(a.worst < 0.1 ? 2 : 1)}% of its allowance` : 'out of budget';
  return `${a.agrees ? 'agrees' : 'DISAGREES'} (worst element ${share})`;
}
