import { scatterElementsKernel } from './ScatterElements.js';

// Scatter (opsets 9-10) is ScatterElements under its old name.
export const Scatter = scatterElementsKernel('Scatter');
