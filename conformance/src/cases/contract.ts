/**
 * Contract cases: does the adapter behave as the contract says, beyond numerics?
 * Each returns pass/fail/skip with a message a vendor can act on.
 */
import {
  type Adapter, type DataType, DeviceLostError, type Model, OutOfMemoryError, Session, Tensor, allocData, floatToHalf, floatToBf16, validateAdapter,
} from '@anychip/core';
import type { CaseResult } from '../runner.js';

export interface ContractResult {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  message: string;
}

/** Edge values per dtype for the round trip: extremes, zeros, NaN, infinities, subnormals. */
function edgeTensor(t: DataType): Tensor {
  const f = [0, -0, 1, -1, 0.5, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38, Infinity, -Infinity, NaN];
  switch (t) {
    case 'float32': return new Tensor('float32', Float32Array.from(f), [3, 4]);
    case 'float64': return new Tensor('float64', Float64Array.from([...f.slice(0, 5), 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, Infinity, -Infinity, NaN]), [3, 4]);
    case 'float16': return new Tensor('float16', Uint16Array.from(f.map(floatToHalf)), [3, 4]);
    case 'bfloat16': return new Tensor('bfloat16', Uint16Array.from(f.map(floatToBf16)), [3, 4]);
    case 'int64': return new Tensor('int64', BigInt64Array.from([0n, 1n, -1n, 9223372036854775807n, -9223372036854775808n, 42n]), [2, 3]);
    case 'uint64': return new Tensor('uint64', BigUint64Array.from([0n, 1n, 18446744073709551615n, 42n]), [4]);
    case 'string': return new Tensor('string', ['', 'a', 'héllo', '\u0000x'], [2, 2]);
    case 'bool': return new Tensor('bool', Uint8Array.from([0, 1, 1, 0]), [4]);
    default: {
      const d = allocData(t, 6) as Int32Array;
      const vals = t.startsWith('u') ? [0, 1, 2, 127, 200, 255] : [0, 1, -1, 127, -128, 42];
      vals.forEach((v, i) => { d[i] = v; });
      return new Tensor(t, d as never, [2, 3]);
    }
  }
}

function sameBits(a: Tensor, b: Tensor): boolean {
  if (a.type !== b.type || a.dims.join() !== b.dims.join()) return false;
  if (a.type === 'string') return (a.data as string[]).every((s, i) => s === (b.data as string[])[i]);
  const x = a.data as Uint8Array, y = b.data as Uint8Array;
  const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength), by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  return bx.length === by.length && bx.every((v, i) => v === by[i]);
}

/**
 * The adapter with some members replaced. A Proxy that forwards everything else to the
 * adapter itself (methods bound to it, getters read on it), so a class-based adapter keeps
 * its prototype methods, getters and #private state; an object spread would copy own
 * enumerable properties only and lose them.
 */
export function withOverrides<A extends Adapter<any, any>>(adapter: A, overrides: Partial<Adapter<any, any>>): A {
  return new Proxy(adapter, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return (overrides as Record<PropertyKey, unknown>)[prop];
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
    has: (target, prop) => Object.prototype.hasOwnProperty.call(overrides, prop) || Reflect.has(target, prop),
  });
}

/** A small model every adapter should run: y = Relu(x * w + b) over [2, 8]. */
function tinyModel(): Model {
  const w = new Tensor('float32', Float32Array.from({ length: 8 }, (_, i) => (i - 3.5) / 4), [8]);
  const b = new Tensor('float32', Float32Array.from({ length: 8 }, (_, i) => (i % 3) - 1), [8]);
  return {
    irVersion: 8, opsetImports: { '': 13 }, metadata: {},
    graph: {
      name: 'tiny', inputs: [{ name: 'x', dtype: 'float32', shape: [2, 8] }], outputs: [{ name: 'y', dtype: 'float32', shape: [2, 8] }],
      initializers: new Map([['w', w], ['b', b]]), valueInfo: new Map(),
      nodes: [
        { name: 'mul', opType: 'Mul', domain: '', inputs: ['x', 'w'], outputs: ['m'], attributes: {} },
        { name: 'add', opType: 'Add', domain: '', inputs: ['m', 'b'], outputs: ['a'], attributes: {} },
        { name: 'relu', opType: 'Relu', domain: '', inputs: ['a'], outputs: ['y'], attributes: {} },
      ],
    },
  };
}
const tinyInput = (k: number) => new Tensor('float32', Float32Array.from({ length: 16 }, (_, i) => Math.sin(i * 1.7 + k) * 3), [2, 8]);

