// The op versions after opset 17 that the cpu kernels declare (kernels/op-versions.ts): the table
// is well formed, the versions whose semantics changed run on cpu and match onnxruntime, and a
// version a kernel does not implement is refused by name, so the next adapter can take the node.
import { type DataType, type Model, type Node, type NodeQuery, Session, Tensor, bf16ToFloat, floatToHalf, halfToFloat, opVersion, opVersions } from '@anychip/core';
import { cpu, cpuOps } from '@anychip/adapter-cpu';
import { ort } from '@anychip/adapter-ort';
import { describe, expect, it } from 'vitest';
import { LATER_VERSIONS } from '../src/kernels/op-versions.js';
import { KERNELS } from '../src/kernels/index.js';
import { attrs, mismatch, randTensor, runOrt, singleOpModel } from '../../../test/helpers.js';

type In = { name: string; t: Tensor; init?: boolean };
type AttrMap = Record<string, number | number[] | string | Tensor>;

/** The IR version an opset needs (onnxruntime checks it). */
const irFor = (opset: number) => (opset >= 23 ? 11 : opset >= 21 ? 10 : opset >= 19 ? 9 : 8);

/** A one-node model at `opset`; outputs are typed `outTypes` (default: the first input's type). */
function model(opType: string, ins: In[], a: AttrMap, opset: number, outTypes: DataType[] = [ins[0].t.type]): Model {
  const outs = outTypes.map((_, i) => (outTypes.length === 1 ? 'y' : `y${i}`));
  const m = singleOpModel(opType, ins.map((i) => ({ name: i.name, type: i.t.type, dims: [...i.t.dims], init: i.init ? i.t : undefined })), outs, attrs(a), opset);
  // an empty name is an omitted optional input
  m.graph.nodes[0].inputs = ins.map((i) => (i.name.startsWith('_') ? '' : i.name));
  m.graph.inputs = m.graph.inputs.filter((v) => !v.name.startsWith('_'));
  for (const k of [...m.graph.initializers.keys()]) if (k.startsWith('_')) m.graph.initializers.delete(k);
  m.graph.outputs = outs.map((name, i) => ({ name, dtype: outTypes[i] }));
  return { ...m, irVersion: irFor(opset) };
}

/** Runs the model on cpu alone (so every node must be placed there) and returns its outputs. */
async function onCpu(m: Model, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const s = await Session.create(m, { adapters: [cpu()] });
  expect(s.placement().every((p) => p.adapter === 'cpu')).toBe(true);
  return s.run(feeds);
}

/** One op at `opset` on cpu and on onnxruntime-node, every output compared. */
// one kernel against onnxruntime: tighter than the conformance policy on purpose (see kernels.test.ts)
async function check(opType: string, ins: In[], a: AttrMap, opset: number, opts: { out?: DataType[]; atol?: number; rtol?: number } = {}) {
  expect(opVersion('', opType, opset)!, `${opType} at opset ${opset} runs a version after 17`).toBeGreaterThan(opVersion('', opType, 17) ?? 0);
  const m = model(opType, ins, a, opset, opts.out);
  const feeds = Object.fromEntries(ins.filter((i) => !i.init && !i.name.startsWith('_')).map((i) => [i.name, i.t]));
  const ours = await onCpu(m, feeds);
  const ref = await runOrt(m, feeds);
  for (const [k, r] of Object.entries(ref)) expect(mismatch(ours[k], r, opts.atol ?? 1e-5, opts.rtol ?? 1e-5), `${opType}-${opVersion('', opType, opset)} ${k} ${JSON.stringify(a)}`).toBeUndefined();
  return ours;
}

const i64 = (v: number[], dims = [v.length]) => new Tensor('int64', v.map(BigInt), dims);
const f32 = (v: number[], dims = [v.length]) => new Tensor('float32', v, dims);
const f16 = (v: number[], dims = [v.length]) => new Tensor('float16', Uint16Array.from(v, floatToHalf), dims);

