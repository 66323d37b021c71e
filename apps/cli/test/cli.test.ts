import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '@anychip/cli';
import { ONNX_TESTDATA } from '@anychip/conformance';
import { Tensor } from '@anychip/core';
import { modelFile, seeded } from '../../../test/helpers.js';

const BIN = path.resolve(__dirname, '../dist/bin.js');
const CLS = modelFile('ppocr-cls');
const CPU_ENTRY = createRequire(import.meta.url).resolve('@anychip/adapter-cpu');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 1 << 26 });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'anychip-cli-'));

/** An exit-2 failure: nothing on stdout, one line on stderr, in the `anychip: E_BAD_INPUT: ...` form. */
function badInput(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^anychip: E_BAD_INPUT: /);
  return lines[0];
}

describe('anychip CLI', () => {
  it('inspect --json lists inputs, opsets, op histogram, who runs each op, and the session plan', async () => {
    const r = await cli('inspect', CLS, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.opsets).toEqual({ '': 9 });
    expect(j.inputs[0]).toMatchObject({ name: 'x', type: 'float32' });
    expect(j.ops.Conv).toMatchObject({ count: 53, placed: { cpu: 53 }, support: { cpu: 'ok', ort: 'not asked' } });
    expect(j.plan.steps).toHaveLength(1);
    expect(j.plan.steps[0]).toMatchObject({ adapter: 'cpu', inputs: [{ name: 'x', transfer: 'upload' }] });
    // bound to a static shape, the head's shape arithmetic folds away at create
    const bound = JSON.parse((await cli('inspect', CLS, '--shape', 'x=1,3,48,192', '--json')).stdout);
    expect(bound.plan.folded.length).toBeGreaterThan(j.plan.folded.length);
    expect(bound.ops.Shape.support.cpu).toBe('folded at create');
    const text = await cli('inspect', CLS, '--adapter', 'ort,cpu');
    expect(text.stdout).toMatch(/^Conv +53 {2}ort$/m);
    expect(text.stdout).toMatch(/^step 0 {2}sg0 {2}on ort: 2\d\d node\(s\): Conv x53/m);
  });

  it('run --compare reports agreement with onnxruntime on a .npy input, with a verdict and the share of the allowance used', async () => {
    const dir = tmp();
    const npy = path.join(dir, 'x.npy');
    fs.writeFileSync(npy, writeNpy(new Tensor('float32', seeded(3 * 48 * 192, 2), [1, 3, 48, 192])));
    const r = await cli('run', CLS, '--input', `x=${npy}`, '--compare', 'ort', '--repeat', '1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outputs['softmax_0.tmp_0'].dims).toEqual([1, 2]);
    expect(j.compare.outputs['softmax_0.tmp_0'].maxAbs).toBeLessThan(1e-5);
    // the conformance whole-model budget for two float32 adapters
    expect(j.compare.budget).toEqual({ abs: 1e-4, rel: 1e-3, ulp: 0 });
    expect(j.compare.agrees).toBe(true);
    expect(j.compare.worst).toBeGreaterThanOrEqual(0);
    expect(j.compare.worst).toBeLessThan(1);
    const text = await cli('run', CLS, '--input', `x=${npy}`, '--compare', 'ort', '--repeat', '0');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/compare ort {2}agrees \(worst element [\d.]+% of its allowance\)/);
  });

  it('dynamic dims without --shape: exit 2 with one line that says what to pass', async () => {
    const r = await cli('run', CLS);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--shape x=/);
  });

  it('malformed models: exit 2, one clear line', async () => {
    const dir = tmp();
    const trunc = path.join(dir, 'trunc.onnx');
    fs.writeFileSync(trunc, fs.readFileSync(CLS).subarray(0, 5000));
    for (const args of [['run', trunc], ['inspect', trunc], ['run', path.join(dir, 'missing.onnx')]]) {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^anychip: E_MODEL: /);
    }
  });

  it('convert to the native container and back; both run', async () => {
    const dir = tmp();
    const native = path.join(dir, 'cls.anychip');
    const back = path.join(dir, 'cls.onnx');
    expect((await cli('convert', CLS, native)).code).toBe(0);
    expect((await cli('convert', native, back)).code).toBe(0);
    for (const f of [native, back]) {
      const r = await cli('run', f, '--shape', 'x=1,3,48,192', '--repeat', '1', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).outputs['softmax_0.tmp_0'].dims).toEqual([1, 2]);
    }
  });

  it('adapters --json describes each adapter found', async () => {
    const j = JSON.parse((await cli('adapters', '--json')).stdout);
    expect(j.find((a: { name: string }) => a.name === 'cpu').description.device.kind).toBe('cpu');
  });
});