/**
 * Runs the contract cases. `onnx` are the adapter's ONNX results, used to check that
 * supports() answers agree with what then compiles and runs.
 */
export async function runContractCases(adapter: Adapter<any, any>, onnx: CaseResult[] = []): Promise<ContractResult[]> {
  const out: ContractResult[] = [];
  const desc = validateAdapter(adapter);
  const add = (id: string, status: ContractResult['status'], message: string) => out.push({ id: `contract/${id}`, status, message });

  // capability answers agree with what runs
  const lied = onnx.filter((r) => r.status === 'error' && /^(E_COMPILE|E_UNSUPPORTED|E_EXECUTION)/.test(r.reason ?? '') && !/E_BAD_INPUT/.test(r.reason ?? ''));
  if (!onnx.length) add('capability-honesty', 'skip', 'no ONNX cases were run to check supports() against');
  else if (lied.length) add('capability-honesty', 'fail', `supports() accepted every node of ${lied.length} case(s) that then failed to compile or run, e.g. ${lied.slice(0, 3).map((r) => `${r.id} (${r.reason})`).join('; ')}; answer { ok: false, reason } for what you cannot run`);
  else add('capability-honesty', 'pass', `every case supports() accepted compiled and ran (${onnx.filter((r) => r.status !== 'skip').length} cases)`);

  // upload/download round trip per declared dtype, bit for bit
  for (const t of desc.dtypes) {
    const x = edgeTensor(t);
    try {
      const h = await adapter.upload(x);
      const back = await adapter.download(h);
      adapter.release(h);
      if (sameBits(back, x)) add(`roundtrip/${t}`, 'pass', 'upload then download returns the same bits');
      else add(`roundtrip/${t}`, 'fail', `upload then download of ${t}[${x.dims}] changed the data or shape (got ${back.type}[${back.dims}])`);
    } catch (e) {
      add(`roundtrip/${t}`, 'fail', `the description lists ${t}, but upload/download threw: ${(e as Error).message}`);
    }
  }

  // determinism, and concurrent sessions equal sequential ones
  try {
    const s1 = await Session.create(tinyModel(), { adapters: [adapter] });
    const s2 = await Session.create(tinyModel(), { adapters: [adapter] });
    const seq: Tensor[] = [];
    for (let k = 0; k < 4; k++) seq.push((await (k % 2 ? s2 : s1).run({ x: tinyInput(k) })).y);
    const again = (await s1.run({ x: tinyInput(0) })).y;
    add('determinism', sameBits(again, seq[0]) ? 'pass' : 'fail', sameBits(again, seq[0]) ? 'the same input gives the same bits twice' : 'the same input gave different outputs on two runs');
    const par = await Promise.all([0, 1, 2, 3].map((k) => (k % 2 ? s2 : s1).run({ x: tinyInput(k) })));
    const same = par.every((r, k) => sameBits(r.y, seq[k]));
    add('concurrency', same ? 'pass' : 'fail', same ? 'two sessions running at once give what they give one after another' : 'concurrent runs on two sessions gave different results from sequential runs');
    await s1.dispose();
    await s2.dispose();
  } catch (e) {
    add('determinism', 'fail', `a three-op model (Mul, Add, Relu) failed: ${(e as Error).message}`);
  }

  // dispose frees device memory
  if (!adapter.memory) add('dispose-frees-memory', 'skip', 'the adapter has no memory() to check usage against (optional in the contract)');
  else {
    const before = adapter.memory().usedBytes;
    const s = await Session.create(tinyModel(), { adapters: [adapter] });
    for (let k = 0; k < 3; k++) await s.run({ x: tinyInput(k) });
    await s.dispose();
    const after = adapter.memory().usedBytes;
    add('dispose-frees-memory', after <= before ? 'pass' : 'fail', after <= before ? `usage back to ${before} bytes after runs and dispose` : `memory() says ${after - before} bytes are still in use after runs and dispose() (was ${before}, now ${after}); release() every handle and what compile() holds`);
  }

  // out of device memory is a typed error, and the adapter survives it
  const total = desc.memory?.totalBytes;
  if (!total) add('out-of-memory', 'skip', 'the description declares no memory.totalBytes to exceed');
  else {
    const n = Math.ceil(total / 4) + 1;
    let err: unknown;
    try {
      // a host tensor the device cannot hold: only its size matters, so share one buffer
      const big = new Tensor('float32', new Float32Array(new ArrayBuffer(0), 0, 0), [0]);
      Object.defineProperty(big, 'size', { value: n });
      Object.defineProperty(big, 'dims', { value: [n] });
      const h = await adapter.upload(big);
      adapter.release(h);
    } catch (e) { err = e; }
    const ok = err instanceof OutOfMemoryError || (err as { code?: string })?.code === 'E_OUT_OF_MEMORY';
    add('out-of-memory', ok ? 'pass' : 'fail', ok ? 'an upload larger than memory.totalBytes throws OutOfMemoryError' : `an upload of ${n * 4} bytes (> memory.totalBytes ${total}) ${err ? `threw ${(err as Error).name}: ${(err as Error).message}` : 'succeeded'}; throw OutOfMemoryError`);
  }
  // injected faults: one call fails with the typed error; that run must reject with it,
  // the adapter must keep working, and nothing may stay allocated
  for (const [id, make, where] of [
    ['device-lost-injected', () => new DeviceLostError('injected: device lost'), 'execute'],
    ['out-of-memory-injected', () => new OutOfMemoryError('injected: out of device memory'), 'upload'],
  ] as const) {
    let armed = false;
    const faulty = withOverrides(adapter, {
      execute: async (c: unknown, ins: any[]) => { if (armed && where === 'execute') { armed = false; throw make(); } return adapter.execute(c, ins); },
      upload: async (t: Tensor) => { if (armed && where === 'upload') { armed = false; throw make(); } return adapter.upload(t); },
    });
    try {
      const before = adapter.memory?.().usedBytes;
      const s = await Session.create(tinyModel(), { adapters: [faulty] });
      const good = (await s.run({ x: tinyInput(5) })).y;
      armed = true;
      const err = await s.run({ x: tinyInput(5) }).then(() => undefined, (e: unknown) => e);
      const code = (err as { code?: string })?.code;
      const again = (await s.run({ x: tinyInput(5) })).y;
      await s.dispose();
      const after = adapter.memory?.().usedBytes;
      const want = where === 'execute' ? 'E_DEVICE_LOST' : 'E_OUT_OF_MEMORY';
      if (code !== want) add(id, 'fail', `a ${want} thrown by ${where}() reached the caller as ${code ?? String(err)}; typed errors must pass through unchanged`);
      else if (!sameBits(again, good)) add(id, 'fail', `after a ${want} from ${where}(), the next run gave different results`);
      else if (before !== undefined && after !== undefined && after > before) add(id, 'fail', `after a ${want} from ${where}() and dispose(), ${after - before} bytes stay in use; release what the failed run allocated`);
      else add(id, 'pass', `a ${want} from ${where}() rejects that run only; the next run matches, memory is released`);
    } catch (e) {
      add(id, 'fail', `the model failed around an injected fault: ${(e as Error).message}`);
    }
  }
  add('device-lost', 'skip', 'a real device loss needs the adapter to offer a fault-injection hook; covered above by injection at the contract boundary');
  return out;
}
