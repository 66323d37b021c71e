export { ort, type OrtOptions } from './adapter.js';
