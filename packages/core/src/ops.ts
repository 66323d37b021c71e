/**
 * Op schemas: arity and type/shape inference, following the ONNX operator spec.
 * Inference works on partial knowledge (unknown dims are null, symbolic dims are
 * strings) and propagates small constant values (shapes) so Reshape targets resolve.
 */
import { type DataType, dtypeFromOnnx } from './dtype.js';
import { attrFloat, attrInt, attrInts, attrString, attrTensor, type Dim, type Node } from './ir.js';
import { Tensor } from './tensor.js';
import { windowGeometry } from './shape.js';

export interface InferValue {
  dtype?: DataType;
  shape?: Dim[];
  /** The value itself when known before running (initializers, folded shapes). */
  value?: Tensor;
}
export interface InferContext {
  node: Node;
  opset: number;
  inputs: (InferValue | undefined)[];
}
export interface OpSchema {
  opType: string;
  domain: string;
  /** Inclusive [min, max] counts; max Infinity for variadic. */
  inputs: [number, number];
  outputs: [number, number];
  infer?: (ctx: InferContext) => InferValue[];
}

const registry = new Map<string, OpSchema>();
const key = (domain: string, op: string) => `${domain === 'ai.onnx' ? '' : domain}::${op}`;

export function registerOpSchema(s: OpSchema): void {
  registry.set(key(s.domain, s.opType), s);
}
export function getOpSchema(domain: string, opType: string): OpSchema | undefined {
  return registry.get(key(domain, opType));
}
export function knownOps(): OpSchema[] {
  return [...registry.values()];
}

// ---- helpers ----
const same = (c: InferContext, i = 0): InferValue[] => [{ dtype: c.inputs[i]?.dtype, shape: c.inputs[i]?.shape }];

function bcastDims(shapes: (Dim[] | undefined)[]): Dim[] | undefined {
  if (shapes.some((s) => !s)) return undefined;
  const ss = shapes as Dim[][];
  const rank = Math.max(0, ...ss.map((s) => s.length));
  const out: Dim[] = [];
  for (let o = 0; o < rank; o++) {
    let d: Dim = 1;
    for (const s of ss) {
      const x = s[o - (rank - s.length)];
      if (x === undefined || x === 1) continue;
      if (d === 1) d = x;
      else if (d !== x) d = typeof d === 'number' && typeof x === 'number' ? d : null;
    }
    out.push(d);
  }
  return out;
}

function intValues(v: InferValue | undefined): number[] | undefined {
  if (!v?.value) return undefined;
  return Array.from(v.value.data as ArrayLike<number | bigint>, Number);
}

const unary = (opType: string) => ({ opType, domain: '', inputs: [1, 1] as [number, number], outputs: [1, 1] as [number, number], infer: (c: InferContext) => same(c) });
const binary = (opType: string, outType?: DataType) => ({
  opType, domain: '', inputs: [2, 2] as [number, number], outputs: [1, 1] as [number, number],
  infer: (c: InferContext) => [{ dtype: outType ?? c.inputs[0]?.dtype, shape: bcastDims([c.inputs[0]?.shape, c.inputs[1]?.shape]) }],
});

