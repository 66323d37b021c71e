import { Tensor } from '@anychip/core';
import { variadicKernel } from '../elementwise.js';

export const Mean = variadicKernel('Mean', (x, y) => x + y, (t, n) => new Tensor(t.type, (t.data as Float32Array).map((v) => v / n) as never, t.dims), ['float32', 'float64']);
