/**
 * Elementwise maths on special values: fused loops and unfused kernels must agree bit for
 * bit (they share elementwise-math.ts), and the kernels must agree with onnxruntime.
 */
import { type Adapter, type Attribute, type DataType, type Model, type Node, Session, Tensor, type ValueInfo } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attrs, ort, runOrt } from '../../../test/helpers.js';

// the opset-6 Clip cases make onnxruntime warn that it only guarantees opset 7 and up
ort.env.logLevel = 'error';

const f32 = (bits: number[]) => new Float32Array(new Uint32Array(bits).buffer);
const SPECIAL = f32([
  0x00000000, 0x80000000, // +-0
  0x7f800000, 0xff800000, // +-Inf
  0x7fc00000, 0xffc00000, 0x7fc12345, // NaN, negative NaN, NaN with a payload
  0x00000001, 0x80000001, // smallest subnormals
  0x007fffff, 0x807fffff, // largest subnormals
  0x00800000, 0x80800000, // smallest normals
  0x7f7fffff, 0xff7fffff, // +-FLT_MAX
]);
const ORDINARY = [1, -1, 0.5, -0.5, 2.5, -2.5, 3, -3, 6, -6, 0.1, -0.1, 1 / 3, 1e-30, -1e-30, 100, -100, 88.5, 89, -104, -110];
const VALUES = new Float32Array([...SPECIAL, ...ORDINARY]);
const N = VALUES.length;

/** Every ordered pair of VALUES, as two same-shape tensors. */
const GRID_A = new Float32Array(N * N), GRID_B = new Float32Array(N * N);
for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) { GRID_A[i * N + j] = VALUES[i]; GRID_B[i * N + j] = VALUES[j]; }

const bitsOf = (a: ArrayLike<number>) => new Uint32Array(Float32Array.from(a).buffer);
const hex = (b: number) => `0x${b.toString(16).padStart(8, '0')}`;
const show = (v: number) => (Number.isNaN(v) ? `NaN(${hex(bitsOf([v])[0])})` : Object.is(v, -0) ? '-0' : String(v));

interface Spec { inputs: ValueInfo[]; outputs: string[]; nodes: [string, string[], string[], Record<string, Attribute>?][]; inits?: Record<string, Tensor>; opset?: number }
let counter = 0;
function model(s: Spec): Model {
  const nodes: Node[] = s.nodes.map(([opType, inputs, outputs, a]) => ({ name: `n${counter++}`, opType, domain: '', inputs, outputs, attributes: a ?? {} }));
  return {
    irVersion: 8, opsetImports: { '': s.opset ?? 13 }, metadata: {},
    graph: {
      name: 'g', nodes, inputs: s.inputs,
      outputs: s.outputs.map((name) => ({ name, dtype: s.inputs[0].dtype })),
      initializers: new Map(Object.entries(s.inits ?? {})), valueInfo: new Map(),
    },
  };
}
const scalar = (v: number, type: DataType = 'float32') => new Tensor(type, (type === 'float32' ? new Float32Array([v]) : type === 'int64' ? new BigInt64Array([BigInt(v)]) : new Int32Array([v])) as never, []);
const input = (name: string, dims: number[], dtype: DataType = 'float32'): ValueInfo => ({ name, dtype, shape: dims });

/** cpu() that records the steps it compiled, so a test can tell fusion happened. */
function recordingCpu(): { adapter: Adapter<any, any>; steps: string[] } {
  const a = cpu();
  const steps: string[] = [];
  const adapter = { ...a, compile: async (sg: any) => { const c: any = await a.compile(sg); steps.push(...c.steps.map((s: { opType: string }) => s.opType)); return c; } };
  return { adapter: adapter as Adapter<any, any>, steps };
}