describe('LATER_VERSIONS', () => {
  const ops = new Set(cpuOps());
  for (const [op, { upTo, why }] of Object.entries(LATER_VERSIONS)) {
    it(`${op} up to ${upTo}`, () => {
      expect(ops.has(op), `${op} has a cpu kernel`).toBe(true);
      const versions = opVersions('', op);
      expect(versions, `${op} is in the op table`).toBeDefined();
      expect(versions, `${upTo} is a since-version of ${op}`).toContain(upTo);
      expect(upTo).toBeGreaterThan(opVersion('', op, 17) ?? 0);
      expect(why.trim().length).toBeGreaterThan(10);
    });
  }
});

describe('versions after 17 whose semantics changed run on cpu and match onnxruntime', () => {
  it('Split-18 num_outputs, uneven', async () => {
    await check('Split', [{ name: 'x', t: randTensor([7, 3], 1) }], { axis: 0, num_outputs: 3 }, 18, { out: ['float32', 'float32', 'float32'] });
    await check('Split', [{ name: 'x', t: randTensor([2, 8], 2) }], { axis: -1, num_outputs: 4 }, 18, { out: ['float32', 'float32', 'float32', 'float32'] });
  });

  for (const reduction of ['max', 'min']) {
    it(`ScatterElements-18 reduction ${reduction} with repeated indices`, () =>
      check('ScatterElements', [
        { name: 'x', t: randTensor([3, 4], 3) },
        { name: 'i', t: i64([0, 2, 0, 0, 2, 1, 1, 2], [2, 4]), init: true },
        { name: 'u', t: randTensor([2, 4], 4, -2, 2) },
      ], { axis: 0, reduction }, 18));
    it(`ScatterND-18 reduction ${reduction} with repeated indices`, () =>
      check('ScatterND', [
        { name: 'x', t: randTensor([4, 3], 5) },
        { name: 'i', t: i64([1, 3, 1, 0], [4, 1]), init: true },
        { name: 'u', t: randTensor([4, 3], 6, -2, 2) },
      ], { reduction }, 18));
  }

  it('Pad-18 axes input (negative axis), constant and reflect', async () => {
    const x = randTensor([2, 3, 4], 7);
    await check('Pad', [{ name: 'x', t: x }, { name: 'p', t: i64([1, 2, 0, 3]), init: true }, { name: 'v', t: f32([0.5], []), init: true }, { name: 'a', t: i64([0, -1]), init: true }], { mode: 'constant' }, 18);
    await check('Pad', [{ name: 'x', t: x }, { name: 'p', t: i64([1, 2, 1, 0]), init: true }, { name: '_v', t: f32([0], []) }, { name: 'a', t: i64([1, 2]), init: true }], { mode: 'reflect' }, 18);
  });
  it("Pad-19 mode 'wrap', with axes; Pad-23", async () => {
    const x = randTensor([3, 5], 8);
    await check('Pad', [{ name: 'x', t: x }, { name: 'p', t: i64([2, 1, 1, 3]), init: true }], { mode: 'wrap' }, 19);
    await check('Pad', [{ name: 'x', t: randTensor([2, 3, 4], 9) }, { name: 'p', t: i64([1, 3]), init: true }, { name: '_v', t: f32([0], []) }, { name: 'a', t: i64([2]), init: true }], { mode: 'wrap' }, 19);
    await check('Pad', [{ name: 'x', t: x }, { name: 'p', t: i64([0, 1, 2, 0]), init: true }], { mode: 'edge' }, 23);
  });

  it('Resize-18 axes with sizes and with scales', async () => {
    const x = randTensor([1, 2, 5, 7], 10);
    const none = { name: '_roi', t: f32([]) };
    await check('Resize', [{ name: 'x', t: x }, none, { name: '_s', t: f32([]) }, { name: 'sz', t: i64([8, 4]), init: true }], { mode: 'linear', axes: [2, 3] }, 18);
    await check('Resize', [{ name: 'x', t: x }, none, { name: 's', t: f32([2, 1.5]), init: true }], { mode: 'nearest', axes: [3, -2] }, 18);
  });
  for (const policy of ['not_larger', 'not_smaller']) {
    it(`Resize-18 keep_aspect_ratio_policy ${policy}`, async () => {
      const x = randTensor([1, 2, 5, 7], 11);
      const none = { name: '_roi', t: f32([]) };
      await check('Resize', [{ name: 'x', t: x }, none, { name: '_s', t: f32([]) }, { name: 'sz', t: i64([3, 3]), init: true }], { mode: 'linear', axes: [2, 3], keep_aspect_ratio_policy: policy }, 18);
      await check('Resize', [{ name: 'x', t: x }, none, { name: '_s', t: f32([]) }, { name: 'sz', t: i64([1, 2, 9, 20]), init: true }], { mode: 'nearest', keep_aspect_ratio_policy: policy }, 18);
    });
  }
  it('Resize-19 half_pixel_symmetric', async () => {
    const x = randTensor([1, 1, 4, 6], 12);
    const none = { name: '_roi', t: f32([]) };
    await check('Resize', [{ name: 'x', t: x }, none, { name: 's', t: f32([1, 1, 2.5, 0.7]), init: true }], { mode: 'linear', coordinate_transformation_mode: 'half_pixel_symmetric' }, 19);
    await check('Resize', [{ name: 'x', t: x }, none, { name: '_s', t: f32([]) }, { name: 'sz', t: i64([7, 4]), init: true }], { mode: 'cubic', axes: [2, 3], coordinate_transformation_mode: 'half_pixel_symmetric' }, 19);
  });

  const poolCases: [string, number[], AttrMap][] = [
    ['2-D dilations', [1, 2, 9, 10], { kernel_shape: [3, 2], dilations: [2, 3] }],
    ['2-D dilations, pads, strides', [1, 2, 11, 9], { kernel_shape: [3, 3], dilations: [2, 2], pads: [2, 1, 2, 1], strides: [2, 1] }],
    ['2-D dilations, count_include_pad', [2, 1, 8, 8], { kernel_shape: [2, 3], dilations: [3, 2], pads: [1, 2, 1, 2], count_include_pad: 1 }],
    ['2-D dilations, ceil_mode', [1, 1, 10, 10], { kernel_shape: [3, 3], dilations: [2, 2], strides: [2, 2], ceil_mode: 1 }],
    ['1-D dilations', [1, 3, 12], { kernel_shape: [3], dilations: [3], pads: [1, 2] }],
    ['3-D dilations', [1, 2, 6, 7, 5], { kernel_shape: [2, 2, 2], dilations: [2, 3, 1], pads: [1, 0, 0, 1, 1, 0] }],
  ];
  for (const [name, dims, a] of poolCases) it(`AveragePool-19 ${name}`, () => check('AveragePool', [{ name: 'x', t: randTensor(dims, 13) }], a, 19));

  it('Equal-19 on strings, broadcast', () =>
    check('Equal', [{ name: 'a', t: new Tensor('string', ['a', 'bc', '', 'd', 'bc', 'x'], [2, 3]) }, { name: 'b', t: new Tensor('string', ['bc', 'x', ''], [3]) }], {}, 19, { out: ['bool'] }));

  it('DFT-20 axis input: default (-2), explicit, negative; dft_length; onesided; inverse', async () => {
    const real = randTensor([2, 6, 5, 1], 14);
    const cplx = randTensor([3, 4, 2], 15);
    await check('DFT', [{ name: 'x', t: real }], {}, 20, { atol: 1e-4 });
    await check('DFT', [{ name: 'x', t: real }, { name: '_n', t: i64([0], []) }, { name: 'ax', t: i64([1], []), init: true }], {}, 20, { atol: 1e-4 });
    await check('DFT', [{ name: 'x', t: real }, { name: 'n', t: i64([8], []), init: true }, { name: 'ax', t: i64([-3], []), init: true }], { onesided: 1 }, 20, { atol: 1e-4 });
    await check('DFT', [{ name: 'x', t: cplx }, { name: '_n', t: i64([0], []) }, { name: 'ax', t: i64([0], []), init: true }], { inverse: 1 }, 20, { atol: 1e-4 });
  });

  it('ReduceMax-20 / ReduceMin-20 with axes input', async () => {
    const x = randTensor([3, 4, 5], 16);
    await check('ReduceMax', [{ name: 'x', t: x }, { name: 'a', t: i64([0, -1]), init: true }], { keepdims: 0 }, 20);
    await check('ReduceMin', [{ name: 'x', t: x }, { name: 'a', t: i64([1]), init: true }], {}, 20);
  });

  it('DequantizeLinear-19 float16 scale gives a float16 output', () =>
    check('DequantizeLinear', [{ name: 'x', t: new Tensor('int8', [-128, -3, 0, 5, 77, 127], [2, 3]) }, { name: 's', t: f16([0.0123]), init: true }, { name: 'z', t: new Tensor('int8', [3], []), init: true }], {}, 19, { out: ['float16'], atol: 0, rtol: 0 }));
  it('DequantizeLinear-21 blocked (block_size 2 along axis 1)', () =>
    check('DequantizeLinear', [
      { name: 'x', t: new Tensor('uint8', Uint8Array.from({ length: 2 * 5 * 3 }, (_, i) => (i * 37) % 256), [2, 5, 3]) },
      { name: 's', t: randTensor([2, 3, 3], 17, 0.01, 0.1), init: true },
      { name: 'z', t: new Tensor('uint8', Uint8Array.from({ length: 18 }, (_, i) => (i * 11) % 256), [2, 3, 3]), init: true },
    ], { axis: 1, block_size: 2 }, 21, { out: ['float32'], atol: 0, rtol: 0 }));
  it('DequantizeLinear-23 (per axis)', () =>
    check('DequantizeLinear', [{ name: 'x', t: new Tensor('int8', [-100, -3, 0, 5, 77, 127], [3, 2]) }, { name: 's', t: f32([0.5, 0.25, 0.125]), init: true }, { name: 'z', t: new Tensor('int8', [1, -2, 0], [3]), init: true }], { axis: 0 }, 23, { out: ['float32'], atol: 0, rtol: 0 }));

  it('QuantizeLinear-19 float16 input and scale', () =>
    check('QuantizeLinear', [{ name: 'x', t: f16([-3.5, -1.25, 0, 0.3, 1.7, 2.5, 60, -70]) }, { name: 's', t: f16([0.5]), init: true }, { name: 'z', t: new Tensor('int8', [2], []), init: true }], {}, 19, { out: ['int8'], atol: 0, rtol: 0 }));
  it('QuantizeLinear-21 blocked, output_dtype int16 without a zero point', () =>
    check('QuantizeLinear', [{ name: 'x', t: randTensor([2, 6], 18, -50, 50) }, { name: 's', t: randTensor([1, 6], 19, 0.001, 0.01), init: true }], { axis: 0, block_size: 2, output_dtype: 5 }, 21, { out: ['int16'], atol: 0, rtol: 0 }));
  it('QuantizeLinear-21 blocked uint8 with zero points', () =>
    check('QuantizeLinear', [{ name: 'x', t: randTensor([3, 7], 20, -2, 2) }, { name: 's', t: randTensor([3, 3], 21, 0.01, 0.02), init: true }, { name: 'z', t: new Tensor('uint8', [0, 10, 128, 255, 3, 90, 7, 200, 64], [3, 3]), init: true }], { axis: 1, block_size: 3 }, 21, { out: ['uint8'], atol: 0, rtol: 0 }));
  it('QLinearMatMul-21', () =>
    check('QLinearMatMul', [
      { name: 'a', t: new Tensor('uint8', Uint8Array.from({ length: 12 }, (_, i) => (i * 29) % 256), [3, 4]) }, { name: 'as', t: f32([0.02], []), init: true }, { name: 'az', t: new Tensor('uint8', [113], []), init: true },
      { name: 'b', t: new Tensor('uint8', Uint8Array.from({ length: 8 }, (_, i) => (i * 53) % 256), [4, 2]) }, { name: 'bs', t: f32([0.01], []), init: true }, { name: 'bz', t: new Tensor('uint8', [98], []), init: true },
      { name: 'ys', t: f32([0.05], []), init: true }, { name: 'yz', t: new Tensor('uint8', [120], []), init: true },
    ], {}, 21, { out: ['uint8'], atol: 0, rtol: 0 }));

  it('QLinearMatMul-21 float16 scales', () =>
    check('QLinearMatMul', [
      { name: 'a', t: new Tensor('uint8', [10, 20, 30, 40], [2, 2]) }, { name: 'as', t: f16([0.5], []), init: true }, { name: 'az', t: new Tensor('uint8', [0], []), init: true },
      { name: 'b', t: new Tensor('uint8', [1, 2, 3, 4], [2, 2]) }, { name: 'bs', t: f16([0.25], []), init: true }, { name: 'bz', t: new Tensor('uint8', [0], []), init: true },
      { name: 'ys', t: f16([2], []), init: true }, { name: 'yz', t: new Tensor('uint8', [1], []), init: true },
    ], {}, 21, { out: ['uint8'], atol: 0, rtol: 0 }));

  it('EyeLike-22', () => check('EyeLike', [{ name: 'x', t: randTensor([3, 5], 23) }], { k: 1 }, 22));
});

