/** Minimal protobuf wire-format reader and writer, bounds-checked. */
import { ModelError } from '@anychip/core';

export const enum Wire { Varint = 0, I64 = 1, Len = 2, I32 = 5 }

export class Reader {
  pos: number;
  readonly end: number;
  private dv: DataView;
  constructor(readonly buf: Uint8Array, start = 0, end = buf.length, readonly what = 'model') {
    this.pos = start;
    this.end = end;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private fail(msg: string): never {
    throw new ModelError(`malformed ONNX protobuf in ${this.what} at byte ${this.pos}: ${msg}; the file is truncated or not an ONNX model`);
  }
  done(): boolean { return this.pos >= this.end; }

  /** Varint as a JS number; exact up to 2^53, sign-correct for negative int64. */
  varint(): number {
    let lo = 0, hi = 0, shift = 0, b: number;
    do {
      if (this.pos >= this.end) this.fail('varint runs past the end');
      b = this.buf[this.pos++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) { lo |= (b & 0x0f) << 28; hi |= (b & 0x70) >> 4; }
      else if (shift < 64) hi |= (b & 0x7f) << (shift - 32);
      else this.fail('varint longer than 10 bytes');
      shift += 7;
    } while (b & 0x80);
    return hi | 0 ? (hi | 0) * 4294967296 + (lo >>> 0) : lo >>> 0;
  }
  varintBig(): bigint {
    let r = 0n, shift = 0n, b: number;
    do {
      if (this.pos >= this.end) this.fail('varint runs past the end');
      b = this.buf[this.pos++];
      r |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 70n) this.fail('varint longer than 10 bytes');
    } while (b & 0x80);
    return BigInt.asIntN(64, r);
  }
  tag(): [number, number] {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) this.fail('field number 0');
    return [field, t & 7];
  }
  bytes(): Uint8Array {
    const n = this.varint();
    if (n < 0 || this.pos + n > this.end) this.fail(`length ${n} runs past the end (${this.end - this.pos} bytes left)`);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  sub(what: string): Reader {
    const b = this.bytes();
    return new Reader(this.buf, b.byteOffset - this.buf.byteOffset, b.byteOffset - this.buf.byteOffset + b.length, what);
  }
  string(): string { return decoder.decode(this.bytes()); }
  float(): number {
    if (this.pos + 4 > this.end) this.fail('float runs past the end');
    const v = this.dv.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  double(): number {
    if (this.pos + 8 > this.end) this.fail('double runs past the end');
    const v = this.dv.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  skip(wire: number): void {
    switch (wire) {
      case Wire.Varint: this.varint(); return;
      case Wire.I64: if (this.pos + 8 > this.end) this.fail('fixed64 runs past the end'); this.pos += 8; return;
      case Wire.Len: this.bytes(); return;
      case Wire.I32: if (this.pos + 4 > this.end) this.fail('fixed32 runs past the end'); this.pos += 4; return;
      default: this.fail(`unsupported wire type ${wire}`);
    }
  }
  /** Repeated scalar field, packed or not. */
  repeated<T>(wire: number, one: () => T, out: T[]): void {
    if (wire === Wire.Len) {
      const n = this.varint();
      const stop = this.pos + n;
      if (stop > this.end) this.fail(`packed field of ${n} bytes runs past the end`);
      while (this.pos < stop) out.push(one());
      if (this.pos !== stop) this.fail('packed field ends mid-element');
    } else out.push(one());
  }
}
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export class Writer {
  private buf = new Uint8Array(1024);
  private len = 0;
  private dv = new DataView(this.buf.buffer);
  private grow(n: number) {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.dv = new DataView(b.buffer);
  }
  finish(): Uint8Array { return this.buf.slice(0, this.len); }

  rawVarint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    if (typeof v === 'number' && v >= 0 && v < 2 ** 31) {
      this.grow(5);
      let n = v;
      while (n > 0x7f) { this.buf[this.len++] = (n & 0x7f) | 0x80; n >>>= 7; }
      this.buf[this.len++] = n;
      return;
    }
    this.grow(10);
    while (x > 0x7fn) { this.buf[this.len++] = Number(x & 0x7fn) | 0x80; x >>= 7n; }
    this.buf[this.len++] = Number(x);
  }
  tag(field: number, wire: number): void { this.rawVarint(field * 8 + wire); }
  varint(field: number, v: number | bigint): void { this.tag(field, Wire.Varint); this.rawVarint(v); }
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, Wire.Len); this.rawVarint(b.length); this.grow(b.length); this.buf.set(b, this.len); this.len += b.length;
  }
  string(field: number, s: string): void { this.bytes(field, encoder.encode(s)); }
  float(field: number, v: number): void { this.tag(field, Wire.I32); this.grow(4); this.dv.setFloat32(this.len, v, true); this.len += 4; }
  message(field: number, fill: (w: Writer) => void): void {
    const w = new Writer();
    fill(w);
    this.bytes(field, w.finish());
  }
}
