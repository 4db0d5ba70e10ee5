import type { ConfigProblem } from '../errors/config-error.js';

/** Problems of one file on its own (with its extends chain) over the schema defaults; empty when valid. */
export async function validateConfigFile(path: string): Promise<ConfigProblem[]> {
  return (await inspectConfigFile(path)).problems;
}

/** validateConfigFile plus the files the check read, for `payready config validate FILE`. */
export async function inspectConfigFile(path: string): Promise<{ problems: ConfigProblem[]; files: string[] }> {
  const { checkConfigFile } = await import('./compile-config.js');
  return checkConfigFile(path);
}
