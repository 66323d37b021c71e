import { ModelError } from './errors.js';
import type { Model } from './ir.js';
import { NATIVE_MAGIC, readNative } from './format.js';

/** What a model loader for another format (ONNX) exports. */
export interface ModelCodec {
  decodeModel(bytes: Uint8Array, options?: { baseDir?: string }): Model | Promise<Model>;
}

// The ONNX codec lives in @anychip/onnx, which depends on core. Core finds it, in order: the
// codec passed in (SessionOptions.codec), one registered with registerOnnxCodec(), or its
// optional peer dependency @anychip/onnx, imported on the first .onnx model (declared in
// package.json, so package managers and bundlers see it), so browsers that only use native
// files never load it.
const ONNX_PACKAGE = '@anychip/onnx';
let onnxCodec: ModelCodec | undefined;

/** Lets an app register the ONNX codec explicitly (bundlers, browsers). */
export function registerOnnxCodec(codec: ModelCodec): void {
  onnxCodec = codec;
}

async function loadOnnxCodec(): Promise<ModelCodec> {
  if (onnxCodec) return onnxCodec;
  try {
    onnxCodec = (await import(/* @vite-ignore */ ONNX_PACKAGE)) as ModelCodec;
    return onnxCodec;
  } catch (e) {
    throw new ModelError(`this looks like an ONNX model, but ${ONNX_PACKAGE} could not be loaded (${(e as Error).message.split('\n')[0]}); install it next to @anychip/core (npm install @anychip/onnx), or pass it: Session.create(model, { codec: await import('@anychip/onnx'), ... })`, { cause: e });
  }
}

export function isNative(bytes: Uint8Array): boolean {
  return bytes.length >= NATIVE_MAGIC.length && NATIVE_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reads a model from a path (Node) or bytes, in either the native container or ONNX. */
export async function loadModel(source: string | Uint8Array | ArrayBuffer | Model, options: { codec?: ModelCodec } = {}): Promise<Model> {
  if (typeof source === 'object' && 'graph' in source) return source;
  let bytes: Uint8Array;
  let baseDir: string | undefined;
  if (typeof source === 'string') {
    // node-only: imported here so browser bundles never see node:fs
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    try {
      bytes = await fs.readFile(source);
    } catch (e) {
      throw new ModelError(`cannot read model file '${source}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    baseDir = path.dirname(path.resolve(source));
  } else {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  }
  if (bytes.length === 0) throw new ModelError('the model is empty (0 bytes)');
  if (isNative(bytes)) return readNative(bytes);
  const codec = options.codec ?? (await loadOnnxCodec());
  return codec.decodeModel(bytes, { baseDir });
}
