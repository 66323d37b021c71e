/** anychip IR -> ONNX ModelProto bytes (round trips, and handing subgraphs to runtimes that take ONNX). */
import { type Attribute, type Graph, type Model, ONNX_DTYPE, type Tensor, type ValueInfo } from '@anychip/core';
import { Writer } from './protobuf.js';

export interface EncodeOptions {
  /**
   * Puts an initializer's bytes in an external file: return where (relative to the
   * model) and at which offset you will write `tensor`'s bytes, or undefined to inline it.
   */
  externalData?: (name: string, tensor: Tensor) => { location: string; offset: number } | undefined;
}

let current: EncodeOptions = {};

function writeTensor(w: Writer, t: Tensor, name?: string): void {
  for (const d of t.dims) w.varint(1, d);
  w.varint(2, ONNX_DTYPE[t.type]);
  if (name !== undefined) w.string(8, name);
  const ext = name !== undefined && t.type !== 'string' ? current.externalData?.(name, t) : undefined;
  if (ext) {
    const d = t.data as Exclude<Tensor['data'], string[]>;
    for (const [k, v] of [['location', ext.location], ['offset', String(ext.offset)], ['length', String(d.byteLength)]]) {
      w.message(13, (e) => { e.string(1, k); e.string(2, v); });
    }
    w.varint(14, 1);
  } else if (t.type === 'string') {
    for (const s of t.data as string[]) w.string(6, s);
  } else {
    const d = t.data as Exclude<Tensor['data'], string[]>;
    w.bytes(9, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }
}

function writeValueInfo(w: Writer, v: ValueInfo): void {
  w.string(1, v.name);
  if (!v.dtype) return;
  w.message(2, (tw) => tw.message(1, (tt) => {
    tt.varint(1, ONNX_DTYPE[v.dtype!]);
    if (v.shape) {
      tt.message(2, (sw) => {
        for (const d of v.shape!) sw.message(1, (dw) => {
          if (typeof d === 'number') dw.varint(1, d);
          else if (typeof d === 'string') dw.string(2, d);
        });
      });
    }
  }));
}

const ATTR_CODE: Record<Attribute['type'], number> = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7, strings: 8, tensors: 9, graphs: 10 };

function writeAttribute(w: Writer, name: string, a: Attribute): void {
  w.string(1, name);
  w.varint(20, ATTR_CODE[a.type]);
  switch (a.type) {
    case 'float': w.float(2, a.value); break;
    case 'int': w.varint(3, a.value); break;
    case 'string': w.string(4, a.value); break;
    case 'tensor': w.message(5, (tw) => writeTensor(tw, a.value)); break;
    case 'graph': w.message(6, (gw) => writeGraph(gw, a.value)); break;
    case 'floats': for (const v of a.value) w.float(7, v); break;
    case 'ints': for (const v of a.value) w.varint(8, v); break;
    case 'strings': for (const v of a.value) w.string(9, v); break;
    case 'tensors': for (const t of a.value) w.message(10, (tw) => writeTensor(tw, t)); break;
    case 'graphs': for (const g of a.value) w.message(11, (gw) => writeGraph(gw, g)); break;
  }
}

function writeGraph(w: Writer, g: Graph): void {
  for (const n of g.nodes) {
    w.message(1, (nw) => {
      for (const i of n.inputs) nw.string(1, i);
      for (const o of n.outputs) nw.string(2, o);
      if (n.name) nw.string(3, n.name);
      nw.string(4, n.opType);
      for (const [k, a] of Object.entries(n.attributes)) nw.message(5, (aw) => writeAttribute(aw, k, a));
      if (n.domain) nw.string(7, n.domain);
    });
  }
  w.string(2, g.name || 'graph');
  for (const [name, t] of g.initializers) w.message(5, (tw) => writeTensor(tw, t, name));
  for (const i of g.inputs) w.message(11, (vw) => writeValueInfo(vw, i));
  for (const o of g.outputs) w.message(12, (vw) => writeValueInfo(vw, o));
  for (const v of g.valueInfo.values()) if (v.dtype) w.message(13, (vw) => writeValueInfo(vw, v));
}

/** Encodes a model as ONNX. Tensors are written as raw_data. */
export function encodeOnnx(model: Model, options: EncodeOptions = {}): Uint8Array {
  current = options;
  try {
    return encodeModel(model);
  } finally {
    current = {};
  }
}

function encodeModel(model: Model): Uint8Array {
  const w = new Writer();
  w.varint(1, model.irVersion || 8);
  if (model.producerName) w.string(2, model.producerName);
  if (model.producerVersion) w.string(3, model.producerVersion);
  if (model.docString) w.string(6, model.docString);
  w.message(7, (gw) => writeGraph(gw, model.graph));
  for (const [domain, version] of Object.entries(model.opsetImports)) {
    w.message(8, (ow) => { if (domain) ow.string(1, domain); ow.varint(2, version); });
  }
  for (const [k, v] of Object.entries(model.metadata)) w.message(14, (mw) => { mw.string(1, k); mw.string(2, v); });
  return w.finish();
}

