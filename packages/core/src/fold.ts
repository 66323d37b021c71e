/**
 * Constant evaluation for folding: the small integer and float arithmetic that models do on
 * shapes (Shape -> Gather -> Concat -> Reshape, Resize size computations). Core cannot use an
 * adapter's kernels, so these are written here, on small tensors only, following the ONNX
 * operator spec. A node whose inputs are all known is evaluated during type inference; the
 * fold pass then turns its outputs into initializers.
 */
import { type DataType, allocData, dtypeFromOnnx, isBigInt, isFloat } from './dtype.js';
import { attrInt, attrInts, attrTensor, type Node } from './ir.js';
import { broadcastShapes, stridesOf } from './shape.js';
import { Tensor, shapeSize } from './tensor.js';
import { sliceBounds } from './ops.js';

/** Largest tensor (elements) the evaluator reads or writes; folding is for shape arithmetic. */
export const FOLD_LIMIT = 1 << 16;

type Num = number | bigint;
/** Thrown inside an evaluator to leave the node to the runtime (too large, not representable). */
class NotFoldable extends Error {}
const tooBig = (n: number) => { if (n > FOLD_LIMIT) throw new NotFoldable(); };
type Evaluator = (node: Node, opset: number, inputs: (Tensor | undefined)[]) => Tensor[] | undefined;

const num = (t: Tensor): Num[] => Array.from(t.data as ArrayLike<Num>);
const ints = (t: Tensor | undefined): number[] | undefined => (t ? Array.from(t.data as ArrayLike<Num>, Number) : undefined);

/** Builds a tensor of `type` from JS values, converting numbers and bigints as the type needs. */
function make(type: DataType, values: readonly Num[], dims: readonly number[]): Tensor {
  const out = allocData(type, values.length) as unknown as Num[];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = type === 'string' ? v : isBigInt(type) ? (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))) : Number(v);
  }
  return new Tensor(type, out as never, dims);
}

/** Broadcast elementwise map over any number of inputs of concrete shapes. */
function broadcastMap(ts: Tensor[], outType: DataType, f: (xs: Num[]) => Num): Tensor {
  const dims = broadcastShapes(...ts.map((t) => t.dims));
  const n = shapeSize(dims);
  tooBig(n);
  const os = stridesOf(dims);
  const maps = ts.map((t) => {
    const s = stridesOf(t.dims);
    const off = dims.length - t.dims.length;
    return dims.map((d, i) => (i < off || t.dims[i - off] === 1 ? 0 : s[i - off]));
  });
  const datas = ts.map((t) => t.data as ArrayLike<Num>);
  const out: Num[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const xs: Num[] = [];
    for (let k = 0; k < ts.length; k++) {
      let j = 0, rem = i;
      for (let a = 0; a < dims.length; a++) { const c = Math.floor(rem / os[a]); rem -= c * os[a]; j += c * maps[k][a]; }
      xs.push(datas[k][j]);
    }
    out[i] = f(xs);
  }
  return make(outType, out, dims);
}

/**
 * Elementwise arithmetic. Integers of up to 16 bits are exact in a double, then wrap on
 * store as C does; 32-bit products need Math.imul (a double loses their low bits).
 */
function arith(op: (a: number, b: number) => number, big: (a: bigint, b: bigint) => bigint, int32?: (a: number, b: number) => number): Evaluator {
  return (_n, _o, [a, b]) => {
    if (!a || !b || a.type !== b.type || a.type === 'string' || a.type === 'bool' || a.type === 'float16' || a.type === 'bfloat16') return undefined;
    const t = a.type;
    if (isBigInt(t)) return [broadcastMap([a, b], t, ([x, y]) => big(x as bigint, y as bigint))];
    const f = int32 && (t === 'int32' || t === 'uint32') ? int32 : op;
    const round = t === 'float32' ? Math.fround : isFloat(t) ? (v: number) => v : Math.trunc;
    return [broadcastMap([a, b], t, ([x, y]) => round(f(x as number, y as number)))];
  };
}

