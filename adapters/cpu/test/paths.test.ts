import { Session, Tensor } from '@anychip/core';
import { cpu, setForceJsGemm, usesSimd } from '@anychip/adapter-cpu';
import { modelPath, selectModels } from '@anychip/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { attrs, mismatch, randTensor, runOrt, seeded, singleOpModel } from '../../../test/helpers.js';

describe('elementwise fusion', () => {
  it('fused and unfused runs are bit-identical on real models', async () => {
    for (const m of selectModels(['ppocr-cls', 'ppocr-rec'])) {
      const x = new Tensor('float32', seeded(m.dims.reduce((a, b) => a * b, 1), 77), [...m.dims]);
      const a = await (await Session.create(modelPath(m), { adapters: [cpu()] })).run({ [m.input]: x });
      const b = await (await Session.create(modelPath(m), { adapters: [cpu({ fuse: false })] })).run({ [m.input]: x });
      for (const k of Object.keys(a)) expect(mismatch(a[k], b[k], 0, 0)).toBeUndefined();
    }
  });

  it('falls back to per-node kernels when an operand broadcasts', async () => {
    const m = singleOpModel('Add', [{ name: 'x', type: 'float32', dims: [2, 3, 4] }, { name: 'b', type: 'float32', dims: [3, 1], init: randTensor([3, 1], 2) }], ['s']);
    m.graph.nodes.push({ name: 'r', opType: 'Relu', domain: '', inputs: ['s'], outputs: ['y'], attributes: {} });
    m.graph.outputs = [{ name: 'y', dtype: 'float32' }];
    const x = randTensor([2, 3, 4], 1);
    const ours = await (await Session.create(m, { adapters: [cpu()] })).run({ x });
    const ref = await runOrt(m, { x });
    expect(mismatch(ours.y, ref.y, 0, 0)).toBeUndefined();
  });
});

describe('plain-JS kernels (hosts without WASM SIMD)', () => {
  afterAll(() => setForceJsGemm(false));
  it('Conv, depthwise and MatMul match onnxruntime on the JS path too', async () => {
    expect(usesSimd()).toBe(true); // Node 20 has WASM SIMD: the default path is the SIMD one
    setForceJsGemm(true);
    expect(usesSimd()).toBe(false);
    const cases: [string, number[], number[], Record<string, number | number[]>][] = [
      ['Conv', [1, 8, 13, 11], [16, 8, 3, 3], { pads: [1, 1, 1, 1] }],
      ['Conv', [1, 12, 21, 19], [12, 1, 5, 5], { group: 12, pads: [2, 2, 2, 2], strides: [2, 2] }],
    ];
    for (const [op, xd, wd, a] of cases) {
      const m = singleOpModel(op, [{ name: 'x', type: 'float32', dims: xd }, { name: 'w', type: 'float32', dims: wd, init: randTensor(wd, 3) }], ['y'], attrs(a));
      const x = randTensor(xd, 4);
      const ours = await (await Session.create(m, { adapters: [cpu()] })).run({ x });
      // one kernel against onnxruntime: tighter than the conformance policy on purpose (see kernels.test.ts)
      expect(mismatch(ours.y, (await runOrt(m, { x })).y, 1e-5, 1e-4)).toBeUndefined();
    }
  });
});
