export { main } from './main.js';
export { AdapterResolver, BUILTIN, findFactory, presentAdapters, resolveAdapter, type PresentAdapter } from './adapters.js';
export { inspectModel, type InspectInfo } from './inspect.js';
export { readNpy, writeNpy } from './npy.js';