/** Runs `m` fused and unfused; expects every output fused and bit-identical. */
async function fusedMatchesUnfused(m: Model, feeds: Record<string, Tensor>, describeInput: (output: string, i: number) => string): Promise<void> {
  const rec = recordingCpu();
  const fused = await (await Session.create(m, { adapters: [rec.adapter] })).run(feeds);
  expect(rec.steps.length, 'steps').toBe(m.graph.outputs.length);
  expect(rec.steps.every((s) => s.startsWith('Fused(')), rec.steps.join()).toBe(true);
  const plain = await (await Session.create(m, { adapters: [cpu({ fuse: false })] })).run(feeds);
  for (const { name } of m.graph.outputs) {
    const a = bitsOf(fused[name].data as Float32Array), b = bitsOf(plain[name].data as Float32Array);
    const bad: string[] = [];
    for (let i = 0; i < a.length && bad.length < 5; i++) if (a[i] !== b[i]) bad.push(`${describeInput(name, i)}: fused ${hex(a[i])}, unfused ${hex(b[i])}`);
    expect(bad, `${m.graph.nodes.map((n) => n.opType).join(',')} ${name}`).toEqual([]);
  }
}

interface UnaryCase { name: string; op: string; attrs?: Record<string, Attribute>; opset?: number; bounds?: (number | undefined)[] }
const UNARY_CASES: UnaryCase[] = [
  ...['Relu', 'Neg', 'Abs', 'Sqrt', 'Exp', 'Tanh', 'Sigmoid', 'HardSigmoid', 'LeakyRelu'].map((op) => ({ name: op, op })),
  { name: 'HardSigmoid alpha 0.3 beta 0.7', op: 'HardSigmoid', attrs: attrs({ alpha: 0.3, beta: 0.7 }) },
  { name: 'HardSwish', op: 'HardSwish', opset: 14 },
  { name: 'LeakyRelu alpha 0.3', op: 'LeakyRelu', attrs: attrs({ alpha: 0.3 }) },
  { name: 'Clip without bounds', op: 'Clip', bounds: [] },
  { name: 'Clip [0, 6]', op: 'Clip', bounds: [0, 6] },
  { name: 'Clip min only', op: 'Clip', bounds: [-1] },
  { name: 'Clip max only', op: 'Clip', bounds: [undefined, 0.5] },
  { name: 'Clip min > max', op: 'Clip', bounds: [2, 1] },
  { name: 'Clip NaN min', op: 'Clip', bounds: [NaN, 1] },
  { name: 'Clip [-0, +0]', op: 'Clip', bounds: [-0, 0] },
  { name: 'Clip opset 6 defaults', op: 'Clip', opset: 6 },
  { name: 'Clip opset 6 [0, 6]', op: 'Clip', opset: 6, attrs: attrs({ min: 0, max: 6 }) },
];

/** The node's inputs after x, and their initializers: Clip's bounds. */
function extraInputs(c: UnaryCase): { names: string[]; inits: Record<string, Tensor> } {
  const inits: Record<string, Tensor> = {};
  const names = (c.bounds ?? []).map((v, i) => {
    if (v === undefined) return '';
    inits[`bound${i}`] = scalar(v);
    return `bound${i}`;
  });
  return { names, inits };
}

const BINARY_OPS = ['Add', 'Sub', 'Mul', 'Div'];

