/** ONNX ModelProto bytes -> anychip IR. Field numbers follow onnx/onnx.proto (IR v3..v10). */
import {
  type Attribute, type DataType, type Dim, type Graph, type Model, ModelError, type Node, Tensor, type ValueInfo,
  allocData, bytesPerElement, dtypeFromOnnx, shapeSize, viewBytes,
} from '@anychip/core';
import { Reader, Wire } from './protobuf.js';

export interface DecodeOptions {
  /** Folder of the model file; external data must stay inside it. */
  baseDir?: string;
  /** Supplies external data bytes; the default reads files under baseDir (Node). */
  readExternal?: (location: string, offset: number, length: number | undefined) => Uint8Array;
}

interface RawTensor {
  name: string;
  dims: number[];
  dataType: number;
  raw?: Uint8Array;
  floats: number[];
  int32s: number[];
  int64s: bigint[];
  doubles: number[];
  uint64s: bigint[];
  strings: Uint8Array[];
  external: Record<string, string>;
  location: number;
}

function readStringPair(r: Reader): [string, string] {
  let k = '', v = '';
  while (!r.done()) {
    const [f, w] = r.tag();
    if (f === 1 && w === Wire.Len) k = r.string();
    else if (f === 2 && w === Wire.Len) v = r.string();
    else r.skip(w);
  }
  return [k, v];
}

function readRawTensor(r: Reader): RawTensor {
  const t: RawTensor = { name: '', dims: [], dataType: 0, floats: [], int32s: [], int64s: [], doubles: [], uint64s: [], strings: [], external: {}, location: 0 };
  while (!r.done()) {
    const [f, w] = r.tag();
    switch (f) {
      case 1: r.repeated(w, () => r.varint(), t.dims); break;
      case 2: t.dataType = r.varint(); break;
      case 4: r.repeated(w, () => r.float(), t.floats); break;
      case 5: r.repeated(w, () => r.varint(), t.int32s); break;
      case 6: t.strings.push(r.bytes()); break;
      case 7: r.repeated(w, () => r.varintBig(), t.int64s); break;
      case 8: t.name = r.string(); break;
      case 9: t.raw = r.bytes(); break;
      case 10: r.repeated(w, () => r.double(), t.doubles); break;
      case 11: r.repeated(w, () => BigInt.asUintN(64, r.varintBig()), t.uint64s); break;
      case 13: { const [k, v] = readStringPair(r.sub('external_data')); t.external[k] = v; break; }
      case 14: t.location = r.varint(); break;
      default: r.skip(w);
    }
  }
  return t;
}

function toTensor(t: RawTensor, opts: DecodeOptions, what: string): Tensor {
  const type = dtypeFromOnnx(t.dataType);
  if (!type) throw new ModelError(`${what} has data type ${t.dataType}, which anychip does not support (supported: float/float16/bfloat16/double, (u)int8..64, bool, string)`);
  if (t.dims.some((d) => d < 0 || !Number.isSafeInteger(d))) throw new ModelError(`${what} has invalid dims [${t.dims.join(', ')}]`);
  const n = shapeSize(t.dims);
  if (type === 'string') {
    if (t.strings.length !== n) throw new ModelError(`${what}: ${t.strings.length} strings for dims [${t.dims}]`);
    return new Tensor('string', t.strings.map((s) => new TextDecoder().decode(s)), t.dims);
  }
  let raw = t.raw;
  if (t.location === 1) raw = readExternalData(t, opts, what);
  if (raw) {
    const expected = n * bytesPerElement(type);
    if (raw.byteLength !== expected) throw new ModelError(`${what}: raw_data has ${raw.byteLength} bytes, dims [${t.dims.join(', ')}] of ${type} need ${expected}`);
    return new Tensor(type, viewBytes(type as Exclude<DataType, 'string'>, raw), t.dims);
  }
  const data = allocData(type, n) as Exclude<Tensor['data'], string[]>;
  const src: ArrayLike<number | bigint> =
    type === 'float32' ? t.floats
      : type === 'float64' ? t.doubles
        : type === 'int64' ? t.int64s
          : type === 'uint64' || type === 'uint32' ? t.uint64s
            : t.int32s;
  if (src.length !== n) throw new ModelError(`${what}: has ${src.length} values for dims [${t.dims.join(', ')}] (${n} elements)`);
  for (let i = 0; i < n; i++) {
    const v = src[i];
    (data as unknown as (number | bigint)[])[i] = type === 'int64' || type === 'uint64' ? BigInt(v) : Number(v);
  }
  return new Tensor(type, data, t.dims);
}

