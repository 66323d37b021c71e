/**
 * Generated op cases: fast-check draws shapes (broadcasting, empty dims), axes (negative
 * ones too) and values (±0, ±Inf, NaN, subnormals, extremes) per dtype, with a fixed seed
 * so every case id names the same case on every run. Expected values come from a float64
 * reference written here, independently of any adapter's kernels.
 */
import { type Adapter, type Attribute, type DataType, type Model, Session, Tensor, isAnychipError, validateAdapter } from '@anychip/core';
import fc from 'fast-check';
import type { CaseResult } from '../runner.js';
import { compareData, nodeBudget, sumBudgets } from '../tolerance.js';

type Num = number | bigint;
interface Case {
  inputs: Tensor[];
  attrs: Record<string, Attribute>;
  expected: Tensor;
  extraInputs?: Tensor[];
  /** For multi-node cases: the whole model (graph inputs x0, x1, ...; output y). */
  model?: Model;
  /** Arithmetic steps on the longest path to an output element, for the error budget. */
  steps?: number;
}
interface Gen {
  op: string;
  opset: number;
  dtypes: DataType[];
  /** Builds one case from a random source. */
  make: (dtype: DataType) => fc.Arbitrary<Case>;
}

const FLOAT_SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1.401298464324817e-45, -1.1754943508222875e-38, 3.4e38, -3.4e38, 1, -1, 0.5];
const RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647], uint32: [0, 4294967295] };
const CTOR: Record<string, any> = { float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array, uint32: Uint32Array, bool: Uint8Array };

/** Values of a dtype; `small` keeps integer arithmetic clear of overflow (which ONNX leaves undefined). */
function values(t: DataType, n: number, small = 0): fc.Arbitrary<Num[]> {
  if (t === 'float32' || t === 'float64') {
    const v = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...FLOAT_SPECIALS) }, { weight: 4, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) });
    // the reference must start from the values the adapter receives: float32 ones are rounded first
    return fc.array(v, { minLength: n, maxLength: n }).map((a) => (t === 'float32' ? a.map(Math.fround) : a));
  }
  if (t === 'bool') return fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n });
  if (t === 'int64') return fc.array(small ? fc.integer({ min: -small, max: small }).map(BigInt) : fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), { minLength: n, maxLength: n });
  const [lo, hi] = RANGE[t];
  return fc.array(small ? fc.integer({ min: Math.max(lo, -small), max: Math.min(hi, small) }) : fc.integer({ min: lo, max: hi }), { minLength: n, maxLength: n });
}

const size = (d: number[]) => d.reduce((a, b) => a * b, 1);
const tensor = (t: DataType, v: Num[], dims: number[]) => new Tensor(t, new CTOR[t](v) as never, dims);

/** A shape and a second one that broadcasts against it (dims replaced by 1, leading dims dropped). */
const broadcastPair = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }).chain((a) =>
  fc.tuple(fc.constant(a), fc.array(fc.boolean(), { minLength: a.length, maxLength: a.length }), fc.integer({ min: 0, max: a.length }))
    .map(([x, ones, drop]) => [x, x.map((d, i) => (ones[i] ? 1 : d)).slice(drop)] as [number[], number[]])
    .chain(([x, y]) => fc.boolean().map((swap) => (swap ? [y, x] : [x, y]) as [number[], number[]])));

function bcast(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const x = a[i - (r - a.length)] ?? 1, y = b[i - (r - b.length)] ?? 1;
    return x === 1 ? y : x;
  });
}
/** Element of a (dims) read at an output index of the broadcast shape `out`. */
function at(vals: Num[], dims: number[], out: number[], flat: number): Num {
  let off = 0, stride = 1, rest = flat;
  const idx = new Array<number>(out.length);
  for (let d = out.length - 1; d >= 0; d--) { idx[d] = rest % out[d]; rest = Math.floor(rest / out[d]); }
  for (let d = dims.length - 1; d >= 0; d--) {
    const i = idx[d + out.length - dims.length];
    off += (dims[d] === 1 ? 0 : i) * stride;
    stride *= dims[d];
  }
  return vals[off];
}