describe('fused loops and unfused kernels give the same bits', () => {
  for (const c of UNARY_CASES) {
    it(c.name, async () => {
      const { names, inits } = extraInputs(c);
      // Neg next to the op: exact and one-to-one on bits, so it hides no difference; the op
      // both first in the chain (reading the graph input) and after a fused step
      const m = model({
        inputs: [input('x', [N])], outputs: ['y0', 'y1'], inits, opset: c.opset,
        nodes: [
          ['Neg', ['x'], ['a0']], [c.op, ['a0', ...names], ['y0'], c.attrs],
          [c.op, ['x', ...names], ['a1'], c.attrs], ['Neg', ['a1'], ['y1']],
        ],
      });
      await fusedMatchesUnfused(m, { x: new Tensor('float32', VALUES, [N]) }, (y, i) => `${y}, x = ${show(VALUES[i])}`);
    });
  }

  for (const op of BINARY_OPS) {
    it(`${op} with a tensor operand, in either position`, async () => {
      const m = model({
        inputs: [input('x', [N * N]), input('w', [N * N])], outputs: ['y0', 'y1', 'y2', 'y3'],
        nodes: [
          ['Neg', ['x'], ['a0']], [op, ['a0', 'w'], ['y0']],
          ['Neg', ['x'], ['a1']], [op, ['w', 'a1'], ['y1']],
          [op, ['x', 'w'], ['a2']], ['Neg', ['a2'], ['y2']],
          [op, ['w', 'x'], ['a3']], ['Neg', ['a3'], ['y3']],
        ],
      });
      await fusedMatchesUnfused(m, { x: new Tensor('float32', GRID_A, [N * N]), w: new Tensor('float32', GRID_B, [N * N]) },
        (y, i) => `${y}, x = ${show(GRID_A[i])}, w = ${show(GRID_B[i])}`);
    });

    it(`${op} with a scalar constant, in either position`, async () => {
      // one chain per constant and position, all in one model
      const nodes: Spec['nodes'] = [], outputs: string[] = [], inits: Record<string, Tensor> = {};
      for (let k = 0; k < N; k++) {
        inits[`c${k}`] = new Tensor('float32', VALUES.slice(k, k + 1), []);
        nodes.push(['Neg', ['x'], [`p${k}`]], [op, [`p${k}`, `c${k}`], [`y${k}_0`]]);
        nodes.push(['Neg', ['x'], [`q${k}`]], [op, [`c${k}`, `q${k}`], [`y${k}_1`]]);
        nodes.push([op, ['x', `c${k}`], [`r${k}`]], ['Neg', [`r${k}`], [`y${k}_2`]]);
        nodes.push([op, [`c${k}`, 'x'], [`s${k}`]], ['Neg', [`s${k}`], [`y${k}_3`]]);
        outputs.push(`y${k}_0`, `y${k}_1`, `y${k}_2`, `y${k}_3`);
      }
      const m = model({ inputs: [input('x', [N])], outputs, inits, nodes });
      await fusedMatchesUnfused(m, { x: new Tensor('float32', VALUES, [N]) }, (y, i) => `${y}: x ${show(VALUES[i])}, constant ${show(VALUES[Number(y.slice(1, y.indexOf('_')))])}`);
    });
  }

  it('chains alike but for a constant or an attribute keep their own loops', async () => {
    // fused loops are shared between chains with the same ops, constants and attributes
    const m = model({
      inputs: [input('x', [N])], outputs: ['y0', 'y1', 'y2', 'y3', 'y4', 'y5'],
      inits: { pz: scalar(0), nz: scalar(-0), lo: scalar(-1), hi: scalar(1) },
      nodes: [
        ['Neg', ['x'], ['a0']], ['LeakyRelu', ['a0'], ['y0']],
        ['Neg', ['x'], ['a1']], ['LeakyRelu', ['a1'], ['y1'], attrs({ alpha: 0.5 })],
        ['Neg', ['x'], ['a2']], ['Add', ['a2', 'pz'], ['y2']],
        ['Neg', ['x'], ['a3']], ['Add', ['a3', 'nz'], ['y3']],
        ['Neg', ['x'], ['a4']], ['Clip', ['a4', 'pz', 'hi'], ['y4']],
        ['Neg', ['x'], ['a5']], ['Clip', ['a5', 'lo', 'nz'], ['y5']],
      ],
    });
    await fusedMatchesUnfused(m, { x: new Tensor('float32', VALUES, [N]) }, (y, i) => `${y}, x = ${show(VALUES[i])}`);
  });

  it('a long chain of every kind of step', async () => {
    const m = model({
      inputs: [input('x', [N * N]), input('w', [N * N])], outputs: ['y'], opset: 14,
      inits: { half: scalar(0.5), lo: scalar(-1), hi: scalar(4) },
      nodes: [
        ['Mul', ['x', 'w'], ['a']], ['Add', ['half', 'a'], ['b']], ['HardSwish', ['b'], ['c']], ['Clip', ['c', 'lo', 'hi'], ['d']],
        ['Sub', ['w', 'd'], ['e']], ['LeakyRelu', ['e'], ['f'], attrs({ alpha: 0.3 })], ['Div', ['f', 'x'], ['g']], ['Sigmoid', ['g'], ['h']],
        ['HardSigmoid', ['h'], ['i'], attrs({ alpha: 0.7, beta: 0.1 })], ['Tanh', ['i'], ['j']], ['Relu', ['j'], ['y']],
      ],
    });
    await fusedMatchesUnfused(m, { x: new Tensor('float32', GRID_A, [N * N]), w: new Tensor('float32', GRID_B, [N * N]) }, (_, i) => `x ${show(GRID_A[i])}, w ${show(GRID_B[i])}`);
  });
});

