import { Session, Tensor, readNative, writeNative } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { decodeModel, decodeOnnx, decodeTensor, encodeOnnx } from '@anychip/onnx';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectModels } from '@anychip/conformance';
import { mismatch, modelFile, runOrt, seeded } from '../../../test/helpers.js';

const CLS = modelFile('ppocr-cls');
const DIMS = [...selectModels(['ppocr-cls'])[0].dims];
const clsInput = (seed: number) => new Tensor('float32', seeded(DIMS.reduce((a, b) => a * b, 1), seed), DIMS);

describe('ONNX codec', () => {
  it('decode -> encode -> decode keeps the graph, and onnxruntime runs the re-encoded model identically', async () => {
    const bytes = fs.readFileSync(CLS);
    const m1 = decodeOnnx(bytes);
    const m2 = decodeOnnx(encodeOnnx(m1));
    expect(m2.opsetImports).toEqual(m1.opsetImports);
    expect(m2.graph.nodes.length).toBe(m1.graph.nodes.length);
    expect(m2.graph.nodes.map((n) => n.opType)).toEqual(m1.graph.nodes.map((n) => n.opType));
    expect(m2.graph.nodes[5].attributes).toEqual(m1.graph.nodes[5].attributes);
    const x = clsInput(9);
    const a = await runOrt(bytes, { x });
    const b = await runOrt(encodeOnnx(m1), { x });
    const name = Object.keys(a)[0];
    expect(Array.from(b[name].data as Float32Array)).toEqual(Array.from(a[name].data as Float32Array));
  });

  it('decodes int64, negative ints and every attribute kind it writes', () => {
    const t = new Tensor('int64', [-1n, 9223372036854775807n, 0n], [3]);
    const m = decodeOnnx(encodeOnnx({
      irVersion: 8, opsetImports: { '': 13 }, metadata: { k: 'v' },
      graph: {
        name: 'g', inputs: [{ name: 'x', dtype: 'float32', shape: ['n', 3] }], outputs: [{ name: 'y', dtype: 'float32' }],
        initializers: new Map([['t', t]]), valueInfo: new Map(),
        nodes: [{ name: 'n0', opType: 'Identity', domain: '', inputs: ['x'], outputs: ['y'], attributes: { i: { type: 'int', value: -5 }, f: { type: 'float', value: 0.5 }, s: { type: 'string', value: 'héllo' }, is: { type: 'ints', value: [1, -2, 3] }, fs: { type: 'floats', value: [0.25, -1] }, ss: { type: 'strings', value: ['a', 'b'] } } }],
      },
    }));
    expect(m.metadata).toEqual({ k: 'v' });
    expect(m.graph.inputs[0].shape).toEqual(['n', 3]);
    expect(Array.from(m.graph.initializers.get('t')!.data as BigInt64Array)).toEqual([-1n, 9223372036854775807n, 0n]);
    expect(m.graph.nodes[0].attributes).toEqual({ i: { type: 'int', value: -5 }, f: { type: 'float', value: 0.5 }, s: { type: 'string', value: 'héllo' }, is: { type: 'ints', value: [1, -2, 3] }, fs: { type: 'floats', value: [0.25, -1] }, ss: { type: 'strings', value: ['a', 'b'] } });
  });

  it('a weight survives encode -> decode', () => {
    const t = new Tensor('float32', [1, 2, 3, 4], [2, 2]);
    const m = decodeOnnx(encodeOnnx({ irVersion: 8, opsetImports: { '': 13 }, metadata: {}, graph: { name: 'g', nodes: [], inputs: [], outputs: [], initializers: new Map([['w', t]]), valueInfo: new Map() } }));
    expect(Array.from(m.graph.initializers.get('w')!.data as Float32Array)).toEqual([1, 2, 3, 4]);
  });

  // a TensorProto on its own is what test_data_set_*/input_0.pb holds
  const dir = '/usr/share/libonnx-testdata/data/node/test_abs/test_data_set_0';
  const hasData = fs.existsSync(dir);
  if (!hasData) console.warn('*** SKIPPING the ONNX test-data layout test: apt-get install libonnx-testdata ***');
  it.skipIf(!hasData)(`reads the ONNX backend test data layout (standalone TensorProto .pb files)${hasData ? '' : ' (SKIPPED: libonnx-testdata not installed)'}`, () => {
    const { tensor } = decodeTensor(fs.readFileSync(path.join(dir, 'input_0.pb')));
    const { tensor: out } = decodeTensor(fs.readFileSync(path.join(dir, 'output_0.pb')));
    expect(tensor.dims).toEqual([3, 4, 5]);
    expect(Array.from(out.data as Float32Array)).toEqual(Array.from(tensor.data as Float32Array, Math.abs));
  });
});

describe('native container', () => {
  it('round-trips a real model; weights are views into the file (no copy); results are bit-identical', async () => {
    const onnx = await decodeModel(fs.readFileSync(CLS));
    const bytes = writeNative(onnx);
    const file = new Uint8Array(bytes); // offset 0, as a file read gives
    const native = readNative(file);
    // this model keeps its weights in Constant nodes: their tensors live in blobs too
    const big = (m: typeof native) => m.graph.nodes.map((n) => n.attributes.value).filter((a) => a?.type === 'tensor' && a.value.size > 1000).map((a) => (a as { value: Tensor }).value);
    const w = big(native)[0];
    expect((w.data as Float32Array).buffer).toBe(file.buffer);
    expect((w.data as Float32Array).byteOffset % 64).toBe(0);
    expect(Array.from(w.data as Float32Array)).toEqual(Array.from(big(onnx)[0].data as Float32Array));
    const x = clsInput(3);
    const s1 = await Session.create(CLS, { adapters: [cpu()] });
    const s2 = await Session.create(file, { adapters: [cpu()] });
    const a = await s1.run({ x });
    const b = await s2.run({ x });
    const out = s1.outputNames[0];
    expect(mismatch(b[out], a[out], 0, 0)).toBeUndefined();
  });

  it('rejects truncated files and bad headers with ModelError', async () => {
    const bytes = writeNative(await decodeModel(fs.readFileSync(CLS)));
    expect(() => readNative(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/);
    expect(() => readNative(bytes.subarray(0, 40))).toThrow(/truncated/);
    const bad = new Uint8Array(bytes);
    bad.set(new TextEncoder().encode('{"format":"nope"'), 16);
    expect(() => readNative(bad)).toThrow(expect.objectContaining({ code: 'E_MODEL' }));
  });
});
