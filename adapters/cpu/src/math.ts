/** Scalar math the JS standard library lacks. */

/** Round half to even (banker's rounding), as ONNX Round specifies. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * erf(x) with relative error below 1e-15 (W. J. Cody's rational Chebyshev
 * approximations, as in most libm implementations).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const p = [3.1611237438705656, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
    const q = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.2368334391706];
    let num = p[4] * t, den = t;
    for (let i = 0; i < 3; i++) { num = (num + p[i]) * t; den = (den + q[i]) * t; }
    return (x * (num + p[3])) / (den + q[3]);
  }
  return x < 0 ? -(1 - erfc(ax)) : 1 - erfc(ax);
}

function erfc(ax: number): number {
  if (ax >= 6) return 0;
  if (ax <= 4) {
    const c = [0.56418849698867008, 8.8831497943883759, 66.119190637141634, 298.63513819740013, 881.95222124176909, 1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8];
    const d = [15.744926110709835, 117.6939508913125, 537.18110186200982, 1621.3895745666903, 3290.7992357334825, 4362.6190901432472, 3439.3676741437216, 1230.3393548037495];
    let num = c[8] * ax, den = ax;
    for (let i = 0; i < 7; i++) { num = (num + c[i]) * ax; den = (den + d[i]) * ax; }
    const r = (num + c[7]) / (den + d[7]);
    return Math.exp(-ax * ax) * r;
  }
  const p = [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 6.5874916152983678e-4, 0.016315387137302097];
  const q = [2.5685201922898682, 1.8729528499234604, 0.52790510295142216, 0.060518341312441320, 0.0023352049762686918];
  const z = 1 / (ax * ax);
  let num = p[5] * z, den = z;
  for (let i = 0; i < 4; i++) { num = (num + p[i]) * z; den = (den + q[i]) * z; }
  let r = (z * (num + p[4])) / (den + q[4]);
  r = (0.5641895835477563 - r) / ax;
  return Math.exp(-ax * ax) * r;
}