function compare(f: (a: Num, b: Num) => boolean): Evaluator {
  return (_n, _o, [a, b]) => {
    if (!a || !b || a.type !== b.type || a.type === 'string' || a.type === 'float16' || a.type === 'bfloat16') return undefined;
    return [broadcastMap([a, b], 'bool', ([x, y]) => (f(x, y) ? 1 : 0))];
  };
}

function unaryFloat(f: (x: number) => number): Evaluator {
  return (_n, _o, [x]) => {
    if (!x || (x.type !== 'float32' && x.type !== 'float64')) return undefined;
    const r = x.type === 'float32' ? Math.fround : (v: number) => v;
    return [make(x.type, num(x).map((v) => r(f(v as number))), x.dims)];
  };
}

const INT_RANGE: Partial<Record<DataType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295], int64: [-(2 ** 63), 2 ** 63 - 1], uint64: [0, 2 ** 64 - 1],
};

/** A Cast of one value, or NotFoldable where C leaves the result undefined or runtimes round differently. */
function castValue(v: Num, to: DataType): Num {
  if (to === 'bool') return Number(v) !== 0 ? 1 : 0;
  if (typeof v === 'bigint') {
    // through a double, a large int64 would round twice on its way to float32
    if (v > 2n ** 53n || v < -(2n ** 53n)) throw new NotFoldable();
    return isFloat(to) ? (to === 'float32' ? Math.fround(Number(v)) : Number(v)) : isBigInt(to) ? v : Number(v);
  }
  if (isFloat(to)) return to === 'float32' ? Math.fround(v) : v;
  const t = Math.trunc(v);
  const [lo, hi] = INT_RANGE[to] ?? [0, -1];
  // NaN, Inf or out of range: undefined behaviour in C, runtimes differ; leave it to the run
  if (!(t >= lo && t <= hi)) throw new NotFoldable();
  return isBigInt(to) ? BigInt(t) : t;
}

