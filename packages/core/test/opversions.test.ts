import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OP_TABLE_OPSET, opVersion, opVersions } from '../src/opversions.js';

const CORE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR = path.join(CORE, 'scripts', 'gen-opversions.py');
const COMMITTED = path.join(CORE, 'src', 'opversions.ts');
const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;

if (!hasPython) {
  console.warn(
    '\n!!! opversions: /usr/bin/python3 with onnx is missing, so the check that src/opversions.ts is the output of ' +
      'scripts/gen-opversions.py is SKIPPED. Install python3-onnx (Debian) to run it.\n',
  );
}

describe('op version table', () => {
  it.skipIf(!hasPython)(
    `src/opversions.ts is what scripts/gen-opversions.py writes${hasPython ? '' : ' (skipped: python3-onnx not installed)'}`,
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'opversions-'));
      try {
        const out = path.join(dir, 'opversions.ts');
        const run = spawnSync(PYTHON, [GENERATOR, out], { encoding: 'utf8' });
        expect(run.status, `generator failed:\n${run.stderr}`).toBe(0);
        const generated = readFileSync(out, 'utf8');
        const committed = readFileSync(COMMITTED, 'utf8');
        // toBe, not a boolean: a mismatch shows the diff. Fix: run the generator, commit its output.
        expect(committed, 'src/opversions.ts is stale: rerun /usr/bin/python3 packages/core/scripts/gen-opversions.py').toBe(generated);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('describes ai.onnx through opset 23', () => {
    expect(OP_TABLE_OPSET).toBe(23);
  });

  it('gives the latest since-version <= the opset', () => {
    expect(opVersions('', 'Relu')).toEqual([1, 6, 13, 14]);
    expect(opVersion('', 'Relu', 21)).toBe(14);
    expect(opVersion('', 'Reshape', 13)).toBe(13);
    expect(opVersion('', 'Reshape', 21)).toBe(21);
    expect(opVersion('', 'Conv', 17)).toBe(11);
    expect(opVersion('', 'Conv', 22)).toBe(22);
    expect(opVersion('', 'ReduceMean', 17)).toBe(13);
    expect(opVersion('', 'ReduceMean', 18)).toBe(18);
    expect(opVersion('', 'ReduceSum', 18)).toBe(13);
    expect(opVersion('', 'Split', 18)).toBe(18);
    expect(opVersion('', 'Attention', OP_TABLE_OPSET)).toBe(23);
  });

  it('is undefined for an op that did not exist yet, an unknown op, or an opset past the table', () => {
    expect(opVersion('', 'LayerNormalization', 16)).toBeUndefined();
    expect(opVersion('', 'LayerNormalization', 17)).toBe(17);
    expect(opVersion('', 'NoSuchOp', 13)).toBeUndefined();
    expect(opVersions('', 'NoSuchOp')).toBeUndefined();
    expect(opVersion('', 'Relu', 0)).toBeUndefined();
    expect(opVersion('', 'Relu', OP_TABLE_OPSET + 1)).toBeUndefined();
    expect(opVersion('ai.onnx', 'Relu', OP_TABLE_OPSET + 1)).toBeUndefined();
    // names of Object.prototype are not ops
    expect(opVersions('', 'constructor')).toBeUndefined();
    expect(opVersion('', 'toString', 13)).toBeUndefined();
    expect(opVersions('toString', 'Relu')).toBeUndefined();
  });

  it("treats '' and 'ai.onnx' as one domain, and knows no op in a domain it does not describe", () => {
    expect(opVersions('ai.onnx', 'Conv')).toEqual(opVersions('', 'Conv'));
    expect(opVersion('ai.onnx', 'Relu', 21)).toBe(14);
    expect(opVersion('com.microsoft', 'Relu', 1)).toBeUndefined();
  });

  it('knows ai.onnx.ml and ai.onnx.preview.training', () => {
    expect(opVersion('ai.onnx.ml', 'LinearClassifier', 3)).toBe(1);
    expect(opVersion('ai.onnx.ml', 'LabelEncoder', 3)).toBe(2);
    expect(opVersion('ai.onnx.ml', 'LabelEncoder', 4)).toBe(4);
    expect(opVersion('ai.onnx.ml', 'TreeEnsemble', 4)).toBeUndefined();
    expect(opVersion('ai.onnx.ml', 'TreeEnsemble', 5)).toBe(5);
    expect(opVersion('ai.onnx.ml', 'Relu', 3)).toBeUndefined();
    expect(opVersion('ai.onnx.preview.training', 'Adam', 1)).toBe(1);
  });

  it('lists since-versions ascending and without repeats', () => {
    for (const domain of ['', 'ai.onnx.ml', 'ai.onnx.preview.training']) {
      for (const op of ['Abs', 'Cast', 'Conv', 'Pad', 'Resize', 'TreeEnsembleClassifier', 'Adam']) {
        const v = opVersions(domain, op);
        if (v === undefined) continue;
        expect([...v].sort((a, b) => a - b)).toEqual(v);
        expect(new Set(v).size).toBe(v.length);
      }
    }
    expect(opVersions('', 'Pad')).toEqual([1, 2, 11, 13, 18, 19, 21, 23]);
    expect(opVersions('', 'Cast')).toEqual([1, 6, 9, 13, 19, 21, 23]);
  });
});
