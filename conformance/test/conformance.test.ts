import { cpu } from '@anychip/adapter-cpu';
import { ort } from '@anychip/adapter-ort';
import { type Adapter } from '@anychip/core';
import { isGeneratedReason, listOnnxCases, readBaseline, runConformance, runContractCases, runGeneratedCases, runOnnxCases } from '@anychip/conformance';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ClassAdapter, leaker, liar, signFlip } from './fixtures.js';

const cases = listOnnxCases();
// Loud, not silent: without the ONNX test data these cases cannot run at all, and say so by name.
const NO_DATA = ' (SKIPPED: ONNX backend test data missing; apt-get install libonnx-testdata)';
if (!cases.length) console.warn(`\n*** SKIPPING ONNX backend conformance: /usr/share/libonnx-testdata is missing; apt-get install libonnx-testdata ***\n`);
const withData = (title: string, body: () => void) => (cases.length ? describe(title, body) : describe.skip(`${title}${NO_DATA}`, body));
const KNOWN = path.resolve(__dirname, '../known-failures');

/**
 * The whole suite on one adapter against its committed baseline: no case outside the
 * baseline fails, no case in it passes (a fixed case leaves the list), and every reason
 * in it was written by a person, not pasted from the error.
 */
async function judge(adapter: Adapter<any, any>, name: string) {
  const file = path.join(KNOWN, `${name}.json`);
  const report = await runConformance(adapter, { baseline: file, fallback: cpu({ name: 'cpu-fallback' }) });
  const known = readBaseline(file).cases;
  const pasted = Object.entries(known).filter(([, why]) => isGeneratedReason(why)).map(([id]) => id);
  expect(report.regressions.map((r) => `${r.id}: ${r.status}: ${r.reason}`)).toEqual([]);
  // a reason that says 'on this machine' depends on the machine (a locale, say): it may pass elsewhere
  expect(report.fixed.filter((id) => !/on this machine/.test(known[id])), 'these pass now: remove them from the baseline').toEqual([]);
  expect(pasted, 'these baseline reasons are pasted error messages: write why each fails').toEqual([]);
  return report.results;
}

