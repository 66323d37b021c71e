import { cosineWindow } from './window.js';

export const HannWindow = cosineWindow('HannWindow', [0.5, 0.5]);
