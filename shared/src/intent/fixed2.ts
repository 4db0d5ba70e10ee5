/**
 * `x.toFixed(2)`, the same string, without the builtin's call into the runtime: the reasons format twelve
 * numbers per decision, and the builtin took a tenth of one. Exact: `toFixed` rounds the exact binary value
 * half up, as `Math.round(x * 100)` does unless the product's rounding lands near a half (then, and for
 * negative, huge or non-finite x, this defers to the builtin).
 */
export function toFixed2(x: number): string {
  const scaled = x * 100;
  if (!(scaled >= 0 && scaled < 1e15)) return x.toFixed(2);
  const fraction = scaled - Math.floor(scaled);
  if (Math.abs(fraction - 0.5) < 1e-6) return x.toFixed(2);
  const n = Math.round(scaled);
  const cents = n % 100;
  return `${(n - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}