describe('argument parsing', () => {
  it('unknown flags: exit 2, one line naming the flag and the command', async () => {
    const cases = [['run', '--runs'], ['demo', '--repeat'], ['adapters', '--verbose'], ['inspect', '--adapters'], ['convert', '--force'], ['conformance', '--report']];
    const results = await Promise.all(cases.map(([cmd, flag]) => cli(cmd, flag, '1')));
    cases.forEach(([cmd, flag], i) => {
      const line = badInput(results[i]);
      expect(line).toContain(`'${flag}'`);
      expect(line).toContain(`anychip ${cmd}`);
    });
  });

  it('the old conformance report flags are gone: --report, --md and --json FILE', async () => {
    expect(badInput(await cli('conformance', '--adapter', 'cpu', '--md', 'r.md'))).toContain("'--md'");
    expect(badInput(await cli('conformance', '--adapter', 'cpu', '--json=r.json'))).toContain('--json takes no value');
  });

  it('bad numbers and missing values: exit 2, one line naming the flag', async () => {
    expect(badInput(await cli('demo', '--runs', 'abc'))).toMatch(/--runs takes a whole number >= 0, got 'abc'/);
    expect(badInput(await cli('run', CLS, '--repeat=-1'))).toMatch(/--repeat takes a whole number >= 0, got '-1'/);
    expect(badInput(await cli('run', CLS, '--repeat', '-1'))).toMatch(/option --repeat needs a value/);
    expect(badInput(await cli('run', CLS, '--seed', '1.5'))).toMatch(/--seed takes a whole number/);
    expect(badInput(await cli('run', CLS, '--repeat', ''))).toMatch(/--repeat takes a whole number/);
    expect(badInput(await cli('demo', '--runs'))).toMatch(/option --runs needs a value/);
    expect(badInput(await cli('adapters', 'extra'))).toMatch(/unexpected argument 'extra'/);
  });

  it('--help and -h print every command\'s usage and options, exit 0; anychip --help lists the commands', async () => {
    const flags: Record<string, string[]> = {
      demo: ['--runs', '--models'],
      run: ['--adapter', '--input', '--shape', '--compare', '--repeat', '--seed'],
      inspect: ['--adapter'],
      adapters: [],
      convert: [],
      conformance: ['--adapter', '--suite', '--filter', '--baseline', '--report-html', '--report-md', '--report-json', '--write-baseline', '--accept-generated-reasons'],
    };
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const cmd of Object.keys(flags)) expect(top.stdout).toMatch(new RegExp(`^ {2}${cmd} +\\S`, 'm'));
    const runs = Object.entries(flags).flatMap(([cmd, want]) => ['--help', '-h'].map((h) => ({ cmd, want, h, r: cli(cmd, h) })));
    for (const { cmd, want, h, r: pending } of runs) {
      const r = await pending;
      expect(r.code, `${cmd} ${h}`).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^usage: anychip ${cmd} `));
      for (const f of [...want, '--json', '--help']) expect(r.stdout, `${cmd} ${h} lists ${f}`).toMatch(new RegExp(`^ +(-h, )?${f}\\b`, 'm'));
    }
  });
});

describe('adapter specs resolve to one factory, called once', () => {
  /** A vendor module built on the cpu kernels; every factory call appends a line to `count`. */
  function vendor(dir: string, body: string): string {
    const file = path.join(dir, 'vendor.mjs');
    fs.writeFileSync(file, `import * as fs from 'node:fs';\nimport { cpu } from ${JSON.stringify(CPU_ENTRY)};\nconst count = ${JSON.stringify(path.join(dir, 'count'))};\n${body}\n`);
    return file;
  }

  it('a module with two exported factories is ambiguous: exit 2 with the #name hint; path#name picks one', async () => {
    const dir = tmp();
    const mod = vendor(dir, 'export function npuA() { return cpu({ name: "npu-a" }); }\nexport function npuB() { return cpu({ name: "npu-b" }); }\nexport function setClock() {}');
    const line = badInput(await cli('inspect', CLS, '--adapter', mod));
    expect(line).toMatch(/npuA, npuB/);
    expect(line).not.toMatch(/setClock/);
    expect(line).toContain(`${mod}#<name>`);
    const r = await cli('run', CLS, '--shape', 'x=1,3,48,192', '--adapter', `${mod}#npuB`, '--repeat', '0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).adapter).toBe(`${mod}#npuB`);
    const named = await cli('inspect', CLS, '--adapter', `${mod}#npuA`, '--json');
    expect(JSON.parse(named.stdout).ops.Conv.placed).toEqual({ 'npu-a': 53 });
    expect(JSON.parse(named.stdout).ops.Conv.support[`${mod}#npuA`]).toBe('ok');
    expect(badInput(await cli('inspect', CLS, '--adapter', `${mod}#npuC`))).toMatch(/no exported function 'npuC'; its functions: npuA, npuB, setClock/);
  });

  it('run --compare with the same adapter module builds it exactly once', async () => {
    const dir = tmp();
    const mod = vendor(dir, 'export default function counted() { fs.appendFileSync(count, "call\\n"); return cpu({ name: "counted" }); }');
    const r = await cli('run', CLS, '--shape', 'x=1,3,48,192', '--adapter', mod, '--compare', mod, '--repeat', '0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).compare.agrees).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'count'), 'utf8')).toBe('call\n');
  });
});

const hasData = fs.existsSync(ONNX_TESTDATA);
if (!hasData) console.warn(`*** SKIPPING anychip conformance CLI tests: ${ONNX_TESTDATA} is missing; apt-get install libonnx-testdata ***`);
const withData = (title: string, body: () => void) => (hasData ? describe(title, body) : describe.skip(`${title} (SKIPPED: libonnx-testdata not installed)`, body));

withData('anychip conformance', () => {
  const FILTER = 'node/test_(relu|abs)$';

  it('--json prints the report as JSON on stdout, and only that', async () => {
    const r = await cli('conformance', '--adapter', 'cpu', '--filter', FILTER, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tool).toBe('anychip conformance');
    expect(j.adapter.name).toBe('cpu');
    expect(j.summary.bySuite).toEqual({ node: { pass: 2, fail: 0, error: 0, skip: 0 } });
    expect(j.results.map((x: { id: string }) => x.id).sort()).toEqual(['onnx/node/test_abs', 'onnx/node/test_relu']);
  });

  it('--write-baseline refuses cases without a written reason, unless --accept-generated-reasons; written reasons are kept', async () => {
    const dir = tmp();
    // a chip with no Abs: its Abs case is skipped with E_UNSUPPORTED
    const mod = path.join(dir, 'noabs.mjs');
    fs.writeFileSync(mod, `import { cpu } from ${JSON.stringify(CPU_ENTRY)};\nexport default function noabs() { const a = cpu({ name: 'noabs' }); return { ...a, supports: (q) => (q.node.opType === 'Abs' ? { ok: false, reason: 'no Abs unit' } : a.supports(q)) }; }\n`);
    const file = path.join(dir, 'known.json');
    const refused = await cli('conformance', '--adapter', mod, '--filter', FILTER, '--write-baseline', file);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    // progress lines come first on stderr; the error is the last line
    expect(refused.stderr.trim().split('\n').at(-1)).toMatch(/^anychip: E_BAD_INPUT: 1 failing case\(s\) have no hand-written reason in the baseline: onnx\/node\/test_abs;/);
    expect(fs.existsSync(file)).toBe(false);
    expect((await cli('conformance', '--adapter', mod, '--filter', FILTER, '--write-baseline', file, '--accept-generated-reasons')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).cases).toEqual({ 'onnx/node/test_abs': expect.stringMatching(/^skip: E_UNSUPPORTED: .*no Abs unit/) });
    fs.writeFileSync(file, JSON.stringify({ adapter: 'noabs', cases: { 'onnx/node/test_abs': 'the B0 stepping has no Abs unit' } }));
    expect((await cli('conformance', '--adapter', mod, '--filter', FILTER, '--write-baseline', file)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).cases).toEqual({ 'onnx/node/test_abs': 'the B0 stepping has no Abs unit' });
  });
});