describe('versions after 17 that only add types still run float32 and match onnxruntime', () => {
  const x = () => randTensor([2, 3, 4, 5], 30, -0.9, 0.9);
  const cases: [string, In[], AttrMap, number, DataType[]?][] = [
    ['Cos', [{ name: 'x', t: x() }], {}, 22],
    ['Elu', [{ name: 'x', t: x() }], { alpha: 0.7 }, 22],
    ['Round', [{ name: 'x', t: randTensor([30], 31, -4, 4) }], {}, 22],
    ['MaxPool', [{ name: 'x', t: x() }], { kernel_shape: [2, 2], pads: [1, 1, 0, 0] }, 22],
    ['GlobalAveragePool', [{ name: 'x', t: x() }], {}, 22],
    ['Conv', [{ name: 'x', t: x() }, { name: 'w', t: randTensor([4, 3, 3, 3], 32), init: true }], { pads: [1, 1, 1, 1] }, 22],
    ['InstanceNormalization', [{ name: 'x', t: x() }, { name: 's', t: randTensor([3], 33), init: true }, { name: 'b', t: randTensor([3], 34), init: true }], {}, 22],
    ['Asinh', [{ name: 'x', t: x() }], {}, 22],
    ['ThresholdedRelu', [{ name: 'x', t: x() }], { alpha: 0.2 }, 22],
    ['HardSwish', [{ name: 'x', t: randTensor([40], 38, -5, 5) }], {}, 22],
    ['Dropout', [{ name: 'x', t: x() }], {}, 22],
    ['Det', [{ name: 'x', t: randTensor([2, 3, 3], 39) }], {}, 22],
    ['ConvTranspose', [{ name: 'x', t: x() }, { name: 'w', t: randTensor([3, 2, 2, 2], 40), init: true }], { strides: [2, 2] }, 22],
    ['LSTM', [{ name: 'x', t: randTensor([4, 2, 3], 41) }, { name: 'w', t: randTensor([1, 20, 3], 42), init: true }, { name: 'r', t: randTensor([1, 20, 5], 43), init: true }], { hidden_size: 5 }, 22],
    ['Cast', [{ name: 'x', t: randTensor([10], 35, -100, 100) }], { to: 6 }, 23, ['int32']],
    ['CastLike', [{ name: 'x', t: randTensor([10], 44, -100, 100) }, { name: 'like', t: new Tensor('int64', [0n], [1]), init: true }], {}, 23, ['int64']],
    ['Identity', [{ name: 'x', t: x() }], {}, 23],
    ['Reshape', [{ name: 'x', t: x() }, { name: 's', t: i64([0, -1, 5]), init: true }], {}, 23],
    ['Transpose', [{ name: 'x', t: x() }], { perm: [3, 1, 0, 2] }, 23],
    ['Flatten', [{ name: 'x', t: x() }], { axis: -2 }, 23],
    ['Squeeze', [{ name: 'x', t: randTensor([3, 1, 4], 36) }, { name: 'a', t: i64([1]), init: true }], {}, 23],
    ['Unsqueeze', [{ name: 'x', t: randTensor([3, 4], 37) }, { name: 'a', t: i64([0, -1]), init: true }], {}, 23],
    ['Shape', [{ name: 'x', t: x() }], { start: 1, end: -1 }, 23, ['int64']],
    ['Size', [{ name: 'x', t: x() }], {}, 23, ['int64']],
    ['IsNaN', [{ name: 'x', t: f32([0, NaN, Infinity, -1]) }], {}, 20, ['bool']],
    ['IsInf', [{ name: 'x', t: f32([0, NaN, Infinity, -Infinity]) }], { detect_negative: 0 }, 20, ['bool']],
  ];
  for (const [op, ins, a, opset, out] of cases) it(`${op}-${opVersion('', op, opset)}`, () => check(op, ins, a, opset, { out, atol: 1e-5 }));

  // the types the reasons say a later version added and the kernel refuses
  const refusedTypes: [string, DataType[]][] = [
    ...Object.entries(LATER_VERSIONS).filter(([, e]) => e.why.includes('bfloat16, which this kernel refuses')).map(([op]) => [op, ['bfloat16']] as [string, DataType[]]),
    ['ReduceMax', ['bool']], ['ReduceMin', ['bool']], ['IsInf', ['float16', 'bfloat16']],
  ];
  it('the types a later version only added are refused where the reason says so', () => {
    expect(refusedTypes.length).toBeGreaterThan(25);
    const c = cpu();
    for (const [op, types] of refusedTypes) {
      const v = LATER_VERSIONS[op].upTo;
      for (const dtype of types) {
        const q = query(op, v);
        q.inputs[0] = { name: 'x', dtype };
        const r = c.supports(q);
        expect(r.ok, `${op}-${v} on ${dtype}`).toBe(false);
        expect(r.ok ? '' : r.reason, `${op}-${v} on ${dtype}`).toContain(dtype);
      }
    }
  });
});

