/**
 * The recurrent ops (RNN, GRU, LSTM) on one driver: directions, sequence_lens, layout,
 * initial states, clip and configurable activations, per the ONNX spec.
 */
import { type Node, Tensor as T, UnsupportedError, attrFloat, attrFloats, attrInt, attrString } from '@anychip/core';
import type { KernelFn } from '../kernel.js';

type Act = (x: number) => number;

function activation(name: string, alpha: number | undefined, beta: number | undefined): Act {
  switch (name.toLowerCase()) {
    case 'tanh': return Math.tanh;
    case 'sigmoid': return (x) => 1 / (1 + Math.exp(-x));
    case 'relu': return (x) => Math.max(0, x);
    case 'leakyrelu': { const a = alpha ?? 0.01; return (x) => (x >= 0 ? x : a * x); }
    case 'thresholdedrelu': { const a = alpha ?? 1; return (x) => (x > a ? x : 0); }
    case 'hardsigmoid': { const a = alpha ?? 0.2, b = beta ?? 0.5; return (x) => Math.min(1, Math.max(0, a * x + b)); }
    case 'elu': { const a = alpha ?? 1; return (x) => (x >= 0 ? x : a * (Math.exp(x) - 1)); }
    case 'softsign': return (x) => x / (1 + Math.abs(x));
    case 'softplus': return (x) => Math.log1p(Math.exp(x));
    case 'affine': { const a = alpha ?? 1, b = beta ?? 0; return (x) => a * x + b; }
    case 'scaledtanh': { const a = alpha ?? 1, b = beta ?? 1; return (x) => a * Math.tanh(b * x); }
    default: throw new UnsupportedError(`recurrent activation '${name}' is not implemented`);
  }
}

export type Cell = 'RNN' | 'GRU' | 'LSTM';
const GATES: Record<Cell, number> = { RNN: 1, GRU: 3, LSTM: 4 };
const ACTS: Record<Cell, string[]> = { RNN: ['Tanh'], GRU: ['Sigmoid', 'Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'] };

