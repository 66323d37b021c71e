import { cosineWindow } from './window.js';

export const BlackmanWindow = cosineWindow('BlackmanWindow', [0.42, 0.5, 0.08]);