describe('later versions onnxruntime 1.30 cannot run on CPU, checked by hand', () => {
  // onnxruntime has no EyeLike-22 kernel for bfloat16
  it('EyeLike-22 writes 1.0 in bfloat16 and float16', async () => {
    for (const [dtype, type] of [[16, 'bfloat16'], [10, 'float16']] as const) {
      const m = model('EyeLike', [{ name: 'x', t: randTensor([2, 3], 40) }], { dtype, k: 0 }, 22, [type]);
      const y = (await onCpu(m, { x: randTensor([2, 3], 40) })).y;
      const toF = type === 'bfloat16' ? bf16ToFloat : halfToFloat;
      expect(y.type).toBe(type);
      expect(Array.from(y.data as Uint16Array, toF)).toEqual([1, 0, 0, 0, 1, 0]);
    }
  });
  // onnxruntime's ConstantOfShape has no bfloat16
  it('ConstantOfShape-20 fills a bfloat16 value bit for bit', async () => {
    const m = model('ConstantOfShape', [{ name: 's', t: i64([2, 3]) }], { value: new Tensor('bfloat16', [0x3fc0], [1]) }, 20, ['bfloat16']);
    const y = (await onCpu(m, { s: i64([2, 3]) })).y;
    expect(y.type).toBe('bfloat16');
    expect(y.dims).toEqual([2, 3]);
    expect(Array.from(y.data as Uint16Array, bf16ToFloat)).toEqual([1.5, 1.5, 1.5, 1.5, 1.5, 1.5]);
  });
  it('DequantizeLinear-23 output_dtype float16 from a float32 scale', async () => {
    const m = model('DequantizeLinear', [{ name: 'x', t: new Tensor('uint8', [0, 10, 200], [3]) }, { name: 's', t: f32([0.1], []), init: true }, { name: 'z', t: new Tensor('uint8', [10], []), init: true }], { output_dtype: 10 }, 23, ['float16']);
    const y = (await onCpu(m, { x: new Tensor('uint8', [0, 10, 200], [3]) })).y;
    // onnxruntime fails on an output_dtype other than the scale's type; the spec: (x - 10) * 0.1,
    // formed in float32 and rounded to float16
    expect(y.type).toBe('float16');
    expect(Array.from(y.data as Uint16Array)).toEqual([-10, 0, 190].map((v) => floatToHalf(Math.fround(v * Math.fround(0.1)))));
  });
});