function readExternalData(t: RawTensor, opts: DecodeOptions, what: string): Uint8Array {
  const location = t.external.location;
  if (!location) throw new ModelError(`${what} says its data is external but names no location`);
  const offset = t.external.offset ? Number(t.external.offset) : 0;
  const length = t.external.length ? Number(t.external.length) : undefined;
  if (!Number.isSafeInteger(offset) || offset < 0 || (length !== undefined && (!Number.isSafeInteger(length) || length < 0))) {
    throw new ModelError(`${what}: external data offset/length are invalid (${t.external.offset}, ${t.external.length})`);
  }
  const read = opts.readExternal;
  if (!read) throw new ModelError(`${what} keeps its data in external file '${location}', but the model was given as bytes; load it from its path so anychip can find the file`);
  return read(location, offset, length);
}

const TYPE_KINDS: Record<number, ValueInfo['kind']> = { 4: 'sequence', 5: 'map', 8: 'sparse', 9: 'optional' };

function readTypeInfo(r: Reader, vi: ValueInfo): void {
  while (!r.done()) {
    const [f, w] = r.tag();
    if (TYPE_KINDS[f]) { vi.kind = TYPE_KINDS[f]; r.skip(w); continue; }
    if (f === 1 && w === Wire.Len) {
      const tr = r.sub('tensor type');
      while (!tr.done()) {
        const [tf, tw] = tr.tag();
        if (tf === 1) { const d = dtypeFromOnnx(tr.varint()); if (d) vi.dtype = d; }
        else if (tf === 2 && tw === Wire.Len) {
          const sr = tr.sub('shape');
          const shape: Dim[] = [];
          while (!sr.done()) {
            const [sf, sw] = sr.tag();
            if (sf === 1 && sw === Wire.Len) {
              const dr = sr.sub('dim');
              let d: Dim = null;
              while (!dr.done()) {
                const [df, dw] = dr.tag();
                if (df === 1) d = dr.varint();
                else if (df === 2 && dw === Wire.Len) d = dr.string();
                else dr.skip(dw);
              }
              shape.push(d);
            } else sr.skip(sw);
          }
          vi.shape = shape;
        } else tr.skip(tw);
      }
    } else r.skip(w);
  }
}

function readValueInfo(r: Reader): ValueInfo {
  const vi: ValueInfo = { name: '' };
  while (!r.done()) {
    const [f, w] = r.tag();
    if (f === 1) vi.name = r.string();
    else if (f === 2 && w === Wire.Len) readTypeInfo(r.sub('type'), vi);
    else r.skip(w);
  }
  return vi;
}

const ATTR_TYPES = ['undefined', 'float', 'int', 'string', 'tensor', 'graph', 'floats', 'ints', 'strings', 'tensors', 'graphs', 'sparse_tensor', 'sparse_tensors', 'type_proto', 'type_protos'];

function readAttribute(r: Reader, opts: DecodeOptions, nodeName: string): [string, Attribute | undefined] {
  let name = '', type = 0, f32 = 0, i64 = 0, s: Uint8Array | undefined, t: RawTensor | undefined, g: Graph | undefined;
  const floats: number[] = [], ints: number[] = [], strings: Uint8Array[] = [], tensors: RawTensor[] = [], graphs: Graph[] = [];
  let refAttr = '';
  while (!r.done()) {
    const [f, w] = r.tag();
    switch (f) {
      case 1: name = r.string(); break;
      case 2: f32 = r.float(); break;
      case 3: i64 = r.varint(); break;
      case 4: s = r.bytes(); break;
      case 5: t = readRawTensor(r.sub('attribute tensor')); break;
      case 6: g = readGraph(r.sub('attribute graph'), opts); break;
      case 7: r.repeated(w, () => r.float(), floats); break;
      case 8: r.repeated(w, () => r.varint(), ints); break;
      case 9: strings.push(r.bytes()); break;
      case 10: tensors.push(readRawTensor(r.sub('attribute tensor'))); break;
      case 11: graphs.push(readGraph(r.sub('attribute graph'), opts)); break;
      case 20: type = r.varint(); break;
      case 21: refAttr = r.string(); break;
      default: r.skip(w);
    }
  }
  if (refAttr) throw new ModelError(`attribute '${name}' of node '${nodeName}' references a function attribute ('${refAttr}'); ONNX functions are not supported`);
  const what = `attribute '${name}' of node '${nodeName}'`;
  // IR < 3 files may omit `type`: infer it from what is set
  if (type === 0) type = t ? 4 : g ? 5 : floats.length ? 6 : ints.length ? 7 : strings.length ? 8 : s ? 3 : 0;
  const dec = (b: Uint8Array) => new TextDecoder().decode(b);
  switch (ATTR_TYPES[type]) {
    case 'float': return [name, { type: 'float', value: f32 }];
    case 'int': return [name, { type: 'int', value: i64 }];
    case 'string': return [name, { type: 'string', value: dec(s ?? new Uint8Array()) }];
    case 'tensor': if (!t) throw new ModelError(`${what} is a tensor attribute without a tensor`); return [name, { type: 'tensor', value: toTensor(t, opts, what) }];
    case 'graph': if (!g) throw new ModelError(`${what} is a graph attribute without a graph`); return [name, { type: 'graph', value: g }];
    case 'floats': return [name, { type: 'floats', value: floats }];
    case 'ints': return [name, { type: 'ints', value: ints }];
    case 'strings': return [name, { type: 'strings', value: strings.map(dec) }];
    case 'tensors': return [name, { type: 'tensors', value: tensors.map((x) => toTensor(x, opts, what)) }];
    case 'graphs': return [name, { type: 'graphs', value: graphs }];
    case 'undefined': return [name, { type: 'ints', value: [] }];
    default: return [name, undefined]; // sparse/type_proto attributes: kept out of the IR, an op needing them is refused
  }
}

