/**
 * The native single-file container (.anychip). Layout:
 *
 *   0   8 bytes  magic "ANYCHIP\0"
 *   8   u32 LE   header length H in bytes
 *   12  u32 LE   reserved, 0
 *   16  H bytes  header: UTF-8 JSON, zod-validated, versioned
 *   ... zero padding to a multiple of 64
 *   blobs: each tensor's raw little-endian bytes at a 64-byte-aligned absolute offset
 *
 * Blobs are aligned so a reader can view them as typed arrays in place, without a copy.
 * See docs/format.md.
 */
import { z } from 'zod';
import { DATA_TYPES, bytesPerElement, viewBytes, type DataType } from './dtype.js';
import { ModelError } from './errors.js';
import type { Attribute, Graph, Model, Node, ValueInfo } from './ir.js';
import { Tensor, shapeSize } from './tensor.js';

export const NATIVE_MAGIC = [0x41, 0x4e, 0x59, 0x43, 0x48, 0x49, 0x50, 0x00] as const;
export const NATIVE_VERSION = 1;
const ALIGN = 64;

// JSON has no NaN/Infinity; float attributes write those as strings
const NumJ = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
const DimJ = z.union([z.number().int().nonnegative(), z.string(), z.null()]);
const ValueInfoJ = z.object({ name: z.string(), dtype: z.enum(DATA_TYPES).optional(), shape: z.array(DimJ).optional() });
const TensorJ = z.union([
  z.object({ dtype: z.enum(DATA_TYPES).exclude(['string']), dims: z.array(z.number().int().nonnegative()), offset: z.number().int().nonnegative(), byteLength: z.number().int().nonnegative() }),
  z.object({ dtype: z.literal('string'), dims: z.array(z.number().int().nonnegative()), strings: z.array(z.string()) }),
]);
type TensorJ = z.infer<typeof TensorJ>;
type AttrJ =
  | { type: 'float'; value: number | string } | { type: 'int'; value: number } | { type: 'string'; value: string }
  | { type: 'floats'; value: (number | string)[] } | { type: 'ints'; value: number[] } | { type: 'strings'; value: string[] }
  | { type: 'tensor'; value: TensorJ } | { type: 'tensors'; value: TensorJ[] }
  | { type: 'graph'; value: GraphJ } | { type: 'graphs'; value: GraphJ[] };
interface GraphJ {
  name: string;
  inputs: z.infer<typeof ValueInfoJ>[];
  outputs: z.infer<typeof ValueInfoJ>[];
  valueInfo: z.infer<typeof ValueInfoJ>[];
  initializers: (TensorJ & { name: string })[];
  nodes: { name: string; opType: string; domain: string; inputs: string[]; outputs: string[]; attributes: Record<string, AttrJ> }[];
}
const AttrJ: z.ZodType<AttrJ> = z.lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('float'), value: NumJ }),
  z.object({ type: z.literal('int'), value: z.number() }),
  z.object({ type: z.literal('string'), value: z.string() }),
  z.object({ type: z.literal('floats'), value: z.array(NumJ) }),
  z.object({ type: z.literal('ints'), value: z.array(z.number()) }),
  z.object({ type: z.literal('strings'), value: z.array(z.string()) }),
  z.object({ type: z.literal('tensor'), value: TensorJ }),
  z.object({ type: z.literal('tensors'), value: z.array(TensorJ) }),
  z.object({ type: z.literal('graph'), value: GraphJ }),
  z.object({ type: z.literal('graphs'), value: z.array(GraphJ) }),
])) as z.ZodType<AttrJ>;
const GraphJ: z.ZodType<GraphJ> = z.lazy(() => z.object({
  name: z.string(),
  inputs: z.array(ValueInfoJ),
  outputs: z.array(ValueInfoJ),
  valueInfo: z.array(ValueInfoJ),
  initializers: z.array(z.intersection(TensorJ, z.object({ name: z.string() }))),
  nodes: z.array(z.object({ name: z.string(), opType: z.string().min(1), domain: z.string(), inputs: z.array(z.string()), outputs: z.array(z.string()), attributes: z.record(z.string(), AttrJ) })),
})) as z.ZodType<GraphJ>;

export const NativeHeaderSchema = z.object({
  format: z.literal('anychip'),
  version: z.number().int().positive(),
  model: z.object({
    irVersion: z.number().int(),
    opsetImports: z.record(z.string(), z.number().int()),
    producerName: z.string().optional(),
    producerVersion: z.string().optional(),
    docString: z.string().optional(),
    metadata: z.record(z.string(), z.string()),
  }),
  graph: GraphJ,
});
export type NativeHeader = z.infer<typeof NativeHeaderSchema>;

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;
const FLOAT_FIX = (v: number) => (Number.isFinite(v) ? v : String(v)); // JSON has no Inf/NaN