const EVAL: Record<string, Evaluator> = {
  Identity: (_n, _o, [x]) => (x ? [x] : undefined),
  Size: (_n, _o, [x]) => (x ? [make('int64', [BigInt(x.size)], [])] : undefined),
  Add: arith((a, b) => a + b, (a, b) => BigInt.asIntN(64, a + b)),
  Sub: arith((a, b) => a - b, (a, b) => BigInt.asIntN(64, a - b)),
  Mul: arith((a, b) => a * b, (a, b) => BigInt.asIntN(64, a * b), Math.imul),
  Div: (n, o, ins) => {
    const [a, b] = ins;
    if (a && b && !isFloat(a.type) && num(b).some((v) => Number(v) === 0)) return undefined; // integer division by zero: the runtime says what happens
    return arith((x, y) => x / y, (x, y) => x / y)(n, o, ins);
  },
  Max: (n, o, ins) => (ins.length === 2 ? arith(Math.max, (a, b) => (a > b ? a : b))(n, o, ins) : undefined),
  Min: (n, o, ins) => (ins.length === 2 ? arith(Math.min, (a, b) => (a < b ? a : b))(n, o, ins) : undefined),
  Equal: compare((a, b) => a === b),
  Less: compare((a, b) => a < b),
  Greater: compare((a, b) => a > b),
  Not: (_n, _o, [x]) => (x?.type === 'bool' ? [make('bool', num(x).map((v) => (v ? 0 : 1)), x.dims)] : undefined),
  Floor: unaryFloat(Math.floor),
  Ceil: unaryFloat(Math.ceil),
  Neg: (_n, _o, [x]) => (x && x.type !== 'string' && x.type !== 'bool' && !x.type.startsWith('u') && x.type !== 'float16' && x.type !== 'bfloat16'
    ? [make(x.type, num(x).map((v) => (typeof v === 'bigint' ? BigInt.asIntN(64, -v) : -v)), x.dims)] : undefined),
  Where: (_n, _o, [c, a, b]) => {
    if (!c || !a || !b || c.type !== 'bool' || a.type !== b.type) return undefined;
    return [broadcastMap([c, a, b], a.type, ([k, x, y]) => (k ? x : y))];
  },
  Cast: (node, _o, [x]) => {
    const to = dtypeFromOnnx(attrInt(node, 'to', 0));
    if (!x || !to || [x.type, to].some((t) => t === 'string' || t === 'float16' || t === 'bfloat16')) return undefined;
    return [make(to, num(x).map((v) => castValue(v, to)), x.dims)];
  },
  Concat: (node, _o, ins) => {
    const ts = ins.filter((t): t is Tensor => !!t);
    if (!ts.length || ts.some((t) => t.type !== ts[0].type || t.dims.length !== ts[0].dims.length)) return undefined;
    const r = ts[0].dims.length;
    let axis = attrInt(node, 'axis', 0);
    if (axis < 0) axis += r;
    if (axis < 0 || axis >= r) return undefined;
    tooBig(ts.reduce((a, t) => a + t.size, 0));
    const outer = shapeSize(ts[0].dims.slice(0, axis));
    const out: Num[] = [];
    for (let o = 0; o < outer; o++) {
      for (const t of ts) {
        const block = shapeSize(t.dims.slice(axis));
        const d = t.data as ArrayLike<Num>;
        for (let i = 0; i < block; i++) out.push(d[o * block + i]);
      }
    }
    const dims = [...ts[0].dims];
    dims[axis] = ts.reduce((a, t) => a + t.dims[axis], 0);
    return [make(ts[0].type, out, dims)];
  },
  Gather: (node, _o, [x, idx]) => {
    if (!x || !idx || x.type === 'string') return undefined;
    const r = x.dims.length;
    let axis = attrInt(node, 'axis', 0);
    if (axis < 0) axis += r;
    if (axis < 0 || axis >= r) return undefined;
    const n = x.dims[axis];
    const ix = ints(idx)!.map((i) => (i < 0 ? i + n : i));
    if (ix.some((i) => i < 0 || i >= n)) return undefined; // out of range: the runtime reports it
    const outer = shapeSize(x.dims.slice(0, axis));
    const inner = shapeSize(x.dims.slice(axis + 1));
    tooBig(outer * ix.length * inner);
    const d = x.data as ArrayLike<Num>;
    const out: Num[] = [];
    for (let o = 0; o < outer; o++) for (const i of ix) for (let k = 0; k < inner; k++) out.push(d[(o * n + i) * inner + k]);
    return [make(x.type, out, [...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)])];
  },
  Unsqueeze: (node, opset, [x, axesT]) => {
    if (!x) return undefined;
    const axes = opset >= 13 ? ints(axesT) : attrInts(node, 'axes');
    if (!axes) return undefined;
    const r = x.dims.length + axes.length;
    const ax = new Set(axes.map((a) => (a < 0 ? a + r : a)));
    const dims: number[] = [];
    let j = 0;
    for (let i = 0; i < r; i++) dims.push(ax.has(i) ? 1 : x.dims[j++]);
    return [x.reshape(dims)];
  },
  Squeeze: (node, opset, [x, axesT]) => {
    if (!x) return undefined;
    const axes = opset >= 13 ? ints(axesT) : attrInts(node, 'axes');
    const ax = new Set((axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => (a < 0 ? a + x.dims.length : a)));
    if ([...ax].some((a) => x.dims[a] !== 1)) return undefined;
    return [x.reshape(x.dims.filter((_, i) => !ax.has(i)))];
  },
  Reshape: (node, opset, [x, shapeT]) => {
    if (!x) return undefined;
    const target = opset < 5 ? attrInts(node, 'shape') : ints(shapeT);
    if (!target) return undefined;
    const allowZero = attrInt(node, 'allowzero', 0) === 1;
    const dims = target.map((d, i) => (d === 0 && !allowZero ? x.dims[i] : d));
    const neg = dims.indexOf(-1);
    if (neg >= 0) {
      const rest = dims.reduce((a, d, i) => (i === neg ? a : a * d), 1);
      if (rest === 0) return undefined;
      dims[neg] = x.size / rest;
    }
    if (dims.some((d) => !Number.isInteger(d) || d < 0) || shapeSize(dims) !== x.size) return undefined;
    return [x.reshape(dims)];
  },
  Slice: (node, opset, [x, st, en, ax, sp]) => {
    if (!x) return undefined;
    const starts = opset < 10 ? attrInts(node, 'starts') : ints(st);
    const ends = opset < 10 ? attrInts(node, 'ends') : ints(en);
    if (!starts || !ends) return undefined;
    const axes = (opset < 10 ? attrInts(node, 'axes') : ints(ax)) ?? starts.map((_, i) => i);
    const steps = (opset < 10 ? undefined : ints(sp)) ?? starts.map(() => 1);
    if (steps.some((s) => s === 0)) return undefined;
    const r = x.dims.length;
    const begin = x.dims.map(() => 0), step = x.dims.map(() => 1), count = [...x.dims];
    axes.forEach((a0, i) => {
      const a = a0 < 0 ? a0 + r : a0;
      const [s, e] = sliceBounds(x.dims[a], starts[i], ends[i], steps[i]);
      begin[a] = s;
      step[a] = steps[i];
      count[a] = Math.max(0, Math.ceil((e - s) / steps[i]));
    });
    const xs = stridesOf(x.dims);
    const os = stridesOf(count);
    const n = shapeSize(count);
    const d = x.data as ArrayLike<Num>;
    const out: Num[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let j = 0, rem = i;
      for (let a = 0; a < r; a++) { const c = Math.floor(rem / os[a]); rem -= c * os[a]; j += (begin[a] + c * step[a]) * xs[a]; }
      out[i] = d[j];
    }
    return [make(x.type, out, count)];
  },
  Range: (_n, _o, [s, l, d]) => {
    // float Range: runtimes accumulate `+= delta` in the float type, the spec says start + i * delta; leave it to the run
    if (!s || !l || !d || s.size !== 1 || l.size !== 1 || d.size !== 1 || isFloat(s.type)) return undefined;
    const [a, b, c] = [s, l, d].map((t) => Number((t.data as ArrayLike<Num>)[0]));
    if (c === 0) return undefined;
    const n = Math.max(0, Math.ceil((b - a) / c));
    if (n > FOLD_LIMIT) return undefined;
    const vals = Array.from({ length: n }, (_, i) => a + i * c);
    return [make(s.type, vals, [n])];
  },
  ConstantOfShape: (node, _o, [shapeT]) => {
    const dims = ints(shapeT);
    if (!dims || dims.some((v) => v < 0) || shapeSize(dims) > FOLD_LIMIT) return undefined;
    const v = attrTensor(node, 'value');
    const type = v?.type ?? 'float32';
    if (type === 'string' || type === 'float16' || type === 'bfloat16') return undefined;
    const fill = v ? (v.data as ArrayLike<Num>)[0] : 0;
    return [make(type, new Array(shapeSize(dims)).fill(fill), dims)];
  },
  Expand: (_n, _o, [x, shapeT]) => {
    const dims = ints(shapeT);
    if (!x || !dims || x.type === 'string') return undefined;
    const out = broadcastShapes(x.dims, dims);
    if (shapeSize(out) > FOLD_LIMIT) return undefined;
    return [broadcastMap([x, make(x.type, new Array(shapeSize(out)).fill(isBigInt(x.type) ? 0n : 0), out)], x.type, ([v]) => v)];
  },
};

/**
 * Evaluates a node of the default domain whose inputs are all known (omitted optional inputs
 * are undefined). Returns undefined when the op is not foldable here, a value is too large,
 * or the inputs are not what the spec allows: the node then simply runs at run time.
 */
export function evaluateNode(node: Node, opset: number, inputs: (Tensor | undefined)[]): Tensor[] | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;
  const f = EVAL[node.opType];
  if (!f || inputs.some((t) => t && t.size > FOLD_LIMIT)) return undefined;
  try {
    const out = f(node, opset, inputs);
    return out && out.every((t) => t.size <= FOLD_LIMIT) ? out : undefined;
  } catch {
    return undefined;
  }
}
