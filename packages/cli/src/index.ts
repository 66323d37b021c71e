export { main } from './main.js';
export { resolveAdapter, presentAdapters, BUILTIN } from './adapters.js';
export { readNpy, writeNpy } from './npy.js';
export { builtinModels } from './commands.js';
