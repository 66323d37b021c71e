// Single-stream latency of PaddleOCR v4 det (1x3x640x640) and friends: anychip's cpu
// adapter vs onnxruntime-web (wasm, 1 thread, SIMD) and onnxruntime-node (1 thread),
// in one process, interleaved round-robin after warm-up. Prints medians, spread (p10-p90)
// and ratios; --json writes the same as JSON.
import { Session, Tensor, seededUniform } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { modelPath, selectModels } from '@anychip/conformance';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import * as fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(`--${k}`); return i >= 0 ? args[i + 1] : d; };
const ROUNDS = Number(opt('rounds', 5));
const WARMUP = Number(opt('warmup', 2));
// short names (det, rec, cls) or the model list's own (ppocr-det, ...)
const MODELS = (opt('models', 'det')).split(',').map((n) => (n.startsWith('ppocr-') ? n : `ppocr-${n}`));
const json = args.includes('--json');

const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]; };

ortWeb.env.wasm.numThreads = 1;
ortWeb.env.wasm.simd = true;
ortWeb.env.logLevel = 'error';

const report = { machine: { cpus: (await import('node:os')).cpus()[0]?.model, node: process.version }, rounds: ROUNDS, warmup: WARMUP, models: {} };
for (const m of selectModels(MODELS)) {
  const name = m.name.replace(/^ppocr-/, '');
  const file = modelPath(m);
  const bytes = fs.readFileSync(file);
  const dims = [...m.dims];
  const data = seededUniform(dims.reduce((a, b) => a * b, 1), 11);
  const ours = await Session.create(file, { adapters: [cpu()] });
  const web = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'], intraOpNumThreads: 1 });
  const node = await ortNode.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const peers = {
    'anychip cpu': () => ours.run({ [m.input]: new Tensor('float32', data, dims) }),
    'ort-web wasm 1t': () => web.run({ [m.input]: new ortWeb.Tensor('float32', data, dims) }),
    'ort-node 1t': () => node.run({ [m.input]: new ortNode.Tensor('float32', data, dims) }),
  };
  const times = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    for (const [k, f] of Object.entries(peers)) {
      const t0 = performance.now();
      await f();
      const dt = performance.now() - t0;
      if (r >= WARMUP) times[k].push(dt);
    }
  }
  const base = q(times['anychip cpu'], 0.5);
  const rows = Object.entries(times).map(([k, ts]) => ({ peer: k, medianMs: q(ts, 0.5), p10Ms: q(ts, 0.1), p90Ms: q(ts, 0.9), anychipOverPeer: base / q(ts, 0.5) }));
  report.models[name] = { input: dims, rows };
  if (!json) {
    console.log(`\n${name} ${dims.join('x')}, ${ROUNDS} interleaved rounds after ${WARMUP} warm-up`);
    console.log(`${'peer'.padEnd(18)}${'median ms'.padStart(11)}${'p10-p90 ms'.padStart(18)}   anychip cpu / peer`);
    for (const r of rows) console.log(`${r.peer.padEnd(18)}${r.medianMs.toFixed(1).padStart(11)}${`${r.p10Ms.toFixed(0)}-${r.p90Ms.toFixed(0)}`.padStart(18)}   ${r.anychipOverPeer.toFixed(2)}x`);
  }
  await ours.dispose(); await web.release(); await node.release();
}
if (json) console.log(JSON.stringify(report, null, 2));
