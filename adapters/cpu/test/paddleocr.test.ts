import { Session, Tensor, validateAdapter } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { MODELS, compareOutputs, modelBudget, modelPath } from '@anychip/conformance';
import { describe, expect, it } from 'vitest';
import { runOrt, seeded } from '../../../test/helpers.js';

// The acceptance bar is the conformance policy's whole-model budget for the cpu adapter's
// declared numerics (abs 1e-4 + rel 1e-3 for float32 arithmetic).
describe('PaddleOCR models on the cpu adapter match onnxruntime-node', () => {
  for (const m of MODELS) {
    it(`${m.name} (${m.file}) at ${m.dims.join('x')}`, async () => {
      const file = modelPath(m);
      const dims = [...m.dims];
      const x = new Tensor('float32', seeded(dims.reduce((a, b) => a * b, 1), 1234), dims);
      const adapter = cpu();
      const s = await Session.create(file, { adapters: [adapter] });
      const ours = await s.run({ [m.input]: x });
      const ref = await runOrt(file, { [m.input]: x });
      expect(Object.keys(ours).sort()).toEqual(Object.keys(ref).sort());
      const c = compareOutputs(ours, ref, modelBudget(validateAdapter(adapter).numerics));
      expect(c.reason).toBeUndefined();
      expect(c.agrees).toBe(true);
      expect(s.placement().every((p) => p.adapter === 'cpu')).toBe(true);
      await s.dispose();
    });
  }
});