export function recurrent(cell: Cell, node: Node): KernelFn {
  const H = attrInt(node, 'hidden_size', 0);
  const dirName = attrString(node, 'direction', 'forward');
  const D = dirName === 'bidirectional' ? 2 : 1;
  const layout = attrInt(node, 'layout', 0);
  const clip = node.attributes.clip ? attrFloat(node, 'clip', 0) : undefined;
  const names = node.attributes.activations?.type === 'strings' ? (node.attributes.activations.value as string[]) : [];
  const al = attrFloats(node, 'activation_alpha') ?? [];
  const be = attrFloats(node, 'activation_beta') ?? [];
  const per = ACTS[cell].length;
  const acts = Array.from({ length: D }, (_, d) => ACTS[cell].map((def, k) => activation(names[d * per + k] ?? def, al[d * per + k], be[d * per + k])));
  const lbr = attrInt(node, 'linear_before_reset', 0) !== 0;
  const inputForget = attrInt(node, 'input_forget', 0) !== 0;
  const G = GATES[cell];
  return (inputs) => {
    const [X, W, R, B, lens, h0, c0, P] = inputs;
    if (!X || !W || !R) throw new UnsupportedError(`${cell} needs X, W and R`);
    const [S, N] = layout ? [X.dims[1], X.dims[0]] : [X.dims[0], X.dims[1]];
    const I = X.dims[2];
    const x = (t: number, n: number, i: number) => (X.data as Float32Array)[(layout ? n * S + t : t * N + n) * I + i];
    const w = W.data as Float32Array, r = R.data as Float32Array, b = B?.data as Float32Array | undefined;
    const seqLen = (n: number) => (lens ? Number((lens.data as Int32Array)[n]) : S);
    const Y = new Float32Array(S * D * N * H);
    const Yh = new Float32Array(D * N * H);
    const Yc = new Float32Array(D * N * H);
    const cl = (v: number) => (clip === undefined ? v : Math.max(-clip, Math.min(clip, v)));
    for (let d = 0; d < D; d++) {
      const [f, g, h] = acts[d];
      const reverse = dirName === 'reverse' || d === 1;
      const wd = d * G * H * I, rd = d * G * H * H, bd = d * 2 * G * H;
      for (let n = 0; n < N; n++) {
        const hPrev = new Float64Array(H), cPrev = new Float64Array(H);
        for (let j = 0; j < H; j++) {
          hPrev[j] = h0 ? (h0.data as Float32Array)[layout ? (n * D + d) * H + j : (d * N + n) * H + j] : 0;
          cPrev[j] = c0 ? (c0.data as Float32Array)[layout ? (n * D + d) * H + j : (d * N + n) * H + j] : 0;
        }
        const L = seqLen(n);
        for (let s = 0; s < L; s++) {
          const t = reverse ? L - 1 - s : s;
          // gate pre-activations: Xt W^T + Wb, and Ht-1 R^T + Rb, per gate row
          const xw = new Float64Array(G * H), hr = new Float64Array(G * H);
          for (let q = 0; q < G * H; q++) {
            let a = b ? b[bd + q] : 0;
            for (let i = 0; i < I; i++) a += x(t, n, i) * w[wd + q * I + i];
            xw[q] = a;
            let c = b ? b[bd + G * H + q] : 0;
            for (let j = 0; j < H; j++) c += hPrev[j] * r[rd + q * H + j];
            hr[q] = c;
          }
          const hNew = new Float64Array(H);
          if (cell === 'RNN') {
            for (let j = 0; j < H; j++) hNew[j] = f(cl(xw[j] + hr[j]));
          } else if (cell === 'GRU') {
            // gate order z, r, h
            const rg = new Float64Array(H);
            for (let k = 0; k < H; k++) rg[k] = f(cl(xw[H + k] + hr[H + k]));
            for (let j = 0; j < H; j++) {
              const z = f(cl(xw[j] + hr[j]));
              let hh: number;
              if (lbr) hh = g(cl(xw[2 * H + j] + rg[j] * hr[2 * H + j]));
              else {
                // (r . Ht-1) R_h^T + Rb_h
                let c = b ? b[bd + G * H + 2 * H + j] : 0;
                for (let k = 0; k < H; k++) c += rg[k] * hPrev[k] * r[rd + (2 * H + j) * H + k];
                hh = g(cl(xw[2 * H + j] + c));
              }
              hNew[j] = (1 - z) * hh + z * hPrev[j];
            }
          } else {
            // gate order i, o, f, c; peepholes P = [Pi, Po, Pf]
            const p = P?.data as Float32Array | undefined;
            const pd = d * 3 * H;
            const cNew = new Float64Array(H);
            for (let j = 0; j < H; j++) {
              const ig = f(cl(xw[j] + hr[j] + (p ? p[pd + j] * cPrev[j] : 0)));
              let fg = f(cl(xw[2 * H + j] + hr[2 * H + j] + (p ? p[pd + 2 * H + j] * cPrev[j] : 0)));
              if (inputForget) fg = 1 - ig;
              const cc = g(cl(xw[3 * H + j] + hr[3 * H + j]));
              cNew[j] = fg * cPrev[j] + ig * cc;
              const og = f(cl(xw[H + j] + hr[H + j] + (p ? p[pd + H + j] * cNew[j] : 0)));
              hNew[j] = og * h(cNew[j]);
            }
            cPrev.set(cNew);
          }
          hPrev.set(hNew);
          for (let j = 0; j < H; j++) Y[(layout ? (n * S + t) * D + d : (t * D + d) * N + n) * H + j] = hNew[j];
        }
        for (let j = 0; j < H; j++) {
          const at = layout ? (n * D + d) * H + j : (d * N + n) * H + j;
          Yh[at] = hPrev[j];
          Yc[at] = cPrev[j];
        }
      }
    }
    const yDims = layout ? [N, S, D, H] : [S, D, N, H];
    const sDims = layout ? [N, D, H] : [D, N, H];
    const outs = [new T('float32', Y, yDims), new T('float32', Yh, sDims)];
    if (cell === 'LSTM') outs.push(new T('float32', Yc, sDims));
    return outs;
  };
}
