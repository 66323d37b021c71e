import type { Options } from 'tsup';

/** The build every library package shares: ESM + types (ESM only: Node >= 20.19 can require() it), for Node 20. */
export const base: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
};
