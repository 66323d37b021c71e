/**
 * The whole conformance run for one adapter, as a library call: the suites asked for,
 * judged against a baseline of known failures, built into one Report. `anychip
 * conformance` is this function plus argument parsing and file writing.
 */
import { type Adapter, BadInputError, validateAdapter } from '@anychip/core';
import * as fs from 'node:fs';
import { type Baseline, diffBaseline, readBaseline } from './baseline.js';
import { runContractCases } from './cases/contract.js';
import { runGeneratedCases } from './cases/generated.js';
import { runModelCases } from './cases/models.js';
import { ONNX_SUITES, ONNX_TESTDATA, listOnnxCases } from './cases/onnx.js';
import { type Report, buildReport } from './report.js';
import { type CaseResult, runOnnxCases } from './runner.js';

/** Every suite runConformance knows: the ONNX backend test data's suites, then ours. */
export const SUITES = [...ONNX_SUITES, 'generated', 'models', 'contract'] as const;
export type Suite = (typeof SUITES)[number];

export interface ConformanceProgress {
  /** The suite the case belongs to ('node', 'generated', 'models', 'contract', ...). */
  suite: string;
  result: CaseResult;
  /** Cases finished and expected in this phase (the ONNX suites count as one phase). */
  done: number;
  total: number;
}

export interface ConformanceOptions {
  /** Suites to run (see SUITES); all of them when not given. */
  suites?: readonly string[];
  /** Only cases whose id matches (ids: onnx/<suite>/<name>, gen/<op>/<dtype>/<k>, model/<name>, contract/<name>). */
  filter?: RegExp;
  /** Known failures to judge against: a baseline, or the path of a baseline file. */
  baseline?: Baseline | string;
  /** The name the report gives the baseline (defaults to its path, or 'baseline'). */
  baselineName?: string;
  /**
   * Runs the nodes the adapter refuses in the real-model cases (pass `cpu()`), so a partial
   * adapter still runs whole models. Without it the adapter must run every node itself.
   */
  fallback?: Adapter<any, any>;
  /** Called after every case. */
  onProgress?: (p: ConformanceProgress) => void;
  /** Root of the ONNX backend test data (Debian's libonnx-testdata). */
  testdata?: string;
}

/**
 * Runs the conformance suites on one adapter and returns the report: per-case results,
 * summary, op coverage, worst error per op, and regressions and fixes against the baseline.
 * Bad options (unknown suite, missing ONNX test data) are BadInputErrors.
 */
export async function runConformance(adapter: Adapter<any, any>, options: ConformanceOptions = {}): Promise<Report> {
  const desc = validateAdapter(adapter);
  const suites = options.suites ?? SUITES;
  const unknown = suites.filter((s) => !(SUITES as readonly string[]).includes(s));
  if (unknown.length) throw new BadInputError(`unknown suite${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `'${s}'`).join(', ')}; suites are: ${SUITES.join(', ')}`);
  const { filter, onProgress } = options;
  const testdata = options.testdata ?? ONNX_TESTDATA;
  const onnxSuites = suites.filter((s) => (ONNX_SUITES as readonly string[]).includes(s));
  const cases = listOnnxCases(testdata, onnxSuites);
  if (onnxSuites.length && !cases.length && !fs.existsSync(testdata)) {
    throw new BadInputError(`no ONNX backend test cases found under ${testdata}; install them with: apt-get install libonnx-testdata (or leave out the suites ${onnxSuites.join(', ')})`);
  }
  const baseline = typeof options.baseline === 'string' ? readBaseline(options.baseline) : options.baseline;
  const baselineName = options.baselineName ?? (typeof options.baseline === 'string' ? options.baseline : undefined);

  const results: CaseResult[] = await runOnnxCases(adapter, cases, {
    filter,
    onResult: (result, done, total) => onProgress?.({ suite: result.suite, result, done, total }),
  });
  // these suites report in batches; progress follows each batch
  const batch = (rs: CaseResult[]) => {
    rs.forEach((result, i) => onProgress?.({ suite: result.suite, result, done: i + 1, total: rs.length }));
    results.push(...rs);
  };
  if (suites.includes('generated')) batch(await runGeneratedCases(adapter, { filter }));
  if (suites.includes('models')) batch(await runModelCases(adapter, options.fallback, filter));
  // contract cases judge the results so far (capability honesty); they join as suite 'contract'
  if (suites.includes('contract') && (!filter || filter.test('contract/') || filter.source.includes('contract'))) {
    const k = await runContractCases(adapter, results);
    batch(k.map((c) => ({ id: c.id, suite: 'contract', status: c.status, reason: c.message, ops: [], ms: 0 })).filter((r) => !filter || filter.test(r.id)));
  }
  const { regressions, fixed } = diffBaseline(results, baseline);
  return buildReport(desc, results, baseline, regressions, fixed, baselineName);
}