/** Distance in float32 steps (representable values between); NaN counts as 0 from NaN. */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const [x, y] = new Int32Array(Float32Array.from([a, b]).buffer);
  const ordered = (i: number) => (i < 0 ? -(i & 0x7fffffff) : i); // -0 and +0 both 0
  return Math.abs(ordered(x) - ordered(y));
}

/**
 * Tolerances against onnxruntime. Exp is within 1 ulp. onnxruntime's Tanh and Sigmoid are
 * MLAS polynomial approximations, good to about 1e-7 absolute rather than to the ulp
 * (tanh(6) is 2 ulps from the correctly rounded value, sigmoid(-6) 68 ulps, sigmoid(-100)
 * and tanh(1e-45) flush to 0): within 1 ulp, or within that absolute error.
 */
const ORT_TOLERANCE: Record<string, { ulps: number; abs: number }> = {
  Exp: { ulps: 1, abs: 0 },
  Tanh: { ulps: 1, abs: 2 ** -22 },
  Sigmoid: { ulps: 1, abs: 2 ** -23 },
};

/** Where we follow the ONNX reference rather than onnxruntime: input -> our result. */
const NOT_ORT: Record<string, [number, number][]> = {
  // numpy's maximum(-0, 0) is +0; onnxruntime 1.30 returns the -0 input
  Relu: [[-0, 0]],
};

function agreesWithOrt(op: string, xs: ArrayLike<number>, ours: ArrayLike<number>, ref: ArrayLike<number>, describeInput: (i: number) => string): string[] {
  const tol = ORT_TOLERANCE[op] ?? { ulps: 0, abs: 0 };
  const bad: string[] = [];
  for (let i = 0; i < ref.length && bad.length < 5; i++) {
    const a = ours[i], b = ref[i];
    const own = NOT_ORT[op]?.find(([x]) => Object.is(x, xs[i]));
    if (own) {
      if (!Object.is(a, own[1])) bad.push(`${describeInput(i)}: ours ${show(a)}, expected ${show(own[1])}`);
      continue;
    }
    const exact = Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
    if (!exact && !(ulps(a, b) <= tol.ulps || Math.abs(a - b) <= tol.abs)) bad.push(`${describeInput(i)}: ours ${show(a)}, onnxruntime ${show(b)}`);
  }
  return bad;
}

async function unfused(m: Model, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  return (await Session.create(m, { adapters: [cpu({ fuse: false })] })).run(feeds);
}

