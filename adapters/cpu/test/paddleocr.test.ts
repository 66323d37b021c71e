import { Session, Tensor } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, mismatch, runOrt, seeded } from '../../../test/helpers.js';

// The acceptance bar: every element within atol 1e-4 + rtol 1e-3 of onnxruntime-node.
const CASES = [
  { file: 'ch_PP-OCRv4_det_infer.onnx', dims: [1, 3, 640, 640] },
  { file: 'ch_PP-OCRv4_rec_infer.onnx', dims: [1, 3, 48, 320] },
  { file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', dims: [1, 3, 48, 192] },
];

describe('PaddleOCR models on the cpu adapter match onnxruntime-node', () => {
  for (const c of CASES) {
    it(`${c.file} at ${c.dims.join('x')}`, async () => {
      const file = path.join(MODELS_DIR, c.file);
      const x = new Tensor('float32', seeded(c.dims.reduce((a, b) => a * b, 1), 1234), c.dims);
      const s = await Session.create(file, { adapters: [cpu()] });
      const ours = await s.run({ x });
      const ref = await runOrt(file, { x });
      for (const name of s.outputNames) {
        expect(ours[name].dims).toEqual(ref[name].dims);
        expect(mismatch(ours[name], ref[name], 1e-4, 1e-3)).toBeUndefined();
      }
      expect(s.placement().every((p) => p.adapter === 'cpu')).toBe(true);
      await s.dispose();
    });
  }
});
