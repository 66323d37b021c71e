import { type Attribute, Session, Tensor } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { describe, expect, it } from 'vitest';
import { attrs, mismatch, randTensor, runOrt, singleOpModel } from '../../../test/helpers.js';

// Runs one op on cpu and on onnxruntime-node with the same inputs and compares.
// Tighter than the conformance policy (docs/numerics.md) on purpose: one kernel against
// onnxruntime on small random inputs should agree to a few float32 ulps, and a looser bound
// would hide a kernel that is slightly wrong.
async function check(opType: string, ins: { name: string; t: Tensor; init?: boolean }[], a: Record<string, Attribute>, opset = 13, tol = { atol: 1e-5, rtol: 1e-4 }) {
  const model = singleOpModel(opType, ins.map((i) => ({ name: i.name, type: i.t.type, dims: [...i.t.dims], init: i.init ? i.t : undefined })), ['y'], a, opset);
  const feeds = Object.fromEntries(ins.filter((i) => !i.init).map((i) => [i.name, i.t]));
  const s = await Session.create(model, { adapters: [cpu()] });
  const ours = await s.run(feeds);
  const ref = await runOrt(model, feeds);
  expect(mismatch(ours.y, ref.y, tol.atol, tol.rtol), `${opType} ${JSON.stringify(a)}`).toBeUndefined();
}

describe('Conv matches onnxruntime', () => {
  const cases: [string, number[], number[], Record<string, number | number[] | string>][] = [
    ['3x3 pad 1', [1, 8, 13, 11], [16, 8, 3, 3], { pads: [1, 1, 1, 1] }],
    ['3x3 stride 2 asym pads', [2, 5, 17, 9], [7, 5, 3, 3], { strides: [2, 2], pads: [0, 1, 1, 0] }],
    ['1x1 pointwise', [1, 32, 10, 10], [24, 32, 1, 1], {}],
    ['depthwise 5x5 stride 2', [1, 12, 21, 19], [12, 1, 5, 5], { group: 12, pads: [2, 2, 2, 2], strides: [2, 2] }],
    ['depthwise 3x3 dilated', [1, 6, 15, 15], [6, 1, 3, 3], { group: 6, dilations: [2, 2], pads: [2, 2, 2, 2] }],
    ['grouped', [1, 8, 9, 9], [12, 4, 3, 3], { group: 2, pads: [1, 1, 1, 1] }],
    ['depth multiplier 2', [1, 4, 8, 8], [8, 1, 3, 3], { group: 4 }],
    ['SAME_UPPER', [1, 3, 10, 7], [4, 3, 3, 3], { auto_pad: 'SAME_UPPER', strides: [2, 2] }],
    ['1x3 kernel, stride 2x1', [1, 4, 6, 12], [5, 4, 1, 3], { pads: [0, 1, 0, 1], strides: [2, 1] }],
    ['1-D', [2, 3, 20], [4, 3, 5], { pads: [2, 2], strides: [3] }],
  ];
  for (const [name, x, w, a] of cases) {
    it(name, async () => {
      await check('Conv', [{ name: 'x', t: randTensor(x, 1) }, { name: 'w', t: randTensor(w, 2), init: true }, { name: 'b', t: randTensor([w[0]], 3), init: true }], attrs(a));
    });
  }
});

describe('ConvTranspose matches onnxruntime', () => {
  const cases: [string, number[], number[], Record<string, number | number[] | string>][] = [
    ['2x2 stride 2', [1, 8, 5, 6], [8, 4, 2, 2], { strides: [2, 2] }],
    ['3x3 stride 2 pads', [1, 3, 7, 7], [3, 5, 3, 3], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }],
    ['grouped dilated', [1, 4, 5, 5], [4, 3, 3, 3], { group: 2, dilations: [2, 2] }],
  ];
  for (const [name, x, w, a] of cases) {
    it(name, async () => {
      const cout = w[1] * ((a.group as number) ?? 1);
      await check('ConvTranspose', [{ name: 'x', t: randTensor(x, 4) }, { name: 'w', t: randTensor(w, 5), init: true }, { name: 'b', t: randTensor([cout], 6), init: true }], attrs(a));
    });
  }
});