function binary(op: string, dtypes: DataType[], f: (x: any, y: any, t: DataType) => Num, out?: DataType, small = 0, nonzeroRhs = false): Gen {
  return {
    // opset 14: where Add/Sub/Mul/Div gained int8/uint8
    op, opset: 14, dtypes,
    make: (t) => broadcastPair.chain(([da, db]) => fc.tuple(values(t, size(da), small), values(t, size(db), small)).map(([a, b]) => {
      if (nonzeroRhs && t !== 'float32' && t !== 'float64') b = b.map((v) => (v === 0 || v === 0n ? (typeof v === 'bigint' ? 1n : 1) : v));
      const dims = bcast(da, db);
      const ot = out ?? t;
      const exp = Array.from({ length: size(dims) }, (_, i) => f(at(a, da, dims, i), at(b, db, dims, i), t));
      return { inputs: [tensor(t, a, da), tensor(t, b, db)], attrs: {}, expected: tensor(ot, exp, dims) };
    })),
  };
}

function unary(op: string, dtypes: DataType[], f: (x: any) => Num): Gen {
  return {
    op, opset: 13, dtypes,
    make: (t) => fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }).chain((d) => values(t, size(d)).map((v) => ({ inputs: [tensor(t, v, d)], attrs: {}, expected: tensor(t, v.map(f), d) }))),
  };
}

const cTrunc = (x: number) => (Number.isFinite(x) ? Math.trunc(x) : 0);
const NUM: DataType[] = ['float32', 'float64', 'int8', 'uint8', 'int32', 'int64'];
const FLOATS: DataType[] = ['float32', 'float64'];
const isF = (t: DataType) => t === 'float32' || t === 'float64';
const arith = (g: (x: number, y: number) => number, big: (x: bigint, y: bigint) => bigint) => (x: any, y: any, t: DataType) => (t === 'int64' ? big(x, y) : isF(t) ? g(x, y) : cTrunc(g(x, y)));

/** Reduction over negative and positive axes, keepdims on and off, empty inputs included. */
function reduce(op: string, fold: (vals: number[]) => number): Gen {
  return {
    op, opset: 13, dtypes: FLOATS,
    make: (t) => fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((d) =>
      fc.tuple(values(t, size(d)).map((v) => v.map((x) => (Number.isFinite(x as number) ? x : 1))), fc.subarray(d.map((_, i) => i), { minLength: 1 }), fc.boolean(), fc.array(fc.boolean(), { minLength: d.length, maxLength: d.length }))
        .map(([v, axes, keep, neg]) => {
          const sel = new Set(axes);
          const outDims = d.map((x, i) => (sel.has(i) ? 1 : x));
          const groups = new Map<number, number[]>();
          for (let f = 0; f < size(d); f++) {
            let rest = f, o = 0, stride = 1;
            for (let k = d.length - 1; k >= 0; k--) { const i = rest % d[k]; rest = Math.floor(rest / d[k]); o += (sel.has(k) ? 0 : i) * stride; stride *= outDims[k]; }
            (groups.get(o) ?? groups.set(o, []).get(o)!).push(v[f] as number);
          }
          const exp = Array.from({ length: size(outDims) }, (_, o) => fold(groups.get(o) ?? []));
          const axesAttr = axes.map((a) => (neg[a] ? a - d.length : a));
          const inputs = [tensor(t, v, d)];
          const attrs: Record<string, Attribute> = { keepdims: { type: 'int', value: keep ? 1 : 0 } };
          const extra = op === 'ReduceSum' ? [new Tensor('int64', BigInt64Array.from(axesAttr.map(BigInt)), [axesAttr.length])] : undefined;
          if (op !== 'ReduceSum') attrs.axes = { type: 'ints', value: axesAttr };
          return { inputs, attrs, extraInputs: extra, expected: tensor(t, exp, keep ? outDims : d.filter((_, i) => !sel.has(i))) };
        })),
  };
}

// ---- control flow whose bodies read the enclosing graph (values computed there, and weights) ----

