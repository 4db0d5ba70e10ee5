import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, requireBinary } from '../../test-utils/src/index.js';
import { appContainer, only, parseYamlDocuments, validateObject, type K8sObject } from './manifests.js';

// scripts/deploy/blue-green.sh and canary.sh against a fake kubectl on PATH (fake-kubectl.sh: records every
// call, answers the scripts' queries, renders what `apply -k` is given with the real kubectl).

const realKubectl = requireBinary('kubectl', 'kubernetes-client');
const bash = requireBinary('bash');
const blueGreen = join(repoRoot, 'scripts/deploy/blue-green.sh');
const canary = join(repoRoot, 'scripts/deploy/canary.sh');
const image = 'registry.test/payready:1.2.3';

let state: string;
let bin: string;

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'payready-deploy-'));
  state = join(root, 'state');
  bin = join(root, 'bin');
  mkdirSync(state);
  mkdirSync(bin);
  symlinkSync(join(repoRoot, 'tests/integration/deployment/fake-kubectl.sh'), join(bin, 'kubectl'));
});

afterEach(() => rmSync(join(state, '..'), { recursive: true, force: true }));

function given(values: { live?: string; stableReplicas?: number; rolloutExit?: number }): void {
  if (values.live !== undefined) writeFileSync(join(state, 'live-colour'), values.live);
  if (values.stableReplicas !== undefined) writeFileSync(join(state, 'stable-replicas'), String(values.stableReplicas));
  if (values.rolloutExit !== undefined) writeFileSync(join(state, 'rollout-exit'), String(values.rolloutExit));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every kubectl call, in order, as its arguments. */
  calls: string[][];
}

function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bash, [script, ...args], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_KUBECTL_DIR: state,
        REAL_KUBECTL: realKubectl,
        TMPDIR: state,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const log = join(state, 'calls');
      const calls = existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => line.split('\x1f'))
        : [];
      resolve({ code, stdout, stderr, calls });
    });
  });
}

/** A short name for each call: `get service`, `apply <dir>`, `rollout deployment/payready-green`, … */
function summary(calls: string[][]): string[] {
  return calls.map((call) => {
    const args = call[0] === '--namespace' ? call.slice(2) : call;
    if (args[0] === 'apply') return `apply ${args[2]!.split('/').slice(-1)[0]}`;
    if (args[0] === 'rollout') return `rollout ${args[2]}`;
    if (args[0] === 'scale') return `scale ${args[1]}`;
    return `${args[0]} ${args[1]} ${args[2]}`;
  });
}

/** What the Nth call (`apply -k`) applied, rendered by the real kubectl and schema-checked. */
function applied(callIndex: number): K8sObject[] {
  return parseYamlDocuments(readFileSync(join(state, `applied-${callIndex + 1}.yaml`), 'utf8')).map(validateObject);
}

function patchOf(call: string[]): unknown {
  return JSON.parse(call[call.indexOf('-p') + 1]!);
}

