import {
  type Adapter, type DataType, type Model, type ResolvedAdapterDescription, Session, type Tensor,
  inferTypes, isAnychipError, loadModel, prepareModel, validateAdapter,
} from '@anychip/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type OnnxCase, loadDataSets, retype } from './cases/onnx.js';
import { type Budget, type Mismatch, compareData, nodeBudget, sumBudgets, valuesOf } from './tolerance.js';

export type Status = 'pass' | 'fail' | 'error' | 'skip';

export interface CaseResult {
  id: string;
  suite: string;
  status: Status;
  /** Why it did not pass: the typed error, or the first element out of budget. */
  reason?: string;
  /** Op types the case's graph uses, and the element type each sees first. */
  ops: { op: string; dtype?: DataType }[];
  /** Worst element error as a fraction of its allowance, over all outputs (<= 1 passes). */
  worst?: number;
  maxAbs?: number;
  budget?: Budget;
  firstMismatch?: Mismatch & { output: string; dataSet: string };
  ms: number;
}

function opsOf(model: Model): CaseResult['ops'] {
  const known = inferTypes(model);
  const seen = new Map<string, DataType | undefined>();
  const visit = (nodes: Model['graph']['nodes']) => {
    for (const n of nodes) {
      const key = `${n.domain ? `${n.domain}.` : ''}${n.opType}`;
      if (!seen.has(key)) seen.set(key, known.get(n.inputs.find(Boolean) ?? '')?.dtype ?? known.get(n.outputs[0])?.dtype);
      for (const a of Object.values(n.attributes)) if (a.type === 'graph') visit(a.value.nodes);
    }
  };
  visit(model.graph.nodes);
  return [...seen].map(([op, dtype]) => ({ op, dtype }));
}

/** The graph's budget for one output: every node's budget, summed. */
function graphBudget(model: Model, feeds: Record<string, Tensor>, dtype: DataType, numerics: ResolvedAdapterDescription['numerics']): Budget {
  const shapes = new Map(Object.entries(feeds).map(([k, t]) => [k, { name: k, dtype: t.type, shape: [...t.dims] }]));
  const known = inferTypes(model, shapes);
  const concrete = (x: string) => {
    const s = known.get(x)?.shape;
    return s && s.every((d) => typeof d === 'number') ? (s as number[]) : undefined;
  };
  return sumBudgets(model.graph.nodes.map((n) => nodeBudget(n, dtype, n.inputs.map(concrete), numerics)));
}

export interface RunOptions {
  filter?: RegExp;
  onResult?: (r: CaseResult, done: number, total: number) => void;
}

/** Runs ONNX backend test cases on one adapter, alone (no fallback), one session per case. */
export async function runOnnxCases(adapter: Adapter<any, any>, cases: OnnxCase[], opts: RunOptions = {}): Promise<CaseResult[]> {
  const desc = validateAdapter(adapter);
  const todo = opts.filter ? cases.filter((c) => opts.filter!.test(c.id)) : cases;
  const results: CaseResult[] = [];
  for (const c of todo) {
    const r = await runOne(adapter, desc, c);
    results.push(r);
    opts.onResult?.(r, results.length, todo.length);
  }
  return results;
}

async function runOne(adapter: Adapter<any, any>, desc: ResolvedAdapterDescription, c: OnnxCase): Promise<CaseResult> {
  const t0 = performance.now();
  const base = { id: c.id, suite: c.suite };
  let session: Session | undefined;
  let ops: CaseResult['ops'] = [];
  try {
    const model = prepareModel(await loadModel(fs.readFileSync(path.join(c.dir, 'model.onnx'))));
    ops = opsOf(model);
    session = await Session.create(model, { adapters: [adapter] });
    let worst = 0, maxAbs = 0;
    let budget: Budget | undefined;
    for (const set of loadDataSets(c)) {
      const feeds: Record<string, Tensor> = {};
      session.inputNames.forEach((name, i) => { if (set.inputs[i]) feeds[name] = retype(set.inputs[i], session!.inputMetadata[i].type); });
      const out = await session.run(feeds);
      for (let i = 0; i < set.outputs.length; i++) {
        const name = session.outputNames[i];
        const exp = retype(set.outputs[i], session.outputMetadata[i]?.type ?? out[name]?.type);
        const got = out[name];
        if (!got) return { ...base, ops, status: 'fail', reason: `output '${name}' missing`, ms: performance.now() - t0 };
        if (got.dims.join() !== exp.dims.join()) return { ...base, ops, status: 'fail', reason: `output '${name}': shape [${got.dims}] but expected [${exp.dims}]`, ms: performance.now() - t0 };
        if (got.type !== exp.type) return { ...base, ops, status: 'fail', reason: `output '${name}': type ${got.type} but expected ${exp.type}`, ms: performance.now() - t0 };
        budget = graphBudget(session.model, feeds, exp.type, desc.numerics);
        const cmp = compareData(valuesOf(got), valuesOf(exp), exp.type, budget);
        worst = Math.max(worst, cmp.worst);
        maxAbs = Math.max(maxAbs, cmp.maxAbs);
        if (cmp.first) {
          const m = cmp.first;
          return { ...base, ops, status: 'fail', worst, maxAbs, budget, firstMismatch: { ...m, output: name, dataSet: set.name }, reason: `output '${name}' element ${m.index}: got ${String(m.got)}, expected ${String(m.expected)} (|diff| ${m.absErr.toPrecision(3)}, budget abs ${budget.abs.toPrecision(2)} + rel ${budget.rel.toPrecision(2)}, ${budget.ulp} ulp)`, ms: performance.now() - t0 };
        }
      }
    }
    return { ...base, ops, status: 'pass', worst, maxAbs, budget, ms: performance.now() - t0 };
  } catch (e) {
    const code = isAnychipError(e) ? (e as { code: string }).code : 'E_CRASH';
    const msg = String((e as Error)?.message ?? e).split('\n')[0];
    // refused before running (no kernel, unsupported type) is a skip; anything else is an error
    const skip = code === 'E_UNSUPPORTED' && !session;
    return { ...base, ops, status: skip ? 'skip' : 'error', reason: `${code}: ${msg}`, ms: performance.now() - t0 };
  } finally {
    await session?.dispose();
  }
}
