import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '@anychip/cli';
import { Tensor } from '@anychip/core';
import { MODELS_DIR, seeded } from '../../../test/helpers.js';

const BIN = path.resolve(__dirname, '../dist/bin.js');
const CLS = path.join(MODELS_DIR, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('anychip CLI', () => {
  it('inspect --json lists inputs, opsets, op histogram and who runs each op', async () => {
    const r = await cli('inspect', CLS, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.opsets).toEqual({ '': 9 });
    expect(j.inputs[0]).toMatchObject({ name: 'x', type: 'float32' });
    expect(j.ops.Conv.count).toBe(53);
    expect(j.ops.Conv.support.cpu).toBe('ok');
  });

  it('run --compare reports agreement with onnxruntime on a .npy input', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anychip-cli-'));
    const npy = path.join(dir, 'x.npy');
    fs.writeFileSync(npy, writeNpy(new Tensor('float32', seeded(3 * 48 * 192, 2), [1, 3, 48, 192])));
    const r = await cli('run', CLS, '--input', `x=${npy}`, '--compare', 'ort', '--repeat', '1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outputs['softmax_0.tmp_0'].dims).toEqual([1, 2]);
    expect(j.compare.outputs['softmax_0.tmp_0'].maxAbs).toBeLessThan(1e-5);
  });

  it('dynamic dims without --shape: exit 2 with one line that says what to pass', async () => {
    const r = await cli('run', CLS);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--shape x=/);
  });

  it('malformed models: exit 2, one clear line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anychip-cli-'));
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anychip-cli-'));
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
