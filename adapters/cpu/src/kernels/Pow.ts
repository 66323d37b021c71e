import { binaryKernel } from '../elementwise.js';

export const Pow = binaryKernel('Pow', {
  types: ['float32', 'float64', 'int32', 'int64'],
  loops: {
    f: (x, y) => Math.pow(x, y),
    vv: (o, a, b, n, oo, ao, bo) => { for (let i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i], b[bo + i]); },
    // x^2 is the common case (variance in LayerNorm-style graphs): multiply, as the spec's reference does
    vs: (o, a, s, n, oo, ao) => {
      if (s === 2) { for (let i = 0; i < n; i++) { const v = a[ao + i]; o[oo + i] = v * v; } return; }
      for (let i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i], s);
    },
    sv: (o, s, b, n, oo, bo) => { for (let i = 0; i < n; i++) o[oo + i] = Math.pow(s, b[bo + i]); },
  },
  big: (x, y) => (y < 0n ? (x === 1n ? 1n : 0n) : x ** y),
});
