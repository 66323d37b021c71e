import type { Model } from '@anychip/core';
import { decodeOnnx, type DecodeOptions } from './decode.js';

export { decodeOnnx, decodeTensor, type DecodeOptions } from './decode.js';
export { encodeOnnx, type EncodeOptions } from './encode.js';

/**
 * The codec core's loader calls: decodes ONNX bytes; with `baseDir` (set when loading
 * from a path), external data is read from files next to the model and nowhere else.
 */
export async function decodeModel(bytes: Uint8Array, options: { baseDir?: string } = {}): Promise<Model> {
  const opts: DecodeOptions = {};
  if (options.baseDir) {
    const { externalReader } = await import('./node.js');
    opts.baseDir = options.baseDir;
    opts.readExternal = externalReader(options.baseDir);
  }
  return decodeOnnx(bytes, opts);
}