describe('pools, resize and friends match onnxruntime', () => {
  it('MaxPool ceil_mode with pads', () => check('MaxPool', [{ name: 'x', t: randTensor([1, 3, 11, 10], 7) }], attrs({ kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 })));
  it('AveragePool count_include_pad', () => check('AveragePool', [{ name: 'x', t: randTensor([1, 2, 9, 9], 8) }], attrs({ kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 1 })));
  it('AveragePool excluding pad, 3x2 windows', () => check('AveragePool', [{ name: 'x', t: randTensor([1, 2, 12, 40], 9) }], attrs({ kernel_shape: [3, 2], strides: [3, 2] })));
  it('GlobalAveragePool', () => check('GlobalAveragePool', [{ name: 'x', t: randTensor([2, 5, 7, 3], 10) }], {}));
  for (const [mode, ctm, nm] of [['nearest', 'asymmetric', 'floor'], ['nearest', 'half_pixel', 'round_prefer_floor'], ['linear', 'half_pixel', ''], ['linear', 'align_corners', ''], ['linear', 'pytorch_half_pixel', '']]) {
    it(`Resize ${mode} ${ctm}`, () => {
      const a: Record<string, string> = { mode, coordinate_transformation_mode: ctm };
      if (nm) a.nearest_mode = nm;
      // align_corners: onnxruntime divides by the integer output length, the ONNX reference
      // by in * scale (the ONNX test data's oracle, which we follow); they agree when in * scale
      // is a whole number, so this onnxruntime comparison uses such scales
      const scales = ctm === 'align_corners' ? [1, 1, 2, 3] : [1, 1, 2, 1.5];
      return check('Resize', [{ name: 'x', t: randTensor([1, 2, 5, 7], 11) }, { name: 'roi', t: new Tensor('float32', [], [0]), init: true }, { name: 'scales', t: new Tensor('float32', scales, [4]), init: true }], attrs(a), 13);
    });
  }
  it('int32 Mul keeps the low 32 bits of products past 2^53, as C does', () => check('Mul', [
    { name: 'a', t: new Tensor('int32', [123456789, -2147483648, 65537, 7], [4]) }, { name: 'b', t: new Tensor('int32', [987654321, -1, 65537, -3], [4]) },
  ], {}, 14, { atol: 0, rtol: 0 }));
  it('Softmax opset 11 coerces to 2-D', () => check('Softmax', [{ name: 'x', t: randTensor([2, 3, 4], 12, -5, 5) }], attrs({ axis: 1 }), 11));
  it('Softmax opset 13 on one axis', () => check('Softmax', [{ name: 'x', t: randTensor([2, 3, 4], 12, -5, 5) }], attrs({ axis: 1 }), 13));
  it('MatMul with broadcast batch', () => check('MatMul', [{ name: 'a', t: randTensor([2, 1, 5, 7], 13) }, { name: 'b', t: randTensor([3, 7, 6], 14) }], {}));
  it('Gemm transB with bias', () => check('Gemm', [{ name: 'a', t: randTensor([5, 9], 15) }, { name: 'b', t: randTensor([4, 9], 16) }, { name: 'c', t: randTensor([4], 17) }], attrs({ transB: 1, alpha: 0.5, beta: 2 })));
  it('Transpose 5-D', () => check('Transpose', [{ name: 'x', t: randTensor([2, 3, 4, 5, 2], 18) }], attrs({ perm: [2, 0, 3, 1, 4] })));
  it('ReduceMean keepdims', () => check('ReduceMean', [{ name: 'x', t: randTensor([3, 4, 5], 19) }], attrs({ axes: [0, 2], keepdims: 1 })));
  it('BatchNormalization', () => check('BatchNormalization', [{ name: 'x', t: randTensor([2, 3, 4, 4], 20) }, { name: 's', t: randTensor([3], 21), init: true }, { name: 'b', t: randTensor([3], 22), init: true }, { name: 'm', t: randTensor([3], 23), init: true }, { name: 'v', t: randTensor([3], 24, 0.1, 2), init: true }], attrs({ epsilon: 1e-5 })));
  it('HardSigmoid', () => check('HardSigmoid', [{ name: 'x', t: randTensor([100], 25, -6, 6) }], attrs({ alpha: 0.1666667, beta: 0.5 })));
  it('Add broadcasting [N,C,H,W] + [C,1,1]', () => check('Add', [{ name: 'a', t: randTensor([2, 3, 4, 5], 26) }, { name: 'b', t: randTensor([3, 1, 1], 27) }], {}));
  it('Mul broadcasting [4,1] x [3]', () => check('Mul', [{ name: 'a', t: randTensor([4, 1], 28) }, { name: 'b', t: randTensor([3], 29) }], {}));
  it('Div by a broadcast middle axis', () => check('Div', [{ name: 'a', t: randTensor([2, 3, 4], 30) }, { name: 'b', t: randTensor([2, 1, 4], 31, 0.5, 2) }], {}));
  it('Slice with negative steps', async () => {
    await check('Slice', [{ name: 'x', t: randTensor([5, 6, 7], 32) }, { name: 's', t: new Tensor('int64', [4n, -1n], [2]), init: true }, { name: 'e', t: new Tensor('int64', [0n, -7n], [2]), init: true }, { name: 'a', t: new Tensor('int64', [0n, 2n], [2]), init: true }, { name: 'st', t: new Tensor('int64', [-2n, -3n], [2]), init: true }], {});
  });
});
