import { BadInputError } from '@anychip/core';
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
    throw new BadInputError(`cannot read baseline '${file}': ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  const p = BaselineSchema.safeParse(raw);
  if (!p.success) throw new BadInputError(`baseline '${file}' is invalid at '${p.error.issues[0].path.join('.')}': ${p.error.issues[0].message}`);
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
 * Whether a baseline reason is only a dumped status or error message (`fail: ...`,
 * `error: E_...: ...`, `skip: E_UNSUPPORTED: ...`) rather than a reason a person wrote.
 */
export function isGeneratedReason(why: string): boolean {
  return /^(fail|error|skip): /.test(why);
}

export interface BaselineFromOptions {
  /**
   * Record `<status>: <message>` for cases without a written reason instead of refusing.
   * The CLI's `--accept-generated-reasons`.
   */
  acceptGeneratedReasons?: boolean;
}

/**
 * A baseline that records the current non-passing cases. Reasons a person wrote in
 * `previous` are kept. A case with no written reason is refused with a BadInputError that
 * lists the case ids (a known failure needs a why, not a copy of the error), unless
 * `acceptGeneratedReasons` is set, which records the status and message instead.
 */
export function baselineFrom(adapter: string, results: CaseResult[], previous?: Baseline, options: BaselineFromOptions = {}): Baseline {
  const cases: Record<string, string> = {};
  const missing: string[] = [];
  for (const r of results) {
    if (r.status === 'pass') continue;
    const old = previous?.cases[r.id];
    if (old !== undefined && !isGeneratedReason(old)) { cases[r.id] = old; continue; }
    if (!options.acceptGeneratedReasons) missing.push(r.id);
    cases[r.id] = `${r.status}: ${r.reason ?? 'no reason recorded'}`;
  }
  if (missing.length) {
    throw new BadInputError(`${missing.length} failing case(s) have no hand-written reason in the baseline: ${missing.join(', ')}; write why each fails in the baseline file (a reason that does not start with 'fail:', 'error:' or 'skip:'), or record the status messages as they are (acceptGeneratedReasons; the CLI's --accept-generated-reasons)`);
  }
  return { adapter, cases };
}
