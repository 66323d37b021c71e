import { BadInputError } from '@anychip/core';
import * as fs from 'node:fs';
import { defineCommand } from './command.js';

/** Exit code when required cases regress against the baseline. */
export const EXIT_REGRESSION = 3;

export const conformance = defineCommand({
  synopsis: '--adapter <spec> [options]',
  summary: 'the conformance suite on one adapter: reports, baseline check (exit 3 on regressions)',
  about: 'Runs the conformance suites (ONNX backend test data, generated op cases, the PaddleOCR models against onnxruntime-node, contract cases) on one adapter, prints a summary, writes the reports asked for, and exits 3 if a case outside the baseline does not pass.',
  positionals: 0,
  options: {
    adapter: { type: 'string', value: '<spec>', help: 'the adapter under test: cpu, ort, an npm package or a module path; <spec>#<factory> picks one export' },
    suite: { type: 'string', value: '<a,b>', help: 'suites to run (default all): node, pytorch-converted, pytorch-operator, simple, generated, models, contract' },
    filter: { type: 'string', value: '<regex>', help: 'only cases whose id matches, e.g. \'node/test_(relu|abs)$\'' },
    baseline: { type: 'string', value: '<file>', help: 'known failures with reasons (e.g. conformance/known-failures/cpu.json); others are regressions' },
    'report-html': { type: 'string', value: '<file>', help: 'write the report as self-contained HTML' },
    'report-md': { type: 'string', value: '<file>', help: 'write the report as Markdown' },
    'report-json': { type: 'string', value: '<file>', help: 'write the report as JSON' },
    'write-baseline': { type: 'string', value: '<file>', help: 'record the cases that do not pass; keeps reasons already written in <file>, refuses cases that have none' },
    'accept-generated-reasons': { type: 'boolean', help: 'with --write-baseline: record the status message as the reason where none is written' },
  },
  async run({ values: v }, ctx) {
    if (!v.adapter) throw new BadInputError('anychip conformance needs --adapter <spec>; see anychip conformance --help');
    if (v['accept-generated-reasons'] && !v['write-baseline']) throw new BadInputError('--accept-generated-reasons only applies with --write-baseline <file>');
    let filter: RegExp | undefined;
    try {
      filter = v.filter === undefined ? undefined : new RegExp(v.filter);
    } catch (e) {
      throw new BadInputError(`--filter is not a regular expression: ${(e as Error).message}`);
    }
    const c = await import('@anychip/conformance');
    const adapter = await ctx.adapters.get(v.adapter);
    const suites = v.suite?.split(',').map((s) => s.trim()).filter(Boolean);
    // nodes the adapter refuses in the real-model cases run on the cpu adapter (built only if needed)
    const wantsModels = !suites || suites.includes('models');
    const fallback = wantsModels ? (await import('@anychip/adapter-cpu')).cpu({ name: 'cpu-fallback' }) : undefined;
    const tty = process.stderr.isTTY && !ctx.json;
    const counts = { pass: 0, fail: 0, error: 0, skip: 0 };
    let phase = '';
    const report = await c.runConformance(adapter, {
      suites, filter, baseline: v.baseline, fallback,
      onProgress: ({ suite, result, done, total }) => {
        const p = suite === 'generated' || suite === 'models' || suite === 'contract' ? suite : 'onnx';
        if (p !== phase) { phase = p; Object.assign(counts, { pass: 0, fail: 0, error: 0, skip: 0 }); }
        counts[result.status]++;
        if (ctx.json) return;
        if (p === 'models') { ctx.err(`${result.id}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`); return; }
        const line = `${p}: ${done}/${total}  pass ${counts.pass}  fail ${counts.fail}  error ${counts.error}  skip ${counts.skip}`;
        if (tty) {
          const w = 30, filled = Math.round((w * done) / total);
          process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${line}   `);
          if (done === total) process.stderr.write('\n');
        } else if (done % 100 === 0 || done === total) ctx.err(line);
      },
    }).finally(() => fallback?.dispose?.());
    const write = (f: string | undefined, s: () => string) => { if (f) fs.writeFileSync(f, s()); };
    write(v['report-html'], () => c.toHtml(report));
    write(v['report-md'], () => c.toMarkdown(report));
    write(v['report-json'], () => `${JSON.stringify(report, null, 2)}\n`);
    const wb = v['write-baseline'];
    if (wb) {
      const previous = fs.existsSync(wb) ? c.readBaseline(wb) : undefined;
      const b = c.baselineFrom(report.adapter.name, report.results, previous, { acceptGeneratedReasons: v['accept-generated-reasons'] });
      fs.writeFileSync(wb, `${JSON.stringify(b, null, 2)}\n`);
    }
    const failed = report.baseline !== undefined && report.regressions.length > 0;
    if (ctx.json) {
      ctx.print(JSON.stringify(report, null, 2));
      return failed ? EXIT_REGRESSION : 0;
    }
    const s = report.summary;
    type K = { pass: number; fail: number; error: number; skip: number };
    const sum = (f: (k: K) => number, keep: (suite: string) => boolean) => Object.entries(s.bySuite).filter(([k]) => keep(k)).reduce((a, [, k]) => a + f(k), 0);
    const onnx = (k: string) => k !== 'contract' && k !== 'models' && k !== 'generated';
    const all = (k: K) => k.pass + k.fail + k.error + k.skip;
    const part = (label: string, keep: (k: string) => boolean) => (sum(all, keep) ? `${label} ${sum((k) => k.pass, keep)}/${sum(all, keep)} pass` : undefined);
    ctx.print(`${report.adapter.name}: ${[part('ONNX backend cases', onnx), part('generated cases', (k) => k === 'generated'), part('real models', (k) => k === 'models'), part('contract cases', (k) => k === 'contract')].filter(Boolean).join('; ') || 'no cases ran'} (fail ${s.fail}, error ${s.error}, skip ${s.skip} in all)`);
    for (const [suite, k] of Object.entries(s.bySuite)) ctx.print(`  ${suite.padEnd(18)} pass ${k.pass}  fail ${k.fail}  error ${k.error}  skip ${k.skip}`);
    if (report.baseline !== undefined) {
      const byId = new Map(report.results.map((r) => [r.id, r]));
      ctx.print(`baseline ${report.baseline}: ${report.regressions.length} regression(s)${report.fixed.length ? `, ${report.fixed.length} fixed (remove them from the baseline)` : ''}`);
      for (const id of report.regressions.slice(0, 20)) ctx.print(`  REGRESSION ${id}: ${byId.get(id)?.status}: ${byId.get(id)?.reason ?? ''}`);
      if (report.regressions.length > 20) ctx.print(`  ... and ${report.regressions.length - 20} more (see the report)`);
    }
    return failed ? EXIT_REGRESSION : 0;
  },
});
