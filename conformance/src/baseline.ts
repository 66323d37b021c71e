import { z } from 'zod';
import * as fs from 'node:fs';
import type { CaseResult } from './runner.js';

/** A committed list of cases an adapter is known not to pass, each with its reason. */
export const BaselineSchema = z.object({
  adapter: z.string(),
  cases: z.record(z.string(), z.string().min(3, 'every known failure needs a reason')),
});
export type Baseline = z.infer<typeof BaselineSchema>;

export function readBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read baseline '${file}': ${(e as Error).message}`);
  }
  const p = BaselineSchema.safeParse(raw);
  if (!p.success) throw new Error(`baseline '${file}' is invalid at '${p.error.issues[0].path.join('.')}': ${p.error.issues[0].message}`);
  return p.data;
}

/** Regressions: cases that do not pass and are not known failures. Fixed: known failures that now pass. */
export function diffBaseline(results: CaseResult[], baseline?: Baseline): { regressions: CaseResult[]; fixed: string[] } {
  const known = baseline?.cases ?? {};
  return {
    regressions: results.filter((r) => r.status !== 'pass' && !(r.id in known)),
    fixed: results.filter((r) => r.status === 'pass' && r.id in known).map((r) => r.id),
  };
}

/**
 * A baseline that records the current non-passing cases with their reasons. Reasons a
 * person wrote in `previous` (anything not starting with a status word) are kept.
 */
export function baselineFrom(adapter: string, results: CaseResult[], previous?: Baseline): Baseline {
  const cases: Record<string, string> = {};
  const written = (why: string | undefined) => why !== undefined && !/^(fail|error|skip): /.test(why);
  for (const r of results) {
    if (r.status === 'pass') continue;
    const old = previous?.cases[r.id];
    cases[r.id] = written(old) ? old! : `${r.status}: ${r.reason ?? 'no reason recorded'}`;
  }
  return { adapter, cases };
}