const f32v = (n: number) => fc.array(fc.double({ min: -4, max: 4, noNaN: true }).map(Math.fround), { minLength: n, maxLength: n });
const vi = (name: string, dtype: DataType, shape: number[]) => ({ name, dtype, shape });
const sub = (name: string, nodes: Model['graph']['nodes'], inputs: Model['graph']['inputs'], outputs: Model['graph']['outputs']): Model['graph'] => ({ name, nodes, inputs, outputs, initializers: new Map(), valueInfo: new Map() });
const op = (opType: string, inputs: string[], outputs: string[], attributes: Record<string, Attribute> = {}) => ({ name: outputs[0], opType, domain: '', inputs, outputs, attributes });
const cfModel = (name: string, opset: number, nodes: Model['graph']['nodes'], inputs: Model['graph']['inputs'], out: number[], inits: Record<string, Tensor>): Model => ({
  irVersion: 8, opsetImports: { '': opset }, metadata: {},
  graph: { name, nodes, inputs, outputs: [vi('y', 'float32', out)], initializers: new Map(Object.entries(inits)), valueInfo: new Map() },
});
const r32 = Math.fround;

/** If: both branches read h = Relu(x0) from the main graph, one also the weight w. */
const ifOuter: Gen = {
  op: 'If', opset: 13, dtypes: ['float32'],
  make: () => fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(f32v(n), f32v(n), fc.boolean())).map(([x, w, c]) => {
    const n = x.length;
    const then = sub('then', [op('Add', ['h', 'w'], ['t'])], [], [vi('t', 'float32', [n])]);
    const els = sub('else', [op('Mul', ['h', 'x0'], ['e'])], [], [vi('e', 'float32', [n])]);
    const m = cfModel('if_outer', 13, [
      op('Relu', ['x0'], ['h']),
      op('If', ['x1'], ['y'], { then_branch: { type: 'graph', value: then }, else_branch: { type: 'graph', value: els } }),
    ], [vi('x0', 'float32', [n]), vi('x1', 'bool', [])], [n], { w: tensor('float32', w, [n]) });
    const h = x.map((v) => Math.max(v, 0));
    const exp = h.map((v, i) => (c ? r32(v + w[i]) : r32(v * x[i])));
    return { inputs: [tensor('float32', x, [n]), tensor('bool', [c ? 1 : 0], [])], attrs: {}, expected: tensor('float32', exp, [n]), model: m, steps: 2 };
  }),
};

/** Loop: carries s for a drawn trip count; the body reads the weight u and h = Relu(x0). */
const loopOuter: Gen = {
  op: 'Loop', opset: 13, dtypes: ['float32'],
  make: () => fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 })).chain(([n, trips]) => fc.tuple(f32v(n), f32v(n).map((u) => u.map((v) => r32(v / 4))), fc.constant(trips))).map(([x, u, trips]) => {
    const n = x.length;
    const body = sub('body', [
      op('Mul', ['s_in', 'u'], ['m']),
      op('Add', ['m', 'h'], ['s_out']),
      op('Identity', ['c_in'], ['c_out']),
      op('Identity', ['s_out'], ['scan']),
    ], [vi('i', 'int64', []), vi('c_in', 'bool', []), vi('s_in', 'float32', [n])], [vi('c_out', 'bool', []), vi('s_out', 'float32', [n]), vi('scan', 'float32', [n])]);
    const m = cfModel('loop_outer', 13, [
      op('Relu', ['x0'], ['h']),
      op('Loop', ['trips', 'go', 'x0'], ['final', 'y'], { body: { type: 'graph', value: body } }),
    ], [vi('x0', 'float32', [n])], [trips, n], {
      u: tensor('float32', u, [n]), trips: new Tensor('int64', BigInt64Array.from([BigInt(trips)]), []), go: new Tensor('bool', Uint8Array.from([1]), []),
    });
    const h = x.map((v) => Math.max(v, 0));
    const rows: number[] = [];
    let st = [...x];
    for (let k = 0; k < trips; k++) { st = st.map((v, i) => r32(r32(v * u[i]) + h[i])); rows.push(...st); }
    return { inputs: [tensor('float32', x, [n])], attrs: {}, expected: tensor('float32', rows, [trips, n]), model: m, steps: 2 * trips };
  }),
};