/** Serialises a model to the native container. */
export function writeNative(model: Model): Uint8Array {
  const blobs: Uint8Array[] = [];
  let cursor = 0; // relative to the blob area; fixed up once the header size is known
  const refs: { j: { offset: number }; rel: number }[] = [];
  const tensorJ = (t: Tensor): TensorJ => {
    if (t.type === 'string') return { dtype: 'string', dims: [...t.dims], strings: [...(t.data as string[])] };
    const d = t.data as Exclude<Tensor['data'], string[]>;
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    cursor = align(cursor);
    const j = { dtype: t.type as Exclude<DataType, 'string'>, dims: [...t.dims], offset: 0, byteLength: bytes.byteLength };
    refs.push({ j, rel: cursor });
    blobs.push(bytes);
    cursor += bytes.byteLength;
    return j;
  };
  const vi = (v: ValueInfo) => ({ name: v.name, ...(v.dtype ? { dtype: v.dtype } : {}), ...(v.shape ? { shape: v.shape } : {}) });
  const attrJ = (a: Attribute): AttrJ => {
    switch (a.type) {
      case 'tensor': return { type: 'tensor', value: tensorJ(a.value) };
      case 'tensors': return { type: 'tensors', value: a.value.map(tensorJ) };
      case 'graph': return { type: 'graph', value: graphJ(a.value) };
      case 'graphs': return { type: 'graphs', value: a.value.map(graphJ) };
      case 'float': return { type: 'float', value: FLOAT_FIX(a.value) as number };
      case 'floats': return { type: 'floats', value: a.value.map(FLOAT_FIX) as number[] };
      default: return a as AttrJ;
    }
  };
  const graphJ = (g: Graph): GraphJ => ({
    name: g.name,
    inputs: g.inputs.map(vi), outputs: g.outputs.map(vi), valueInfo: [...g.valueInfo.values()].map(vi),
    initializers: [...g.initializers].map(([name, t]) => ({ name, ...tensorJ(t) })),
    nodes: g.nodes.map((n: Node) => ({ name: n.name, opType: n.opType, domain: n.domain, inputs: n.inputs, outputs: n.outputs, attributes: Object.fromEntries(Object.entries(n.attributes).map(([k, a]) => [k, attrJ(a)])) })),
  });
  const header: NativeHeader = {
    format: 'anychip', version: NATIVE_VERSION,
    model: { irVersion: model.irVersion, opsetImports: model.opsetImports, producerName: model.producerName, producerVersion: model.producerVersion, docString: model.docString, metadata: model.metadata },
    graph: graphJ(model.graph),
  };
  // Offsets change the header's length, which moves the blob area: iterate to a fixed point.
  let base = 0;
  let json = '';
  for (;;) {
    for (const r of refs) r.j.offset = base + r.rel;
    json = JSON.stringify(header);
    const nb = align(16 + new TextEncoder().encode(json).byteLength);
    if (nb === base) break;
    base = nb;
  }
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(align(base + cursor));
  out.set(NATIVE_MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, headerBytes.byteLength, true);
  dv.setUint32(12, 0, true);
  out.set(headerBytes, 16);
  blobs.forEach((b, i) => out.set(b, refs[i].j.offset));
  return out;
}

const unfix = (v: number | string) => (typeof v === 'string' ? Number(v) : v);

/** Reads a native container. Weight tensors are views into `bytes` (no copy) when aligned. */
export function readNative(bytes: Uint8Array): Model {
  if (bytes.length < 16) throw new ModelError(`native model is truncated: ${bytes.length} bytes, the fixed header alone is 16`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = dv.getUint32(8, true);
  if (16 + hlen > bytes.length) throw new ModelError(`native model is truncated: header says ${hlen} bytes but the file has ${bytes.length - 16} after the preamble`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + hlen)));
  } catch (e) {
    throw new ModelError(`native model header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  const parsed = NativeHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    const is = parsed.error.issues[0];
    throw new ModelError(`native model header is invalid at '${is.path.join('.')}': ${is.message}`);
  }
  const h = parsed.data;
  if (h.version > NATIVE_VERSION) throw new ModelError(`native model is format version ${h.version}; this reader understands up to ${NATIVE_VERSION}. Upgrade @anychip/core.`);
  const tensor = (j: TensorJ, what: string): Tensor => {
    if (j.dtype === 'string') {
      if (j.strings.length !== shapeSize(j.dims)) throw new ModelError(`${what}: ${j.strings.length} strings for dims [${j.dims}]`);
      return new Tensor('string', j.strings, j.dims);
    }
    const need = shapeSize(j.dims) * bytesPerElement(j.dtype);
    if (j.byteLength !== need) throw new ModelError(`${what}: blob is ${j.byteLength} bytes, dims [${j.dims}] of ${j.dtype} need ${need}`);
    if (j.offset % ALIGN !== 0) throw new ModelError(`${what}: blob offset ${j.offset} is not ${ALIGN}-byte aligned`);
    if (j.offset + j.byteLength > bytes.length) throw new ModelError(`${what}: blob [${j.offset}, ${j.offset + j.byteLength}) lies past the end of the file (${bytes.length} bytes); the file is truncated`);
    return new Tensor(j.dtype, viewBytes(j.dtype, bytes.subarray(j.offset, j.offset + j.byteLength)), j.dims);
  };
  const attr = (a: AttrJ, what: string): Attribute => {
    switch (a.type) {
      case 'tensor': return { type: 'tensor', value: tensor(a.value, what) };
      case 'tensors': return { type: 'tensors', value: a.value.map((t) => tensor(t, what)) };
      case 'graph': return { type: 'graph', value: graph(a.value) };
      case 'graphs': return { type: 'graphs', value: a.value.map(graph) };
      case 'float': return { type: 'float', value: unfix(a.value) };
      case 'floats': return { type: 'floats', value: a.value.map(unfix) };
      default: return a as Attribute;
    }
  };
  const graph = (g: GraphJ): Graph => ({
    name: g.name,
    inputs: g.inputs as ValueInfo[], outputs: g.outputs as ValueInfo[],
    valueInfo: new Map(g.valueInfo.map((v) => [v.name, v as ValueInfo])),
    initializers: new Map(g.initializers.map((t) => [t.name, tensor(t, `initializer '${t.name}'`)])),
    nodes: g.nodes.map((n) => ({ ...n, attributes: Object.fromEntries(Object.entries(n.attributes).map(([k, a]) => [k, attr(a, `attribute '${k}' of node '${n.name}'`)])) })),
  });
  return { ...h.model, metadata: h.model.metadata, graph: graph(h.graph) };
}