/** The version range a cpu kernel implements, as kernel.ts derives it (an explicit `versions` first). */
const kernelOf = (op: string) => KERNELS.find((k) => k.opType === op && !k.domain);
const firstVersion = (op: string) => kernelOf(op)?.versions?.[0] ?? 1;
const lastVersion = (op: string) => kernelOf(op)?.versions?.[1] ?? LATER_VERSIONS[op]?.upTo ?? opVersion('', op, 17)!;

function query(op: string, opset: number, version = opVersion('', op, opset)): NodeQuery {
  const node: Node = { name: `${op}_0`, opType: op, domain: '', inputs: ['x', 'b', 'c'], outputs: ['y'], attributes: {} };
  return { node, opset, version, inputs: [{ name: 'x', dtype: 'float32' }, undefined, undefined], outputs: [undefined], constants: new Set() };
}

describe('versions a kernel does not implement are refused', () => {
  it('every since-version after the declared range is refused by name, version and range; the declared ones are not', () => {
    const c = cpu();
    let refused = 0;
    for (const op of cpuOps()) {
      const versions = opVersions('', op);
      if (!versions) continue;
      const last = lastVersion(op);
      for (const v of versions) {
        if (v <= 17 && v <= last) continue;
        const r = c.supports(query(op, v));
        if (v > last) {
          refused++;
          expect(r.ok, `${op}-${v}`).toBe(false);
          const reason = r.ok ? '' : r.reason;
          expect(reason).toContain(`${op}-${v}`);
          expect(reason).toContain(`${op} versions ${firstVersion(op)} to ${last}`);
        } else if (!r.ok) expect(r.reason, `${op}-${v}`).not.toMatch(/newer than the cpu kernel/);
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('QuantizeLinear-23 is refused by cpu and goes to ort, between nodes that stay on cpu', async () => {
    const r = cpu().supports(query('QuantizeLinear', 23));
    expect(r).toEqual({ ok: false, reason: 'QuantizeLinear-23 (opset 23) is newer than the cpu kernel implements (QuantizeLinear versions 1 to 21)' });
    expect(cpu().supports(query('QuantizeLinear', 21)).ok).toBe(true);

    const s = f32([0.05], []), z = new Tensor('uint8', [128], []);
    const m: Model = {
      irVersion: 11, opsetImports: { '': 23 }, metadata: {},
      graph: {
        name: 'g',
        nodes: [
          { name: 'relu', opType: 'Relu', domain: '', inputs: ['x'], outputs: ['r'], attributes: {} },
          { name: 'q', opType: 'QuantizeLinear', domain: '', inputs: ['r', 's', 'z'], outputs: ['qr'], attributes: {} },
          { name: 'dq', opType: 'DequantizeLinear', domain: '', inputs: ['qr', 's', 'z'], outputs: ['y'], attributes: {} },
        ],
        inputs: [{ name: 'x', dtype: 'float32', shape: [2, 8] }],
        outputs: [{ name: 'y', dtype: 'float32' }],
        initializers: new Map<string, Tensor>([['s', s], ['z', z]]),
        valueInfo: new Map(),
      },
    };
    const refusal = 'QuantizeLinear-23 (opset 23) is newer than the cpu kernel implements (QuantizeLinear versions 1 to 21)';
    // the ort adapter answers by opset (MAX_OPSET in adapters/ort); while that is below 23 it refuses
    // the whole model, and the session says why each adapter refused the node
    const ortTakes = ort().supports(query('QuantizeLinear', 23)).ok;
    if (!ortTakes) {
      await expect(Session.create(m, { adapters: [cpu(), ort()] })).rejects.toThrow(`cpu: ${refusal}`);
      return;
    }
    const session = await Session.create(m, { adapters: [cpu(), ort()] });
    const placed = Object.fromEntries(session.placement().map((p) => [p.opType, p]));
    expect(placed.Relu.adapter).toBe('cpu');
    expect(placed.DequantizeLinear.adapter).toBe('cpu');
    expect(placed.QuantizeLinear.adapter).toBe('ort');
    expect(placed.QuantizeLinear.refused).toEqual([{ adapter: 'cpu', reason: refusal }]);
    const x = randTensor([2, 8], 50, -3, 8);
    const ours = await session.run({ x });
    const ref = await runOrt(m, { x });
    expect(mismatch(ours.y, ref.y, 0, 0)).toBeUndefined();
  });
});