for (const op of ['Relu', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Abs', 'Neg', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Erf',
  'HardSigmoid', 'HardSwish', 'LeakyRelu', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Sin', 'Cos', 'Identity', 'Sign', 'Gelu']) registerOpSchema(unary(op));
for (const op of ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Mod', 'PRelu']) registerOpSchema(binary(op));
for (const op of ['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor']) registerOpSchema(binary(op, 'bool'));
registerOpSchema({ ...unary('Not') });
registerOpSchema({ opType: 'Clip', domain: '', inputs: [1, 3], outputs: [1, 1], infer: same });
registerOpSchema({ opType: 'Dropout', domain: '', inputs: [1, 3], outputs: [1, 2], infer: (c) => [same(c)[0], { dtype: 'bool', shape: c.inputs[0]?.shape }] });
registerOpSchema({ opType: 'BatchNormalization', domain: '', inputs: [5, 5], outputs: [1, 3], infer: same });
registerOpSchema({ opType: 'Where', domain: '', inputs: [3, 3], outputs: [1, 1], infer: (c) => [{ dtype: c.inputs[1]?.dtype, shape: bcastDims([c.inputs[0]?.shape, c.inputs[1]?.shape, c.inputs[2]?.shape]) }] });

registerOpSchema({
  opType: 'Constant', domain: '', inputs: [0, 0], outputs: [1, 1],
  infer: ({ node }) => {
    const t = constantValue(node);
    return [t ? { dtype: t.type, shape: [...t.dims], value: t } : {}];
  },
});

/** The value a Constant node holds, in any of its attribute forms. */
export function constantValue(node: Node): Tensor | undefined {
  const t = attrTensor(node, 'value');
  if (t) return t;
  const a = node.attributes;
  if (a.value_float?.type === 'float') return new Tensor('float32', [a.value_float.value], []);
  if (a.value_floats?.type === 'floats') return new Tensor('float32', a.value_floats.value, [a.value_floats.value.length]);
  if (a.value_int?.type === 'int') return new Tensor('int64', [BigInt(a.value_int.value)], []);
  if (a.value_ints?.type === 'ints') return new Tensor('int64', a.value_ints.value.map(BigInt), [a.value_ints.value.length]);
  if (a.value_string?.type === 'string') return new Tensor('string', [a.value_string.value], []);
  if (a.value_strings?.type === 'strings') return new Tensor('string', a.value_strings.value, [a.value_strings.value.length]);
  return undefined;
}

function convLike(transpose: boolean) {
  return ({ node, inputs }: InferContext): InferValue[] => {
    const x = inputs[0]?.shape;
    const w = inputs[1]?.shape;
    const dtype = inputs[0]?.dtype;
    if (!x || !w) return [{ dtype }];
    const group = attrInt(node, 'group', 1);
    const spatial = x.slice(2);
    const kernel = attrInts(node, 'kernel_shape') ?? (w.slice(2) as number[]);
    const outC = transpose ? (typeof w[1] === 'number' ? w[1] * group : null) : w[0];
    if (spatial.some((d) => typeof d !== 'number') || kernel.some((d) => typeof d !== 'number')) return [{ dtype, shape: [x[0], outC, ...spatial.map(() => null)] }];
    const s = spatial as number[];
    if (transpose) {
      const strides = attrInts(node, 'strides') ?? s.map(() => 1);
      const dil = attrInts(node, 'dilations') ?? s.map(() => 1);
      const outPad = attrInts(node, 'output_padding') ?? s.map(() => 0);
      const explicit = attrInts(node, 'output_shape');
      if (explicit) return [{ dtype, shape: [x[0], outC, ...explicit.slice(-s.length)] }];
      const pads = attrInts(node, 'pads') ?? new Array<number>(2 * s.length).fill(0);
      const autoPad = attrString(node, 'auto_pad', 'NOTSET');
      const out = s.map((d, i) => autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER' ? d * strides[i]
        : strides[i] * (d - 1) + outPad[i] + (kernel[i] - 1) * dil[i] + 1 - pads[i] - pads[i + s.length]);
      return [{ dtype, shape: [x[0], outC, ...out] }];
    }
    const g = windowGeometry(s, kernel, { strides: attrInts(node, 'strides'), dilations: attrInts(node, 'dilations'), pads: attrInts(node, 'pads'), autoPad: attrString(node, 'auto_pad') });
    return [{ dtype, shape: [x[0], outC, ...g.out] }];
  };
}
registerOpSchema({ opType: 'Conv', domain: '', inputs: [2, 3], outputs: [1, 1], infer: convLike(false) });
registerOpSchema({ opType: 'ConvTranspose', domain: '', inputs: [2, 3], outputs: [1, 1], infer: convLike(true) });

function pool({ node, inputs }: InferContext): InferValue[] {
  const x = inputs[0]?.shape;
  const dtype = inputs[0]?.dtype;
  const kernel = attrInts(node, 'kernel_shape');
  if (!x || !kernel) return [{ dtype }];
  const s = x.slice(2);
  if (s.some((d) => typeof d !== 'number')) return [{ dtype, shape: [x[0], x[1], ...s.map(() => null)] }];
  const g = windowGeometry(s as number[], kernel, { strides: attrInts(node, 'strides'), dilations: attrInts(node, 'dilations'), pads: attrInts(node, 'pads'), autoPad: attrString(node, 'auto_pad'), ceil: attrInt(node, 'ceil_mode', 0) === 1 });
  return [{ dtype, shape: [x[0], x[1], ...g.out] }];
}
registerOpSchema({ opType: 'MaxPool', domain: '', inputs: [1, 1], outputs: [1, 2], infer: pool });
registerOpSchema({ opType: 'AveragePool', domain: '', inputs: [1, 1], outputs: [1, 1], infer: pool });
for (const op of ['GlobalAveragePool', 'GlobalMaxPool']) {
  registerOpSchema({ opType: op, domain: '', inputs: [1, 1], outputs: [1, 1], infer: ({ inputs }) => {
    const x = inputs[0]?.shape;
    return [{ dtype: inputs[0]?.dtype, shape: x ? [x[0], x[1], ...x.slice(2).map(() => 1)] : undefined }];
  } });
}

registerOpSchema({
  opType: 'Shape', domain: '', inputs: [1, 1], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const x = inputs[0]?.shape;
    if (!x) return [{ dtype: 'int64' }];
    const r = x.length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    const start = clamp(attrInt(node, 'start', 0));
    const end = clamp(attrInt(node, 'end', r));
    const dims = x.slice(start, Math.max(start, end));
    const known = dims.every((d) => typeof d === 'number');
    return [{ dtype: 'int64', shape: [dims.length], value: known ? new Tensor('int64', (dims as number[]).map(BigInt), [dims.length]) : undefined }];
  },
});
registerOpSchema({
  opType: 'Cast', domain: '', inputs: [1, 1], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const to = attrInt(node, 'to');
    const dtype = to === undefined ? undefined : dtypeFromOnnx(to);
    return [{ dtype, shape: inputs[0]?.shape }];
  },
});

registerOpSchema({
  opType: 'Concat', domain: '', inputs: [1, Infinity], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const shapes = inputs.map((i) => i?.shape);
    const dtype = inputs.find((i) => i?.dtype)?.dtype;
    if (shapes.some((s) => !s)) return [{ dtype }];
    const ss = shapes as Dim[][];
    const r = ss[0].length;
    const axis = (attrInt(node, 'axis', 0) + r) % Math.max(r, 1);
    const out = [...ss[0]];
    out[axis] = ss.reduce<Dim>((acc, s) => (typeof acc === 'number' && typeof s[axis] === 'number' ? acc + (s[axis] as number) : null), 0);
    return [{ dtype, shape: out }];
  },
});

