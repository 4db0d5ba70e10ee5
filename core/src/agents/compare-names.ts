/**
 * Orders agent names by UTF-16 code unit. Not `localeCompare`: its first call builds an ICU collator, which
 * cost 10–17 ms of every `payready route` (measured with --cpu-prof) to sort a handful of ASCII names.
 */
export function compareNames(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