function readNode(r: Reader, opts: DecodeOptions, index: number): Node {
  const n: Node = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {} };
  const raw: Reader[] = [];
  while (!r.done()) {
    const [f, w] = r.tag();
    switch (f) {
      case 1: n.inputs.push(r.string()); break;
      case 2: n.outputs.push(r.string()); break;
      case 3: n.name = r.string(); break;
      case 4: n.opType = r.string(); break;
      case 5: raw.push(r.sub('attribute')); break;
      case 7: n.domain = r.string(); break;
      default: r.skip(w);
    }
  }
  if (!n.opType) throw new ModelError(`node #${index} ('${n.name}') has no op_type`);
  if (n.domain === 'ai.onnx') n.domain = '';
  for (const a of raw) {
    const [k, v] = readAttribute(a, opts, n.name || n.opType);
    if (v) n.attributes[k] = v;
  }
  return n;
}

function readGraph(r: Reader, opts: DecodeOptions): Graph {
  const g: Graph = { name: '', nodes: [], inputs: [], outputs: [], initializers: new Map(), valueInfo: new Map() };
  const inits: RawTensor[] = [];
  while (!r.done()) {
    const [f, w] = r.tag();
    switch (f) {
      case 1: g.nodes.push(readNode(r.sub('node'), opts, g.nodes.length)); break;
      case 2: g.name = r.string(); break;
      case 5: inits.push(readRawTensor(r.sub('initializer'))); break;
      case 11: g.inputs.push(readValueInfo(r.sub('graph input'))); break;
      case 12: g.outputs.push(readValueInfo(r.sub('graph output'))); break;
      case 13: { const v = readValueInfo(r.sub('value_info')); g.valueInfo.set(v.name, v); break; }
      case 15: throw new ModelError('sparse initializers are not supported yet; densify the model (onnx.numpy_helper) first');
      default: r.skip(w);
    }
  }
  for (const t of inits) {
    if (!t.name) throw new ModelError('an initializer has no name');
    g.initializers.set(t.name, toTensor(t, opts, `initializer '${t.name}'`));
  }
  return g;
}

/** Decodes ONNX bytes into the IR. Throws ModelError with the byte offset on malformed input. */
export function decodeOnnx(bytes: Uint8Array, opts: DecodeOptions = {}): Model {
  const r = new Reader(bytes);
  const m: Model = { irVersion: 0, opsetImports: {}, metadata: {}, graph: undefined as unknown as Graph };
  let sawGraph = false;
  while (!r.done()) {
    const [f, w] = r.tag();
    switch (f) {
      case 1: m.irVersion = r.varint(); break;
      case 2: m.producerName = r.string(); break;
      case 3: m.producerVersion = r.string(); break;
      case 6: m.docString = r.string(); break;
      case 7: m.graph = readGraph(r.sub('graph'), opts); sawGraph = true; break;
      case 8: {
        const sr = r.sub('opset_import');
        let domain = '', version = 0;
        while (!sr.done()) {
          const [sf, sw] = sr.tag();
          if (sf === 1) domain = sr.string(); else if (sf === 2) version = sr.varint(); else sr.skip(sw);
        }
        m.opsetImports[domain === 'ai.onnx' ? '' : domain] = version;
        break;
      }
      case 14: { const [k, v] = readStringPair(r.sub('metadata_props')); m.metadata[k] = v; break; }
      default: r.skip(w);
    }
  }
  if (!sawGraph) throw new ModelError('not an ONNX model: no graph found (is this the right file?)');
  // IR v1/v2 files predate opset_import; they mean opset 1
  if (!Object.keys(m.opsetImports).length) m.opsetImports[''] = 1;
  return m;
}

/** Decodes a standalone TensorProto (the ONNX test data's input_0.pb files). */
export function decodeTensor(bytes: Uint8Array, opts: DecodeOptions = {}): { name: string; tensor: Tensor } {
  const raw = readRawTensor(new Reader(bytes, 0, bytes.length, 'tensor'));
  return { name: raw.name, tensor: toTensor(raw, opts, `tensor '${raw.name}'`) };
}
