/**
 * The demo as a library call: every model on every adapter given, on one seeded input,
 * timed, and each adapter's outputs judged against the first adapter's under the
 * whole-model tolerance policy. `anychip demo` prints the rows.
 */
import { type Adapter, BadInputError, Session, Tensor, isAnychipError, seededUniform, validateAdapter } from '@anychip/core';
import { MODELS, type ModelSpec, modelPath, selectModels } from './models.js';
import { type Budget, type Numerics, compareOutputs, modelBudget } from './tolerance.js';

/** The median of a list of numbers (NaN when empty). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  if (!s.length) return NaN;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One warm-up run (timed as `firstMs`), then `runs` timed runs; returns the warm-up's outputs. */
export async function timeRuns(s: Session, feeds: Record<string, Tensor>, runs: number): Promise<{ outputs: Record<string, Tensor>; firstMs: number; medianMs: number; runs: number }> {
  const t0 = performance.now();
  const outputs = await s.run(feeds);
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t);
  }
  return { outputs, firstMs, medianMs: times.length ? median(times) : firstMs, runs: times.length };
}

export interface NamedAdapter {
  /** What the rows call it (the CLI uses the spec it was given: 'cpu', 'ort', a package). */
  name: string;
  adapter: Adapter<any, any>;
}

export interface DemoRow {
  model: string;
  input: number[];
  adapter: string;
  /** The adapter whose outputs this row is compared with: the first adapter that ran the model. */
  reference: string;
  medianMs: number;
  firstMs: number;
  runs: number;
  /** Every output element within `budget` of the reference's. */
  agrees: boolean;
  /** The worst element's error as a fraction of its allowance (<= 1 agrees). */
  worst: number;
  maxAbs: number;
  /** modelBudget() of this adapter's and the reference's declared numerics. */
  budget: Budget;
  /** Why it does not agree, or the error that stopped it. */
  reason?: string;
  /** Set when the adapter could not run the model (a typed anychip error). */
  error?: { code: string; message: string };
}

export interface DemoOptions {
  /** In order; the first one that runs a model is the reference for the others. */
  adapters: readonly NamedAdapter[];
  /** Models by name or spec (default: all of MODELS). */
  models?: readonly (string | ModelSpec)[];
  /** Timed runs after the warm-up run (default 3). */
  runs?: number;
  /** Seed of the input data (default 7). */
  seed?: number;
  /** Called as each row is ready, for printing as it goes. */
  onRow?: (row: DemoRow) => void;
}

/**
 * Runs every model on every adapter, one session per pair, and compares each adapter's
 * outputs with the reference's. An adapter that cannot run a model gets a row with `error`
 * and does not agree; other failures are thrown.
 */
export async function runDemo(options: DemoOptions): Promise<DemoRow[]> {
  const { adapters, runs = 3, seed = 7, onRow } = options;
  if (!adapters.length) throw new BadInputError('the demo needs at least one adapter');
  if (!Number.isInteger(runs) || runs < 0) throw new BadInputError(`runs must be a whole number >= 0, got ${runs}`);
  const specs = (options.models ?? MODELS).map((m) => (typeof m === 'string' ? selectModels([m])[0] : m));
  const numerics = new Map<string, Numerics>(adapters.map((a) => [a.name, validateAdapter(a.adapter).numerics]));
  const rows: DemoRow[] = [];
  for (const m of specs) {
    const dims = [...m.dims];
    const x = new Tensor('float32', seededUniform(dims.reduce((a, b) => a * b, 1), seed), dims);
    let ref: { name: string; outputs: Record<string, Tensor> } | undefined;
    for (const a of adapters) {
      const base = { model: m.name, input: dims, adapter: a.name };
      let s: Session | undefined;
      let row: DemoRow;
      try {
        s = await Session.create(modelPath(m), { adapters: [a.adapter] });
        const r = await timeRuns(s, { [m.input]: x }, runs);
        ref ??= { name: a.name, outputs: r.outputs };
        const budget = modelBudget(numerics.get(ref.name)!, numerics.get(a.name)!);
        const c = compareOutputs(r.outputs, ref.outputs, budget);
        row = { ...base, reference: ref.name, medianMs: r.medianMs, firstMs: r.firstMs, runs: r.runs, agrees: c.agrees, worst: c.worst, maxAbs: c.maxAbs, budget, reason: c.reason };
      } catch (e) {
        if (!isAnychipError(e)) throw e;
        const message = String((e as Error).message).split('\n')[0];
        row = {
          ...base, reference: ref?.name ?? a.name, medianMs: NaN, firstMs: NaN, runs: 0, agrees: false, worst: Infinity, maxAbs: NaN,
          budget: modelBudget(numerics.get(a.name)!), reason: `${e.code}: ${message}`, error: { code: e.code, message },
        };
      } finally {
        await s?.dispose();
      }
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}
