import { BadInputError, validateAdapter } from '@anychip/core';
import * as fs from 'node:fs';
import { type Parsed, flag } from './args.js';
import { resolveAdapter } from './adapters.js';
import type { Print } from './commands.js';

/** Exit code when required cases regress against the baseline. */
export const EXIT_REGRESSION = 3;

export async function cmdConformance(p: Parsed, print: Print, json: boolean): Promise<number> {
  const spec = flag(p, 'adapter');
  if (!spec) throw new BadInputError('usage: anychip conformance --adapter <cpu|ort|package|path> [--suite node,simple,generated,models] [--filter re] [--report out.html] [--md out.md] [--json out.json] [--baseline known.json] [--write-baseline known.json]');
  const c = await import('@anychip/conformance');
  const adapter = await resolveAdapter(spec);
  const desc = validateAdapter(adapter);
  const suites = flag(p, 'suite')?.split(',') ?? [...c.ONNX_SUITES];
  const cases = c.listOnnxCases(undefined, suites.filter((x) => x !== 'models' && x !== 'generated' && x !== 'contract'));
  if (!cases.length && !suites.some((x) => x === 'models' || x === 'generated' || x === 'contract')) throw new BadInputError(`no ONNX backend test cases found under ${c.ONNX_TESTDATA}; install them with: apt-get install libonnx-testdata`);
  const filterSrc = flag(p, 'filter');
  const filter = filterSrc ? new RegExp(filterSrc) : undefined;
  const baselineFile = flag(p, 'baseline');
  const baseline = baselineFile ? c.readBaseline(baselineFile) : undefined;
  const tty = process.stderr.isTTY;
  const counts = { pass: 0, fail: 0, error: 0, skip: 0 };
  const results = await c.runOnnxCases(adapter, cases, {
    filter,
    onResult: (r, done, total) => {
      counts[r.status]++;
      if (json) return;
      const line = `${done}/${total}  pass ${counts.pass}  fail ${counts.fail}  error ${counts.error}  skip ${counts.skip}`;
      if (tty) {
        const w = 30, filled = Math.round((w * done) / total);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${line}   `);
        if (done === total) process.stderr.write('\n');
      } else if (done % 100 === 0 || done === total) process.stderr.write(`${line}\n`);
    },
  });
  if (suites.includes('generated') || !flag(p, 'suite')) {
    const gen = await c.runGeneratedCases(adapter, { filter });
    results.push(...gen);
    if (!json) process.stderr.write(`generated: ${gen.filter((r) => r.status === 'pass').length}/${gen.length} pass\n`);
  }
  if (suites.includes('models') || !flag(p, 'suite')) {
    const { cpu } = await import('@anychip/adapter-cpu');
    for (const r of await c.runModelCases(adapter, cpu({ name: 'cpu-fallback' }), filter)) {
      results.push(r);
      if (!json) process.stderr.write(`${r.id}: ${r.status}${r.reason ? ` (${r.reason})` : ''}\n`);
    }
  }
  if (!filter || filter.test('contract/')) {
    // contract cases join the results as suite 'contract', judged by the same baseline
    for (const k of await c.runContractCases(adapter, results)) {
      results.push({ id: k.id, suite: 'contract', status: k.status, reason: k.message, ops: [], ms: 0 });
    }
  }
  const { regressions, fixed } = c.diffBaseline(results, baseline);
  const report = c.buildReport(desc, results, baseline, regressions, fixed, baselineFile);
  const out = (f: string | undefined, s: string) => { if (f) fs.writeFileSync(f, s); };
  out(flag(p, 'report'), c.toHtml(report));
  out(flag(p, 'md'), c.toMarkdown(report));
  out(flag(p, 'json'), JSON.stringify(report, null, 2));
  const wb = flag(p, 'write-baseline');
  if (wb) fs.writeFileSync(wb, `${JSON.stringify(c.baselineFrom(desc.name, results, fs.existsSync(wb) ? c.readBaseline(wb) : undefined), null, 2)}\n`);
  const s = report.summary;
  if (json) print(JSON.stringify({ adapter: desc.name, summary: s, regressions: report.regressions, fixed }, null, 2));
  else {
    const sum = (f: (k: { pass: number; fail: number; error: number; skip: number }) => number, keep: (suite: string) => boolean) => Object.entries(s.bySuite).filter(([k]) => keep(k)).reduce((a, [, k]) => a + f(k), 0);
    const onnx = (k: string) => k !== 'contract' && k !== 'models' && k !== 'generated';
    const all = (k: { pass: number; fail: number; error: number; skip: number }) => k.pass + k.fail + k.error + k.skip;
    const part = (label: string, keep: (k: string) => boolean) => (sum(all, keep) ? `${label} ${sum((k) => k.pass, keep)}/${sum(all, keep)} pass` : undefined);
    print(`${desc.name}: ${[part('ONNX backend cases', onnx), part('generated cases', (k) => k === 'generated'), part('real models', (k) => k === 'models'), part('contract cases', (k) => k === 'contract')].filter(Boolean).join('; ')} (fail ${s.fail}, error ${s.error}, skip ${s.skip} in all)`);
    for (const [suite, k] of Object.entries(s.bySuite)) print(`  ${suite.padEnd(18)} pass ${k.pass}  fail ${k.fail}  error ${k.error}  skip ${k.skip}`);
    if (baseline) print(`baseline ${baselineFile}: ${regressions.length} regression(s)${fixed.length ? `, ${fixed.length} fixed (remove them from the baseline)` : ''}`);
    if (baseline) for (const r of regressions.slice(0, 20)) print(`  REGRESSION ${r.id}: ${r.status}: ${r.reason ?? ''}`);
    if (baseline && regressions.length > 20) print(`  ... and ${regressions.length - 20} more (see the report)`);
  }
  return baseline && regressions.length ? EXIT_REGRESSION : 0;
}