describe('unfused kernels agree with onnxruntime on special values', () => {
  for (const c of UNARY_CASES) {
    it(c.name, async () => {
      const { names, inits } = extraInputs(c);
      const m = model({ inputs: [input('x', [N])], outputs: ['y'], inits, opset: c.opset, nodes: [[c.op, ['x', ...names], ['y'], c.attrs]] });
      const feeds = { x: new Tensor('float32', VALUES, [N]) };
      const ours = (await unfused(m, feeds)).y.data as Float32Array;
      const ref = (await runOrt(m, feeds)).y.data as Float32Array;
      expect(agreesWithOrt(c.op, VALUES, ours, ref, (i) => `${c.name}(${show(VALUES[i])})`)).toEqual([]);
    });
  }

  for (const op of BINARY_OPS) {
    it(`${op}: every pair, same shapes and either side broadcast`, async () => {
      // [N*N] op [N*N], [N,1] op [1,N] and [1,N] op [N,1]: the kernel's three inner loops
      // (left, right operand of output element i)
      const shapes: [number[], number[], Float32Array, Float32Array, Float32Array, Float32Array][] = [
        [[N * N], [N * N], GRID_A, GRID_B, GRID_A, GRID_B],
        [[N, 1], [1, N], VALUES, VALUES, GRID_A, GRID_B],
        [[1, N], [N, 1], VALUES, VALUES, GRID_B, GRID_A],
      ];
      for (const [da, db, a, b, left, right] of shapes) {
        const m = model({ inputs: [input('a', da), input('b', db)], outputs: ['y'], nodes: [[op, ['a', 'b'], ['y']]] });
        const feeds = { a: new Tensor('float32', a, da), b: new Tensor('float32', b, db) };
        const ours = (await unfused(m, feeds)).y.data as Float32Array;
        const ref = (await runOrt(m, feeds)).y.data as Float32Array;
        expect(agreesWithOrt(op, left, ours, ref, (i) => `[${da}] ${op} [${db}]: ${show(left[i])} ${op} ${show(right[i])}`)).toEqual([]);
      }
    });
  }
});

describe('integer types keep their behaviour', () => {
  const INT32 = [0, 1, -1, 7, -7, 100, -100, 46340, -46341, 2147483647, -2147483648];
  const SMALL = [0, 1, -1, 7, -7, 100, -100, 46340, -46341];
  const INT64 = [0n, 1n, -1n, 7n, -7n, 2n ** 40n, -(2n ** 40n), 2n ** 63n - 1n, -(2n ** 63n)];
  const INT8 = [0, 1, -1, 127, -128];
  const arr = (type: DataType, v: (number | bigint)[]) => (type === 'int64' ? BigInt64Array.from(v as bigint[]) : type === 'int8' ? Int8Array.from(v as number[]) : Int32Array.from(v as number[]));

  async function compare(m: Model, feeds: Record<string, Tensor>) {
    const ours = (await unfused(m, feeds)).y.data as ArrayLike<number | bigint>;
    const ref = (await runOrt(m, feeds)).y.data as ArrayLike<number | bigint>;
    expect(Array.from(ours)).toEqual(Array.from(ref));
  }

  for (const [type, vals] of [['int8', INT8], ['int32', INT32], ['int64', INT64]] as const) {
    for (const op of ['Abs', 'Neg']) {
      it(`${op} ${type}`, () => compare(model({ inputs: [input('x', [vals.length], type)], outputs: ['y'], nodes: [[op, ['x'], ['y']]] }), { x: new Tensor(type, arr(type, [...vals]) as never, [vals.length]) }));
    }
  }

  for (const [type, vals] of [['int32', SMALL], ['int64', INT64]] as const) {
    for (const op of BINARY_OPS) {
      it(`${op} ${type}`, async () => {
        // ONNX leaves division by zero and INT_MIN / -1 undefined (onnxruntime traps on them)
        const rhs = op === 'Div' ? vals.filter((v) => v !== 0 && v !== 0n && v !== -1 && v !== -1n) : vals;
        const a = vals.flatMap((x) => rhs.map(() => x)) as (number | bigint)[], b = vals.flatMap(() => rhs) as (number | bigint)[];
        const m = model({ inputs: [input('a', [a.length], type), input('b', [b.length], type)], outputs: ['y'], nodes: [[op, ['a', 'b'], ['y']]] });
        await compare(m, { a: new Tensor(type, arr(type, a) as never, [a.length]), b: new Tensor(type, arr(type, b) as never, [b.length]) });
      });
    }
    it(`Clip ${type}`, async () => {
      for (const bounds of [[-7, 100], [], [5], [100, -7]]) {
        const inits = Object.fromEntries(bounds.map((v, i) => [`b${i}`, scalar(v, type)]));
        const m = model({ inputs: [input('x', [vals.length], type)], outputs: ['y'], inits, nodes: [['Clip', ['x', ...Object.keys(inits)], ['y']]] });
        await compare(m, { x: new Tensor(type, arr(type, [...vals]) as never, [vals.length]) });
      }
    });
  }
});