withData('ONNX backend tests against the committed baselines', () => {
  it('cpu: no case outside known-failures/cpu.json fails, none in it passes, at least 984 ONNX cases pass', async () => {
    const results = await judge(cpu(), 'cpu');
    expect(results.length).toBeGreaterThanOrEqual(1072);
    // the bar: 984 of the ONNX backend cases pass on cpu today (onnxruntime through anychip: 959)
    expect(results.filter((r) => r.id.startsWith('onnx/') && r.status === 'pass').length).toBeGreaterThanOrEqual(984);
    expect(results.filter((r) => r.suite === 'models').map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
  });
  it('ort: no case outside known-failures/ort.json fails, none in it passes', async () => {
    const results = await judge(ort(), 'ort');
    expect(results.find((r) => r.id === 'contract/capability-honesty')?.status).toBe('pass');
  });
});

withData('broken adapters are caught, each with a clear message', () => {
  const some = (re: RegExp) => cases.filter((c) => re.test(c.id));
  it('an adapter that lies about capability', async () => {
    // the cases the honest cpu adapter refuses: the liar claims them and then cannot run them
    const refused = (await runOnnxCases(cpu(), some(/onnx\/node\//))).filter((r) => r.status === 'skip').slice(0, 5).map((r) => r.id);
    expect(refused.length).toBeGreaterThan(0);
    const results = await runOnnxCases(liar(), cases.filter((c) => refused.includes(c.id)));
    expect(results.every((r) => r.status === 'error')).toBe(true);
    const honesty = (await runContractCases(liar(), results)).find((k) => k.id === 'contract/capability-honesty')!;
    expect(honesty.status).toBe('fail');
    expect(honesty.message).toMatch(/supports\(\) accepted every node of \d+ case\(s\) that then failed/);
  });
  it('an adapter that flips a sign', async () => {
    const results = await runOnnxCases(signFlip(), some(/node\/test_(relu|abs|sigmoid|exp)$/));
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(results[0].reason).toMatch(/element \d+: got -?[\d.e-]+, expected [\d.e-]+ \(\|diff\|/);
    expect(results[0].firstMismatch).toBeDefined();
    const gen = await runGeneratedCases(signFlip(), { filter: /^gen\/(Exp|Sigmoid)\/float32\// });
    expect(gen.length).toBeGreaterThan(0);
    // exp(-inf) = 0 and NaN survive a sign flip; everything else must be caught
    const failed = gen.filter((r) => r.status === 'fail');
    expect(failed.length).toBeGreaterThan(gen.length / 2);
    expect(failed.every((r) => /float64 reference/.test(r.reason ?? ''))).toBe(true);
  });
  it('an adapter written as a class (getters, #private state) passes the contract cases', async () => {
    const a = new ClassAdapter();
    const results = await runContractCases(a);
    expect(results.filter((k) => k.status === 'fail').map((k) => `${k.id}: ${k.message}`)).toEqual([]);
    expect(results.find((k) => k.id === 'contract/device-lost-injected')!.status).toBe('pass');
    // the injected-fault cases wrapped it, and the wrapper still reached its private state
    expect(a.runs).toBeGreaterThan(0);
  });
  it('an adapter that leaks memory', async () => {
    const k = (await runContractCases(leaker())).find((x) => x.id === 'contract/dispose-frees-memory')!;
    expect(k.status).toBe('fail');
    expect(k.message).toMatch(/bytes are still in use after runs and dispose/);
    expect((await runContractCases(cpu())).find((x) => x.id === 'contract/dispose-frees-memory')!.status).toBe('pass');
  });
});

withData('anychip conformance on an adapter package outside the workspace', () => {
  it('loads it by path, writes all three reports, and exits 3 on regressions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-adapter-'));
    const cpuEntry = require.resolve('@anychip/adapter-cpu');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'acme-npu', type: 'module', main: 'index.js' }));
    // a vendor chip built on the cpu kernels that has no Abs
    fs.writeFileSync(path.join(dir, 'index.js'), `import { cpu } from ${JSON.stringify(cpuEntry)};\nexport default function acme() { const a = cpu({ name: 'acme-npu' }); return { ...a, describe: () => ({ ...a.describe(), vendor: 'ACME' }), supports: (q) => (q.node.opType === 'Abs' ? { ok: false, reason: 'no Abs unit on this NPU' } : a.supports(q)) }; }\n`);
    const bin = path.resolve(__dirname, '../../apps/cli/dist/bin.js');
    const out = (f: string) => path.join(dir, f);
    const run = (...a: string[]) => promisify(execFile)(process.execPath, [bin, 'conformance', '--adapter', path.join(dir, 'index.js'), '--filter', 'node/test_(relu|abs)$', ...a]).then((r) => ({ code: 0, ...r }), (e) => e);
    const r = await run('--report-html', out('r.html'), '--report-md', out('r.md'), '--report-json', out('r.json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(fs.readFileSync(out('r.json'), 'utf8'));
    expect(j.adapter.vendor).toBe('ACME');
    expect(j.summary.bySuite.node).toMatchObject({ pass: 1, skip: 1 });
    expect(fs.readFileSync(out('r.md'), 'utf8')).toMatch(/Abs \(1\)/);
    expect(fs.readFileSync(out('r.html'), 'utf8')).toMatch(/<table>/);
    fs.writeFileSync(out('empty.json'), JSON.stringify({ adapter: 'acme-npu', cases: {} }));
    // with an empty baseline the refused Abs case is a regression; listed with its reason, it is not
    const bad = await run('--baseline', out('empty.json'));
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/REGRESSION onnx\/node\/test_abs: skip: .*no Abs unit on this NPU/);
    fs.writeFileSync(out('known.json'), JSON.stringify({ adapter: 'acme-npu', cases: { 'onnx/node/test_abs': 'no Abs unit; scheduled for the B1 stepping' } }));
    expect((await run('--baseline', out('known.json'))).code).toBe(0);
  });
});
