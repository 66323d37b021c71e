import { cosineWindow } from './window.js';

export const HammingWindow = cosineWindow('HammingWindow', [25 / 46, 21 / 46]);