registerOpSchema({
  opType: 'Reshape', domain: '', inputs: [1, 2], outputs: [1, 1],
  infer: ({ node, inputs, opset }) => {
    const x = inputs[0];
    const target = opset < 5 ? attrInts(node, 'shape') : intValues(inputs[1]);
    if (!target) return [{ dtype: x?.dtype }];
    const allowZero = attrInt(node, 'allowzero', 0) === 1;
    const out: Dim[] = target.map((d, i) => (d === 0 && !allowZero ? (x?.shape?.[i] ?? null) : d));
    const neg = out.indexOf(-1);
    if (neg >= 0) {
      const xs = x?.shape;
      const known = xs && xs.every((d) => typeof d === 'number') && out.every((d, i) => i === neg || typeof d === 'number');
      out[neg] = known ? (xs as number[]).reduce((a, b) => a * b, 1) / (out as number[]).reduce((a, b, i) => (i === neg ? a : a * b), 1) : null;
    }
    return [{ dtype: x?.dtype, shape: out }];
  },
});

registerOpSchema({
  opType: 'Transpose', domain: '', inputs: [1, 1], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const x = inputs[0]?.shape;
    if (!x) return same({ node, inputs, opset: 0 });
    const perm = attrInts(node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
    return [{ dtype: inputs[0]?.dtype, shape: perm.map((p) => x[p]) }];
  },
});

