import { cpu } from '@anychip/adapter-cpu';
import { ort } from '@anychip/adapter-ort';
import { type Adapter } from '@anychip/core';
import { type CaseResult, diffBaseline, listOnnxCases, readBaseline, runContractCases, runGeneratedCases, runModelCases, runOnnxCases } from '@anychip/conformance';
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

async function judge(adapter: Adapter<any, any>, name: string): Promise<{ results: CaseResult[]; regressions: CaseResult[] }> {
  const results = await runOnnxCases(adapter, cases);
  results.push(...(await runModelCases(adapter, cpu({ name: 'cpu-fallback' }))));
  results.push(...(await runGeneratedCases(adapter)));
  for (const k of await runContractCases(adapter, results)) results.push({ id: k.id, suite: 'contract', status: k.status, reason: k.message, ops: [], ms: 0 });
  const { regressions } = diffBaseline(results, readBaseline(path.join(KNOWN, `${name}.json`)));
  return { results, regressions };
}

withData('ONNX backend tests against the committed baselines', () => {
  it('cpu: no case outside known-failures/cpu.json fails', async () => {
    const { results, regressions } = await judge(cpu(), 'cpu');
    expect(results.length).toBeGreaterThanOrEqual(1072);
    // the acceptance bar: onnxruntime-node passes 967 of these here; cpu must pass at least that
    expect(results.filter((r) => r.id.startsWith('onnx/') && r.status === 'pass').length).toBeGreaterThanOrEqual(967);
    expect(results.filter((r) => r.suite === 'models').map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
    expect(regressions.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });
  it('ort: no case outside known-failures/ort.json fails', async () => {
    const { regressions } = await judge(ort(), 'ort');
    expect(regressions.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
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
    const cpuEntry = require.resolve('@anychip/adapter-cpu').replace(/index\.cjs$/, 'index.js');
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
