import { UnsupportedError, constantValue } from '@anychip/core';
import { defineKernel } from '../kernel.js';

// Sessions lift Constant nodes into initializers; this serves subgraphs built by hand.
export const Constant = defineKernel({
  opType: 'Constant',
  create: ({ node }) => {
    const t = constantValue(node);
    if (!t) throw new UnsupportedError(`Constant '${node.name}' has no value`);
    return () => [t];
  },
});