function squeezeAxes(c: InferContext): number[] | undefined {
  return c.opset >= 13 ? intValues(c.inputs[1]) : attrInts(c.node, 'axes');
}
registerOpSchema({
  opType: 'Squeeze', domain: '', inputs: [1, 2], outputs: [1, 1],
  infer: (c) => {
    const x = c.inputs[0]?.shape;
    if (!x) return [{ dtype: c.inputs[0]?.dtype }];
    const axes = squeezeAxes(c);
    if (!axes) return [{ dtype: c.inputs[0]?.dtype, shape: x.every((d) => typeof d === 'number') ? x.filter((d) => d !== 1) : undefined }];
    const ax = new Set(axes.map((a) => (a < 0 ? a + x.length : a)));
    return [{ dtype: c.inputs[0]?.dtype, shape: x.filter((_, i) => !ax.has(i)) }];
  },
});
registerOpSchema({
  opType: 'Unsqueeze', domain: '', inputs: [1, 2], outputs: [1, 1],
  infer: (c) => {
    const x = c.inputs[0]?.shape;
    const axes = squeezeAxes(c);
    if (!x || !axes) return [{ dtype: c.inputs[0]?.dtype }];
    const r = x.length + axes.length;
    const ax = new Set(axes.map((a) => (a < 0 ? a + r : a)));
    const out: Dim[] = [];
    let j = 0;
    for (let i = 0; i < r; i++) out.push(ax.has(i) ? 1 : x[j++]);
    return [{ dtype: c.inputs[0]?.dtype, shape: out }];
  },
});
registerOpSchema({
  opType: 'Flatten', domain: '', inputs: [1, 1], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const x = inputs[0]?.shape;
    if (!x) return [{ dtype: inputs[0]?.dtype }];
    let axis = attrInt(node, 'axis', 1);
    if (axis < 0) axis += x.length;
    const prod = (ds: Dim[]) => ds.reduce<Dim>((a, b) => (typeof a === 'number' && typeof b === 'number' ? a * b : null), 1);
    return [{ dtype: inputs[0]?.dtype, shape: [prod(x.slice(0, axis)), prod(x.slice(axis))] }];
  },
});

registerOpSchema({
  opType: 'Slice', domain: '', inputs: [1, 5], outputs: [1, 1],
  infer: ({ node, inputs, opset }) => {
    const x = inputs[0]?.shape;
    const dtype = inputs[0]?.dtype;
    if (!x) return [{ dtype }];
    const starts = opset < 10 ? attrInts(node, 'starts') : intValues(inputs[1]);
    const ends = opset < 10 ? attrInts(node, 'ends') : intValues(inputs[2]);
    const axes = (opset < 10 ? attrInts(node, 'axes') : inputs[3] ? intValues(inputs[3]) : undefined) ?? starts?.map((_, i) => i);
    const steps = (opset < 10 ? undefined : inputs[4] ? intValues(inputs[4]) : undefined) ?? starts?.map(() => 1);
    if (!starts || !ends || !axes || !steps) return [{ dtype, shape: x.map(() => null) }];
    const out = [...x];
    axes.forEach((a, i) => {
      const ax = a < 0 ? a + x.length : a;
      const d = x[ax];
      out[ax] = typeof d === 'number' ? sliceLength(d, starts[i], ends[i], steps[i]) : null;
    });
    return [{ dtype, shape: out }];
  },
});

/** Element count along one axis for ONNX Slice semantics (clamping, negative steps). */
export function sliceLength(dim: number, start: number, end: number, step: number): number {
  const [s, e] = sliceBounds(dim, start, end, step);
  return Math.max(0, Math.ceil((e - s) / step));
}
export function sliceBounds(dim: number, start: number, end: number, step: number): [number, number] {
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, -1), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  return [s, e];
}

