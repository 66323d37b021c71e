import { binaryKernel } from '../elementwise.js';

export const Mul = binaryKernel('Mul', {
  loops: {
    f: (x, y) => x * y,
    vv: (o, a, b, n, oo, ao, bo) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; },
    vs: (o, a, s, n, oo, ao) => { for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; },
    sv: (o, s, b, n, oo, bo) => { for (let i = 0; i < n; i++) o[oo + i] = s * b[bo + i]; },
  },
  big: (x, y) => x * y,
});