describe('float64 tensors round nothing in between', () => {
  it('HardSwish and HardSigmoid in float64', async () => {
    const x = Float64Array.from(ORDINARY);
    const m = model({ inputs: [input('x', [x.length], 'float64')], outputs: ['y', 'z'], opset: 14, nodes: [['HardSwish', ['x'], ['y']], ['HardSigmoid', ['x'], ['z'], attrs({ alpha: 0.3, beta: 0.7 })]] });
    const r = await unfused(m, { x: new Tensor('float64', x, [x.length]) });
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    expect(Array.from(r.y.data as Float64Array)).toEqual(ORDINARY.map((v) => v * clamp(Math.fround(1 / 6) * v + 0.5)));
    expect(Array.from(r.z.data as Float64Array)).toEqual(ORDINARY.map((v) => clamp(Math.fround(0.3) * v + Math.fround(0.7))));
  });
});

describe('without code generation (a strict Content-Security-Policy)', () => {
  afterEach(() => vi.resetModules());

  /** A fresh copy of the kernels, with code generation allowed or not. */
  async function kernels(allowed: boolean) {
    vi.resetModules();
    const el = await import('../src/elementwise.js');
    const { Clip } = await import('../src/kernels/Clip.js');
    const { Add } = await import('../src/kernels/Add.js');
    const real = globalThis.Function;
    if (!allowed) globalThis.Function = function () { throw new EvalError('code generation from strings disallowed'); } as unknown as FunctionConstructor;
    try {
      expect(el.canGenerateCode()).toBe(allowed);
    } finally {
      globalThis.Function = real;
    }
    return { el, Clip, Add };
  }

  it('the shared closure loops give the same bits as the generated ones', async () => {
    const run = async (allowed: boolean) => {
      const { el, Clip, Add } = await kernels(allowed);
      expect(el.unaryLoop('Relu').name).toBe(allowed ? 'Relu' : 'plainUnary');
      const x = new Tensor('float32', GRID_A, [N * N]), w = new Tensor('float32', GRID_B, [N * N]);
      const node = (opType: string, a: Record<string, Attribute> = {}): Node => ({ name: opType, opType, domain: '', inputs: [], outputs: [], attributes: a });
      const ctx = (n: Node) => ({ node: n, opset: 14, opsets: { '': 14 }, constant: () => undefined, outerConstant: () => undefined, captured: [], fuse: false });
      const outs: Float32Array[] = [];
      for (const op of ['Relu', 'Abs', 'Sigmoid', 'HardSwish']) outs.push(el.mathUnaryKernel(op).create(ctx(node(op)))([x])[0].data as Float32Array);
      outs.push(Clip.create(ctx(node('Clip')))([x, scalar(-1), scalar(4)])[0].data as Float32Array);
      outs.push(Add.create(ctx(node('Add')))([x, w])[0].data as Float32Array);
      return outs.map(bitsOf);
    };
    const generated = await run(true), plain = await run(false);
    expect(plain).toEqual(generated);
  });
});