function reduce({ node, inputs, opset }: InferContext): InferValue[] {
  const x = inputs[0]?.shape;
  const dtype = inputs[0]?.dtype;
  if (!x) return [{ dtype }];
  const keep = attrInt(node, 'keepdims', 1) === 1;
  const axesFromInput = node.opType === 'ReduceSum' ? opset >= 13 : opset >= 18;
  let axes = axesFromInput ? (inputs[1] ? intValues(inputs[1]) : []) : attrInts(node, 'axes');
  if (axesFromInput && inputs[1] && !inputs[1].value) return [{ dtype }];
  if (!axes || axes.length === 0) axes = attrInt(node, 'noop_with_empty_axes', 0) ? [] : x.map((_, i) => i);
  const ax = new Set(axes.map((a) => (a < 0 ? a + x.length : a)));
  const out: Dim[] = [];
  x.forEach((d, i) => { if (!ax.has(i)) out.push(d); else if (keep) out.push(1); });
  return [{ dtype, shape: out }];
}
for (const op of ['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL2', 'ReduceL1', 'ReduceSumSquare', 'ReduceLogSumExp']) {
  registerOpSchema({ opType: op, domain: '', inputs: [1, 2], outputs: [1, 1], infer: reduce });
}

registerOpSchema({
  opType: 'MatMul', domain: '', inputs: [2, 2], outputs: [1, 1],
  infer: ({ inputs }) => {
    const a = inputs[0]?.shape;
    const b = inputs[1]?.shape;
    const dtype = inputs[0]?.dtype;
    if (!a || !b) return [{ dtype }];
    const a2 = a.length === 1 ? [1, a[0]] : a;
    const b2 = b.length === 1 ? [b[0], 1] : b;
    const batch = bcastDims([a2.slice(0, -2), b2.slice(0, -2)]) ?? [];
    const out: Dim[] = [...batch];
    if (a.length > 1) out.push(a2[a2.length - 2]);
    if (b.length > 1) out.push(b2[b2.length - 1]);
    return [{ dtype, shape: out }];
  },
});
registerOpSchema({
  opType: 'Gemm', domain: '', inputs: [2, 3], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const a = inputs[0]?.shape;
    const b = inputs[1]?.shape;
    if (!a || !b) return [{ dtype: inputs[0]?.dtype }];
    const m = attrInt(node, 'transA', 0) ? a[1] : a[0];
    const n = attrInt(node, 'transB', 0) ? b[0] : b[1];
    return [{ dtype: inputs[0]?.dtype, shape: [m, n] }];
  },
});
for (const op of ['Softmax', 'LogSoftmax']) registerOpSchema({ opType: op, domain: '', inputs: [1, 1], outputs: [1, 1], infer: same });

registerOpSchema({
  opType: 'Resize', domain: '', inputs: [1, 4], outputs: [1, 1],
  infer: ({ inputs, opset }) => {
    const x = inputs[0]?.shape;
    const dtype = inputs[0]?.dtype;
    if (!x) return [{ dtype }];
    const scalesIdx = opset >= 11 ? 2 : 1;
    const sizes = opset >= 11 ? intValues(inputs[3]) : undefined;
    if (sizes && sizes.length) return [{ dtype, shape: sizes }];
    const sv = inputs[scalesIdx]?.value;
    if (sv && sv.size) {
      const sc = Array.from(sv.data as Float32Array);
      return [{ dtype, shape: x.map((d, i) => (typeof d === 'number' ? Math.floor(d * sc[i]) : null)) }];
    }
    return [{ dtype, shape: x.map((d, i) => (i < 2 ? d : null)) }];
  },
});
registerOpSchema({
  opType: 'Gather', domain: '', inputs: [2, 2], outputs: [1, 1],
  infer: ({ node, inputs }) => {
    const x = inputs[0]?.shape;
    const idx = inputs[1]?.shape;
    if (!x || !idx) return [{ dtype: inputs[0]?.dtype }];
    let axis = attrInt(node, 'axis', 0);
    if (axis < 0) axis += x.length;
    return [{ dtype: inputs[0]?.dtype, shape: [...x.slice(0, axis), ...idx, ...x.slice(axis + 1)] }];
  },
});
registerOpSchema({ opType: 'LayerNormalization', domain: '', inputs: [2, 3], outputs: [1, 3], infer: same });
registerOpSchema({ opType: 'InstanceNormalization', domain: '', inputs: [3, 3], outputs: [1, 1], infer: same });
void attrFloat;
