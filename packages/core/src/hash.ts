/**
 * Content hashes for caching compiled artefacts. Pure JS (no node:crypto) so browsers get
 * the same keys; not cryptographic, 64 bits from two independent 32-bit lanes.
 */
import type { Subgraph } from './adapter.js';
import type { Attribute, Graph, Node } from './ir.js';
import type { Tensor } from './tensor.js';

class Hasher {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;

  word(w: number): this {
    this.a = Math.imul(this.a ^ w, 0x01000193);
    this.b = Math.imul((this.b ^ w) + 0x9e3779b9, 0x85ebca6b);
    this.b ^= this.b >>> 13;
    return this;
  }

  str(s: string): this {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    return this;
  }

  num(x: number): this {
    return this.str(Object.is(x, -0) ? '-0' : String(x));
  }

  bytes(u8: Uint8Array): this {
    this.word(u8.length);
    const n4 = u8.length >>> 2;
    if (u8.byteOffset % 4 === 0) {
      const w = new Uint32Array(u8.buffer, u8.byteOffset, n4);
      for (let i = 0; i < n4; i++) this.word(w[i]);
    } else {
      for (let i = 0; i < n4; i++) this.word(u8[4 * i] | (u8[4 * i + 1] << 8) | (u8[4 * i + 2] << 16) | (u8[4 * i + 3] << 24));
    }
    for (let i = n4 * 4; i < u8.length; i++) this.word(u8[i]);
    return this;
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

// weights are hashed once per tensor object, however many sessions compile them
const tensorDigests = new WeakMap<Tensor, string>();

/** A digest of a tensor's type, dims and contents. */
export function hashTensor(t: Tensor): string {
  const cached = tensorDigests.get(t);
  if (cached) return cached;
  const h = new Hasher().str(t.type).str(t.dims.join(','));
  if (t.type === 'string') for (const s of t.data as string[]) h.str(s);
  else {
    const d = t.data as Uint8Array;
    h.bytes(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }
  const digest = h.digest();
  tensorDigests.set(t, digest);
  return digest;
}

function hashAttribute(h: Hasher, a: Attribute): void {
  h.str(a.type);
  switch (a.type) {
    case 'float': case 'int': h.num(a.value); break;
    case 'string': h.str(a.value); break;
    case 'floats': case 'ints': h.word(a.value.length); a.value.forEach((v) => h.num(v)); break;
    case 'strings': h.word(a.value.length); a.value.forEach((v) => h.str(v)); break;
    case 'tensor': h.str(hashTensor(a.value)); break;
    case 'tensors': a.value.forEach((t) => h.str(hashTensor(t))); break;
    case 'graph': hashGraph(h, a.value); break;
    case 'graphs': a.value.forEach((g) => hashGraph(h, g)); break;
  }
}

function hashNode(h: Hasher, n: Node): void {
  h.str(n.domain).str(n.opType).str(n.inputs.join('\u0000')).str(n.outputs.join('\u0000'));
  const keys = Object.keys(n.attributes).sort();
  h.word(keys.length);
  for (const k of keys) { h.str(k); hashAttribute(h, n.attributes[k]); }
}

/** What a graph and a subgraph share: nodes, the values in and out, and weights. */
type Body = Pick<Graph, 'nodes' | 'inputs' | 'outputs' | 'initializers'>;

const typeAndShape = (v: Graph['inputs'][number]) => `${v.dtype ?? '?'}[${(v.shape ?? []).map((d) => d ?? '?').join(',')}]`;
const byName = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

function hashGraph(h: Hasher, g: Body): void {
  h.word(g.nodes.length);
  g.nodes.forEach((n) => hashNode(h, n));
  for (const v of g.inputs) h.str('in').str(v.name).str(typeAndShape(v));
  for (const v of g.outputs) h.str('out').str(v.name).str(typeAndShape(v));
  for (const [k, t] of byName(g.initializers)) h.str(k).str(hashTensor(t));
}

/**
 * A key for what compile(subgraph) depends on: nodes (types, wiring, attributes, nested
 * graphs), input and output names, dtypes and shapes, opsets, and a digest of every weight.
 * Node names are left out: they do not change what a compile produces. For cacheKey().
 */
export function hashSubgraph(sg: Subgraph): string {
  const h = new Hasher();
  hashGraph(h, sg);
  for (const [d, v] of Object.entries(sg.opsets).sort(([a], [b]) => (a < b ? -1 : 1))) h.str(d).num(v);
  return h.digest();
}

function sameTensor(a: Tensor, b: Tensor): boolean {
  if (a === b) return true;
  if (a.type !== b.type || a.dims.join() !== b.dims.join()) return false;
  if (a.type === 'string') return (a.data as string[]).every((s, i) => s === (b.data as string[])[i]);
  const x = a.data as Uint8Array, y = b.data as Uint8Array;
  const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength), by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  if (bx.length !== by.length) return false;
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return false;
  return true;
}

function sameAttribute(a: Attribute, b: Attribute): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'tensor': return sameTensor(a.value, (b as typeof a).value);
    case 'tensors': return a.value.length === (b as typeof a).value.length && a.value.every((t, i) => sameTensor(t, (b as typeof a).value[i]));
    case 'graph': return sameGraph(a.value, (b as typeof a).value);
    case 'graphs': return a.value.length === (b as typeof a).value.length && a.value.every((g, i) => sameGraph(g, (b as typeof a).value[i]));
    case 'floats': case 'ints': case 'strings': return a.value.length === (b as typeof a).value.length && a.value.every((v, i) => Object.is(v, (b as typeof a).value[i]));
    default: return Object.is(a.value, (b as typeof a).value);
  }
}

function sameNodes(a: readonly Node[], b: readonly Node[]): boolean {
  return a.length === b.length && a.every((n, i) => {
    const m = b[i];
    const keys = Object.keys(n.attributes).sort();
    return n.opType === m.opType && n.domain === m.domain && n.inputs.join('\u0000') === m.inputs.join('\u0000') && n.outputs.join('\u0000') === m.outputs.join('\u0000')
      && keys.join() === Object.keys(m.attributes).sort().join() && keys.every((k) => sameAttribute(n.attributes[k], m.attributes[k]));
  });
}

const sameInfo = (a: Body['inputs'], b: Body['inputs']) => a.length === b.length && a.every((v, i) => v.name === b[i].name && typeAndShape(v) === typeAndShape(b[i]));

function sameInitializers(a: Map<string, Tensor>, b: Map<string, Tensor>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, t] of a) { const u = b.get(k); if (!u || !sameTensor(t, u)) return false; }
  return true;
}

function sameGraph(a: Body, b: Body): boolean {
  return sameNodes(a.nodes, b.nodes) && sameInfo(a.inputs, b.inputs) && sameInfo(a.outputs, b.outputs) && sameInitializers(a.initializers, b.initializers);
}

/**
 * Whether two subgraphs compile to the same thing (what hashSubgraph() keys), compared in
 * full: a hash match is only a hint, since a crafted model could collide with another.
 */
export function sameSubgraph(a: Subgraph, b: Subgraph): boolean {
  return a === b || (Object.entries(a.opsets).sort().join() === Object.entries(b.opsets).sort().join() && sameGraph(a, b));
}