describe('scripts/deploy/blue-green.sh', () => {
  it('applies the idle colour with the image, waits for its rollout, then flips the live Service; the old colour stays', async () => {
    given({ live: 'blue' });
    const result = await runScript(blueGreen, [image]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(summary(result.calls)).toEqual([
      'get service payready',
      'apply deploy',
      'rollout deployment/payready-green',
      'patch service payready',
    ]);
    const objects = applied(1);
    const deployment = only(objects, 'Deployment');
    expect(deployment.metadata?.name).toBe('payready-green');
    expect(appContainer(deployment).image).toBe(image);
    expect(deployment.spec?.template.metadata?.labels?.colour).toBe('green');
    expect(objects.every((object) => object.metadata?.labels?.colour === 'green')).toBe(true);
    expect(patchOf(result.calls[3]!)).toEqual({
      metadata: { annotations: { 'payready.dev/previous-colour': 'blue' } },
      spec: { selector: { colour: 'green', track: null } },
    });
    // Kept for rollback: nothing deletes, scales or edits blue.
    expect(result.calls.flat().filter((arg) => arg.includes('payready-blue'))).toEqual([]);
    expect(result.calls.some((call) => ['delete', 'scale'].includes(call[0]!))).toBe(false);
    expect(result.stdout).toContain('payready-blue is kept for rollback');
    // The temporary copy of the manifests is gone.
    const applyDir = result.calls[1]![2]!;
    expect(applyDir.startsWith(state)).toBe(true);
    expect(existsSync(applyDir)).toBe(false);
  });

  it('leaves the selector alone when the rollout fails', async () => {
    given({ live: 'green', rolloutExit: 1 });
    const result = await runScript(blueGreen, [image]);
    expect(result.code).toBe(1);
    expect(summary(result.calls)).toEqual(['get service payready', 'apply deploy', 'rollout deployment/payready-blue']);
    expect(result.stderr).toContain('payready-blue did not become ready; traffic stays on green');
    expect(readFileSync(join(state, 'live-colour'), 'utf8')).toBe('green');
  });

  it('first deploy: blue, then the live Service is created and pointed at it', async () => {
    const result = await runScript(blueGreen, [image]);
    expect(result.code).toBe(0);
    expect(summary(result.calls)).toEqual([
      'get service payready',
      'apply deploy',
      'rollout deployment/payready-blue',
      'apply live',
      'patch service payready',
    ]);
    expect(only(applied(3), 'Service').metadata?.name).toBe('payready');
    expect(readFileSync(join(state, 'live-colour'), 'utf8')).toBe('blue');
  });

  it('two deploys alternate colours, and --rollback flips back once the old colour is ready', async () => {
    given({ live: 'blue' });
    expect((await runScript(blueGreen, [image])).code).toBe(0);
    expect((await runScript(blueGreen, ['registry.test/payready@sha256:' + 'a'.repeat(64)])).code).toBe(0);
    expect(readFileSync(join(state, 'live-colour'), 'utf8')).toBe('blue');
    const second = only(applied(5), 'Deployment');
    expect(second.metadata?.name).toBe('payready-blue');
    expect(appContainer(second).image).toBe(`registry.test/payready@sha256:${'a'.repeat(64)}`);

    rmSync(join(state, 'calls'));
    const rollback = await runScript(blueGreen, ['--rollback']);
    expect(rollback.code).toBe(0);
    expect(summary(rollback.calls)).toEqual([
      'get service payready',
      'rollout deployment/payready-green',
      'patch service payready',
    ]);
    expect(readFileSync(join(state, 'live-colour'), 'utf8')).toBe('green');
  });

  it('passes NAMESPACE to every call and refuses an image without a tag before calling kubectl', async () => {
    given({ live: 'blue' });
    const result = await runScript(blueGreen, [image], { NAMESPACE: 'payready-prod' });
    expect(result.code).toBe(0);
    expect(result.calls.every((call) => call[0] === '--namespace' && call[1] === 'payready-prod')).toBe(true);

    rmSync(join(state, 'calls'));
    const untagged = await runScript(blueGreen, ['registry.test/payready']);
    expect(untagged.code).toBe(1);
    expect(untagged.stderr).toContain('IMAGE needs a tag or a digest');
    expect(untagged.calls).toEqual([]);
  });
});

describe('scripts/deploy/canary.sh', () => {
  it.each(['-1', '101', '1000', 'abc', '1.5', '050', '', ' 5', '5%'])(
    'refuses percent %j before any kubectl call',
    async (percent) => {
      given({ live: 'blue', stableReplicas: 4 });
      const result = await runScript(canary, [percent]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('PERCENT must be a whole number from 0 to 100');
      expect(result.calls).toEqual([]);
    },
  );

  it.each([
    [25, 3, 1],
    [50, 4, 4],
    [10, 4, 1],
    [20, 8, 2],
    [75, 2, 6],
  ])('%i%% next to %i stable pods: %i canary pods labelled with the live colour', async (percent, stable, expected) => {
    given({ live: 'green', stableReplicas: stable });
    const result = await runScript(canary, [String(percent)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(summary(result.calls)).toEqual([
      'get service payready',
      'get deployment payready-green',
      'patch deployment payready-canary',
      'rollout deployment/payready-canary',
      'patch service payready',
    ]);
    expect(patchOf(result.calls[2]!)).toEqual({
      spec: { replicas: expected, template: { metadata: { labels: { colour: 'green' } } } },
    });
    expect(patchOf(result.calls[4]!)).toEqual({ spec: { selector: { track: null } } });
  });

  it('0 puts all traffic back on the stable pods and scales the canary to zero', async () => {
    given({ live: 'blue', stableReplicas: 4 });
    const result = await runScript(canary, ['0']);
    expect(result.code).toBe(0);
    expect(summary(result.calls)).toEqual([
      'get service payready',
      'patch service payready',
      'scale deployment/payready-canary',
    ]);
    expect(result.calls[2]).toEqual(['scale', 'deployment/payready-canary', '--replicas', '0']);
  });

  it('100 points the live Service at the canary pods alone, after their rollout', async () => {
    given({ live: 'blue', stableReplicas: 3 });
    const result = await runScript(canary, ['100']);
    expect(result.code).toBe(0);
    expect(summary(result.calls).slice(2)).toEqual([
      'patch deployment payready-canary',
      'rollout deployment/payready-canary',
      'patch service payready',
    ]);
    expect(patchOf(result.calls[2]!)).toMatchObject({ spec: { replicas: 3 } });
    expect(patchOf(result.calls[4]!)).toEqual({ spec: { selector: { track: 'canary' } } });
  });

  it('with an image: rolls the canary out first, and shifts no traffic when that rollout fails', async () => {
    given({ live: 'blue', stableReplicas: 4, rolloutExit: 1 });
    const result = await runScript(canary, ['20', image]);
    expect(result.code).toBe(1);
    expect(summary(result.calls)).toEqual([
      'get service payready',
      'apply deploy',
      'rollout deployment/payready-canary',
    ]);
    const deployment = only(applied(1), 'Deployment');
    expect(deployment.metadata?.name).toBe('payready-canary');
    expect(appContainer(deployment).image).toBe(image);
    expect(result.stderr).toContain('payready-canary did not become ready');
  });

  it('needs a live Service', async () => {
    const result = await runScript(canary, ['10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('selects no colour');
    expect(summary(result.calls)).toEqual(['get service payready']);
  });
});