/** Scan: a running sum over the rows of x0, each step scaled by the main graph's weight w. */
const scanOuter: Gen = {
  op: 'Scan', opset: 11, dtypes: ['float32'],
  make: () => fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 })).chain(([len, n]) => fc.tuple(f32v(len * n), f32v(n), fc.constant(len))).map(([x, w, len]) => {
    const n = w.length;
    const body = sub('body', [
      op('Mul', ['xt', 'w'], ['m']),
      op('Add', ['acc_in', 'm'], ['acc_out']),
      op('Identity', ['acc_out'], ['row']),
    ], [vi('acc_in', 'float32', [n]), vi('xt', 'float32', [n])], [vi('acc_out', 'float32', [n]), vi('row', 'float32', [n])]);
    const m = cfModel('scan_outer', 11, [
      op('Scan', ['zero', 'x0'], ['total', 'y'], { body: { type: 'graph', value: body }, num_scan_inputs: { type: 'int', value: 1 } }),
    ], [vi('x0', 'float32', [len, n])], [len, n], { w: tensor('float32', w, [n]), zero: tensor('float32', new Array(n).fill(0), [n]) });
    const rows: number[] = [];
    let acc = new Array<number>(n).fill(0);
    for (let t = 0; t < len; t++) { acc = acc.map((a, i) => r32(a + r32(x[t * n + i] * w[i]))); rows.push(...acc); }
    return { inputs: [tensor('float32', x, [len, n])], attrs: {}, expected: tensor('float32', rows, [len, n]), model: m, steps: 2 * len };
  }),
};

export const GENERATORS: Gen[] = [
  binary('Add', NUM, arith((x, y) => x + y, (x, y) => x + y), undefined, 60),
  binary('Sub', NUM.filter((t) => t !== 'uint8'), arith((x, y) => x - y, (x, y) => x - y), undefined, 60),
  binary('Mul', NUM, arith((x, y) => x * y, (x, y) => x * y), undefined, 11),
  binary('Div', NUM, arith((x, y) => x / y, (x, y) => x / y), undefined, 0, true),
  binary('Max', NUM, (x, y) => (typeof x === 'number' && (Number.isNaN(x) || Number.isNaN(y)) ? NaN : x > y ? x : y)),
  binary('Min', NUM, (x, y) => (typeof x === 'number' && (Number.isNaN(x) || Number.isNaN(y)) ? NaN : x < y ? x : y)),
  binary('Equal', ['int32', 'int64', 'float32', 'bool'], (x, y) => (x === y ? 1 : 0), 'bool'),
  binary('Less', NUM, (x, y) => (x < y ? 1 : 0), 'bool'),
  binary('Greater', NUM, (x, y) => (x > y ? 1 : 0), 'bool'),
  unary('Relu', FLOATS, (x) => (x > 0 ? x : Object.is(x, -0) ? 0 : Number.isNaN(x) ? NaN : 0)),
  unary('Abs', NUM.filter((t) => t !== 'int8'), (x) => (typeof x === 'bigint' ? (x < 0n ? -x : x) : Math.abs(x))),
  unary('Neg', ['float32', 'float64', 'int32', 'int64'], (x) => (typeof x === 'bigint' ? -x : -x)),
  unary('Sqrt', FLOATS, Math.sqrt),
  unary('Exp', FLOATS, Math.exp),
  unary('Log', FLOATS, Math.log),
  unary('Tanh', FLOATS, Math.tanh),
  unary('Sigmoid', FLOATS, (x) => 1 / (1 + Math.exp(-x))),
  unary('Floor', FLOATS, Math.floor),
  unary('Ceil', FLOATS, Math.ceil),
  unary('Reciprocal', FLOATS, (x) => 1 / x),
  reduce('ReduceSum', (v) => v.reduce((a, b) => a + b, 0)),
  reduce('ReduceMean', (v) => v.reduce((a, b) => a + b, 0) / v.length),
  reduce('ReduceMax', (v) => Math.max(...v)),
  ifOuter,
  loopOuter,
  scanOuter,
];

