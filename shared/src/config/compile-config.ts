import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { closestMatch } from '../errors/closest-match.js';
import { ConfigError, type ConfigProblem } from '../errors/config-error.js';
import type { ConfigSources } from './config-sources.js';
import { emptyChainState, readFileChain, type ChainState } from './file-chain.js';
import { envLayer, overridesLayer } from './flat-layers.js';
import { isPlainObject, mergeLayers, type Layer, type NodeOrigin } from './layer.js';
import { configSchema } from './schema.js';
import { schemaProblems } from './schema-problems.js';
import type { FileStamp, LoadConfigOptions, LoadedConfig, Origin } from './types.js';

export type CompileResult =
  | { ok: true; loaded: LoadedConfig; deps: FileStamp[]; touched: string[] }
  | { ok: false; error: ConfigError; touched: string[] };

function missingEnvironment(sources: ConfigSources): ConfigProblem {
  let available: string[] = [];
  try {
    available = readdirSync(sources.builtinDir)
      .filter((name) => name.endsWith('.yaml') && name !== 'base.yaml')
      .map((name) => name.slice(0, -'.yaml'.length));
  } catch {
    // An unreadable builtinDir is reported by the base.yaml read that follows.
  }
  const suggestion = closestMatch(sources.envName ?? '', available);
  const hint = suggestion ? `did you mean ${suggestion}?` : `available: ${available.join(', ') || 'none'}`;
  const file = sources.envFile ?? resolve(sources.builtinDir, `${sources.envName}.yaml`);
  return {
    source: 'env:PAYREADY_ENV',
    message: `no built-in environment "${sources.envName}": ${file} not found (${hint})`,
  };
}

async function readBuiltin(state: ChainState, sources: ConfigSources): Promise<void> {
  const base = { path: sources.base, role: 'built-in' as const };
  if (sources.envName === undefined) return readFileChain(state, base);
  if (!sources.envFile || !existsSync(sources.envFile)) {
    state.problems.push(missingEnvironment(sources));
    await readFileChain(state, base);
    if (sources.envFile) state.files.push({ path: sources.envFile, role: 'environment', exists: false });
    return;
  }
  // The environment file normally extends base.yaml; one that does not still sits on top of it.
  const env = emptyChainState();
  await readFileChain(env, { path: sources.envFile, role: 'environment' });
  if (!env.files.some((file) => file.path === sources.base)) await readFileChain(state, base);
  state.layers.push(...env.layers);
  state.files.push(
    ...env.files.map((file) =>
      file.path === sources.base ? { path: file.path, role: base.role, exists: file.exists } : file,
    ),
  );
  state.deps.push(...env.deps);
  state.problems.push(...env.problems);
}

/** Reads every file layer in precedence order. Absent optional files are listed with `exists: false`. */
export async function collectLayers(sources: ConfigSources): Promise<ChainState> {
  const state = emptyChainState();
  await readBuiltin(state, sources);
  if (existsSync(sources.user)) await readFileChain(state, { path: sources.user, role: 'user' });
  else state.files.push({ path: sources.user, role: 'user', exists: false });
  if (sources.project) await readFileChain(state, { path: sources.project, role: 'project' });
  else state.files.push({ path: sources.projectCandidates[0]!, role: 'project', exists: false });
  if (sources.explicit) await readFileChain(state, { path: sources.explicit, role: 'explicit' });
  return state;
}

function leafOrigins(
  value: unknown,
  origins: ReadonlyMap<string, NodeOrigin>,
  path: string,
  out: Record<string, Origin>,
): void {
  if (isPlainObject(value) && path !== '' && Object.keys(value).length === 0) return;
  if (!isPlainObject(value)) {
    const origin = origins.get(path);
    if (!origin) out[path] = { source: 'default' };
    else if (origin.line === undefined) out[path] = { source: origin.source };
    else out[path] = { source: origin.source, line: origin.line, column: origin.column };
    return;
  }
  for (const [key, child] of Object.entries(value))
    leafOrigins(child, origins, path === '' ? key : `${path}.${key}`, out);
}

function finish(state: ChainState, layers: readonly Layer[]): CompileResult {
  const touched = [...new Set(state.files.map((file) => file.path))];
  const merged = mergeLayers(layers);
  const result = configSchema.safeParse(merged.value);
  const problems = [...state.problems, ...(result.success ? [] : schemaProblems(result.error.issues, merged))];
  if (problems.length > 0 || !result.success) return { ok: false, error: new ConfigError(problems), touched };
  const origins: Record<string, Origin> = {};
  leafOrigins(result.data, merged.origins, '', origins);
  const files = [...new Set(state.files.filter((file) => file.exists).map((file) => file.path))];
  return { ok: true, loaded: { config: result.data, origins, files }, deps: state.deps, touched };
}

/** The whole chain: files, then PAYREADY_* variables, then flags; validated against the schema. */
export async function compileConfig(sources: ConfigSources, options: LoadConfigOptions): Promise<CompileResult> {
  const state = await collectLayers(sources);
  return finish(state, [...state.layers, envLayer(options.env), overridesLayer(options.overrides)]);
}

/** One file and its extends chain on top of the schema defaults. */
export async function checkConfigFile(path: string): Promise<{ problems: ConfigProblem[]; files: string[] }> {
  const state = emptyChainState();
  await readFileChain(state, { path: resolve(path), role: 'explicit' });
  const result = finish(state, state.layers);
  const files = state.files.filter((file) => file.exists).map((file) => file.path);
  return { problems: result.ok ? [] : [...result.error.problems], files };
}
