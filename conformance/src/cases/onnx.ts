/** The ONNX backend test data (Debian's libonnx-testdata) as conformance cases. */
import { type Tensor, Tensor as T } from '@anychip/core';
import { decodeTensor } from '@anychip/onnx';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ONNX_TESTDATA = '/usr/share/libonnx-testdata/data';
export const ONNX_SUITES = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'] as const;

export interface OnnxCase {
  /** Stable id: onnx/<suite>/<test name>. */
  id: string;
  suite: string;
  name: string;
  dir: string;
}

export function listOnnxCases(root = ONNX_TESTDATA, suites: readonly string[] = ONNX_SUITES): OnnxCase[] {
  const out: OnnxCase[] = [];
  for (const suite of suites) {
    const d = path.join(root, suite);
    if (!fs.existsSync(d)) continue;
    for (const name of fs.readdirSync(d).sort()) {
      if (fs.existsSync(path.join(d, name, 'model.onnx'))) out.push({ id: `onnx/${suite}/${name}`, suite, name, dir: path.join(d, name) });
    }
  }
  return out;
}

const byIndex = (prefix: string) => (a: string, b: string) => Number(a.slice(prefix.length).split('.')[0]) - Number(b.slice(prefix.length).split('.')[0]);

export interface DataSet {
  name: string;
  inputs: Tensor[];
  outputs: Tensor[];
}

/** Reads test_data_set_* folders. Throws for non-tensor protos (sequences, optionals). */
export function loadDataSets(c: OnnxCase): DataSet[] {
  return fs.readdirSync(c.dir).filter((f) => f.startsWith('test_data_set_')).sort().map((set) => {
    const dir = path.join(c.dir, set);
    const files = fs.readdirSync(dir);
    const read = (prefix: string) => files.filter((f) => f.startsWith(prefix) && f.endsWith('.pb')).sort(byIndex(prefix)).map((f) => decodeTensor(fs.readFileSync(path.join(dir, f))).tensor);
    return { name: set, inputs: read('input_'), outputs: read('output_') };
  });
}

/**
 * ONNX 1.12's generator stored bfloat16 tensors as uint16 bits; give such a tensor the
 * type the model declares, keeping the bits.
 */
export function retype(t: Tensor, declared: string | undefined): Tensor {
  if (declared === 'bfloat16' && t.type === 'uint16') return new T('bfloat16', t.data as Uint16Array, t.dims);
  return t;
}