function model(g: Gen, c: Case): Model {
  if (c.model) return c.model;
  const names = c.inputs.map((_, i) => `x${i}`);
  const extra = (c.extraInputs ?? []).map((_, i) => `c${i}`);
  return {
    irVersion: 8, opsetImports: { '': g.opset }, metadata: {},
    graph: {
      name: g.op, nodes: [{ name: g.op, opType: g.op, domain: '', inputs: [...names, ...extra], outputs: ['y'], attributes: c.attrs }],
      inputs: c.inputs.map((t, i) => ({ name: names[i], dtype: t.type, shape: [...t.dims] })),
      outputs: [{ name: 'y', dtype: c.expected.type }],
      initializers: new Map((c.extraInputs ?? []).map((t, i) => [extra[i], t])), valueInfo: new Map(),
    },
  };
}

/** Runs `perDtype` generated cases for every generator and dtype. Case ids: gen/<op>/<dtype>/<k>. */
export async function runGeneratedCases(adapter: Adapter<any, any>, opts: { perDtype?: number; seed?: number; filter?: RegExp } = {}): Promise<CaseResult[]> {
  const desc = validateAdapter(adapter);
  const per = opts.perDtype ?? 8;
  const out: CaseResult[] = [];
  for (const g of GENERATORS) for (const t of g.dtypes) {
    const samples = fc.sample(g.make(t), { seed: (opts.seed ?? 20261122) + g.op.length * 131 + t.length, numRuns: per });
    for (let k = 0; k < samples.length; k++) {
      const id = `gen/${g.op}/${t}/${k}`;
      if (opts.filter && !opts.filter.test(id)) continue;
      const c = samples[k];
      const t0 = performance.now();
      const ops = [{ op: g.op, dtype: t }];
      const shapes = `[${c.inputs.map((x) => x.dims.join('x') || 'scalar').join('], [')}]`;
      let s: Session | undefined;
      try {
        const m = model(g, c);
        s = await Session.create(m, { adapters: [adapter] });
        const feeds = Object.fromEntries(c.inputs.map((x, i) => [`x${i}`, x]));
        const got = (await s.run(feeds)).y;
        if (got.dims.join() !== c.expected.dims.join() || got.type !== c.expected.type) {
          out.push({ id, suite: 'generated', status: 'fail', ops, reason: `inputs ${shapes}: got ${got.type}[${got.dims}], expected ${c.expected.type}[${c.expected.dims}]`, ms: performance.now() - t0 });
          continue;
        }
        const one = nodeBudget(c.model ? { ...m.graph.nodes[0], opType: 'Add' } : m.graph.nodes[0], c.expected.type, c.inputs.map((x) => x.dims), desc.numerics);
        const budget = c.steps ? sumBudgets(new Array(c.steps).fill(one)) : one;
        if (desc.numerics.flushesSubnormals) budget.abs = Math.max(budget.abs, 1.2e-38);
        const exp = isF(c.expected.type) ? (c.expected.type === 'float32' ? Float32Array.from(c.expected.data as Float64Array) : c.expected.data) : c.expected.data;
        const cmp = compareData(got.data as ArrayLike<unknown>, exp as ArrayLike<unknown>, c.expected.type, budget);
        out.push(cmp.first
          ? { id, suite: 'generated', status: 'fail', ops, worst: cmp.worst, budget, reason: `inputs ${shapes}: element ${cmp.first.index}: got ${String(cmp.first.got)}, float64 reference ${String(cmp.first.expected)}`, ms: performance.now() - t0 }
          : { id, suite: 'generated', status: 'pass', ops, worst: cmp.worst, maxAbs: cmp.maxAbs, budget, ms: performance.now() - t0 });
      } catch (e) {
        const code = isAnychipError(e) ? (e as { code: string }).code : 'E_CRASH';
        out.push({ id, suite: 'generated', status: code === 'E_UNSUPPORTED' && !s ? 'skip' : 'error', ops, reason: `${code}: inputs ${shapes}: ${(e as Error).message.split('\n')[0]}`, ms: performance.now() - t0 });
      } finally {
        await s?.dispose();
      }
    }
  }
  return out;
}
