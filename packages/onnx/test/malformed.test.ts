import { ModelError, Session, Tensor, UnsupportedError } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { encodeOnnx } from '@anychip/onnx';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFile, singleOpModel } from '../../../test/helpers.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'anychip-'));

describe('malformed models give typed errors', () => {
  it('truncated protobuf', async () => {
    const bytes = fs.readFileSync(modelFile('ppocr-cls'));
    for (const cut of [7, 1000, bytes.length - 3]) {
      await expect(Session.create(bytes.subarray(0, cut), { adapters: [cpu()] })).rejects.toThrow(ModelError);
    }
  });

  it('random bytes and empty files', async () => {
    await expect(Session.create(new TextEncoder().encode('hello world, not a model'), { adapters: [cpu()] })).rejects.toThrow(ModelError);
    await expect(Session.create(new Uint8Array(0), { adapters: [cpu()] })).rejects.toThrow(/empty/);
  });

  it('unknown op names the op and every adapter\'s reason', async () => {
    const m = singleOpModel('FrobnicateV2', [{ name: 'x', type: 'float32', dims: [2] }], ['y']);
    const err = await Session.create(encodeOnnx(m), { adapters: [cpu()] }).catch((e) => e);
    expect(err).toBeInstanceOf(UnsupportedError);
    expect(err.message).toMatch(/FrobnicateV2.*cpu: no cpu kernel/);
  });

  it('cyclic graph', async () => {
    const m = singleOpModel('Add', [{ name: 'x', type: 'float32', dims: [2] }, { name: 'z', type: 'float32', dims: [2] }], ['y']);
    // y = x + z; z = Relu(y): a cycle through both nodes
    m.graph.inputs = m.graph.inputs.filter((i) => i.name === 'x');
    m.graph.nodes.push({ name: 'relu', opType: 'Relu', domain: '', inputs: ['y'], outputs: ['z'], attributes: {} });
    const err = await Session.create(encodeOnnx(m), { adapters: [cpu()] }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/cycle/);
  });

  it('external data outside the model folder is refused; inside it loads', async () => {
    const root = tmp();
    const dir = path.join(root, 'model');
    fs.mkdirSync(dir);
    const w = new Tensor('float32', [1, 2, 3, 4], [4]);
    const m = singleOpModel('Add', [{ name: 'x', type: 'float32', dims: [4] }, { name: 'w', type: 'float32', dims: [4], init: w }], ['y']);
    const bytesOf = (loc: string) => encodeOnnx(m, { externalData: () => ({ location: loc, offset: 0 }) });
    const raw = new Uint8Array(w.data.buffer);
    fs.writeFileSync(path.join(root, 'secret.bin'), raw);
    fs.writeFileSync(path.join(dir, 'weights.bin'), raw);

    for (const [name, loc] of [['up', '../secret.bin'], ['abs', path.join(root, 'secret.bin')]] as const) {
      fs.writeFileSync(path.join(dir, `${name}.onnx`), bytesOf(loc));
      const err = await Session.create(path.join(dir, `${name}.onnx`), { adapters: [cpu()] }).catch((e) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect(err.message).toMatch(/outside the model's folder/);
    }
    fs.symlinkSync(path.join(root, 'secret.bin'), path.join(dir, 'link.bin'));
    fs.writeFileSync(path.join(dir, 'link.onnx'), bytesOf('link.bin'));
    await expect(Session.create(path.join(dir, 'link.onnx'), { adapters: [cpu()] })).rejects.toThrow(/outside the model's folder/);

    fs.writeFileSync(path.join(dir, 'ok.onnx'), bytesOf('weights.bin'));
    const s = await Session.create(path.join(dir, 'ok.onnx'), { adapters: [cpu()] });
    const out = await s.run({ x: new Tensor('float32', [10, 20, 30, 40], [4]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([11, 22, 33, 44]);
    // bytes without a path cannot reach external files at all
    await expect(Session.create(bytesOf('weights.bin'), { adapters: [cpu()] })).rejects.toThrow(/load it from its path/);
  });
});
