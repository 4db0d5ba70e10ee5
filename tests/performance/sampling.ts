/** Microseconds each call of `fn` took, `count` calls; `fn` gets the call's index (to vary its input). */
export function sample(fn: (index: number) => void, count: number): number[] {
  const micros: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    fn(index);
    micros.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return micros;
}

/** As `sample`, awaiting each call before the next starts. */
export async function sampleAsync(fn: () => Promise<unknown>, count: number): Promise<number[]> {
  const micros: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    await fn();
    micros.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return micros;
}
