import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, requireBinary, startRedis, type RedisServer } from '../../test-utils/src/index.js';
import { assembleNodeRootfs, Podman, runToExit, startImageProcess, type ImageProcess } from './image-sandbox.js';
import { appContainer, only, render } from './manifests.js';

// infrastructure/docker/Dockerfile's runtime stage, built by podman (COPY-only steps: no container runtime
// needed) on a base image assembled here (this node binary and its shared libraries, `podman import`ed),
// with the bundle from apps/cli/dist (--build-arg BUNDLE_STAGE=prebuilt). The image's filesystem is exported
// and its entrypoint run under chroot as the image's user, twice: as `docker run` would (image env only) and
// as a pod of overlays/blue would (its args, env, read-only root, ConfigMap/Secret/emptyDir mounts, user).
// The build stage (pnpm install + bundle: RUN steps) is not run here.

const dockerfile = join(repoRoot, 'infrastructure/docker/Dockerfile');
const bundleDir = join(repoRoot, 'apps/cli/dist');
const baseRef = 'localhost/payready-test-node:latest';
const imageRef = 'localhost/payready:test';
const version = '9.8.7-test';
const chroot = requireBinary('chroot', 'coreutils');

interface ImageInfo {
  Size: number;
  Config: {
    User?: string;
    Entrypoint?: string[];
    Cmd?: string[] | null;
    Env?: string[];
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown>;
    Labels?: Record<string, string>;
    StopSignal?: string;
    Healthcheck?: Healthcheck;
  };
  Healthcheck?: Healthcheck;
}
interface Healthcheck {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
}

let podman: Podman;
let rootfs: string;
/** The copy of apps/cli/dist the image was built from (the live one may be rebuilt meanwhile). */
let contextBundle: string;
let image: ImageInfo;
let baseSize: number;
let imageEnv: Record<string, string>;
const timings: Record<string, number> = {};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

beforeAll(async () => {
  podman = new Podman();
  const work = podman.dir;
  const tar = requireBinary('tar');

  await timed('base image', async () => {
    const base = await assembleNodeRootfs(join(work, 'base'));
    await runToExit(tar, ['-C', base, '-cf', join(work, 'base.tar'), '.'], { PATH: process.env.PATH ?? '' });
    await podman.run(['import', join(work, 'base.tar'), baseRef]);
  });
  baseSize = (JSON.parse(await podman.run(['image', 'inspect', baseRef])) as ImageInfo[])[0]!.Size;

  // The build context: the bundle as `pnpm build` left it, and the repository's .dockerignore.
  const context = join(work, 'context');
  mkdirSync(join(context, 'apps/cli'), { recursive: true });
  contextBundle = join(context, 'apps/cli/dist');
  cpSync(bundleDir, contextBundle, { recursive: true });
  cpSync(join(repoRoot, '.dockerignore'), join(context, '.dockerignore'));

  await timed('podman build', () =>
    podman.run([
      'build',
      '--isolation',
      'chroot',
      // HEALTHCHECK exists only in the docker format (podman's default, OCI, drops it).
      '--format',
      'docker',
      '--file',
      dockerfile,
      '--target',
      'runtime',
      '--build-arg',
      'BUNDLE_STAGE=prebuilt',
      '--build-arg',
      `RUNTIME_IMAGE=${baseRef}`,
      '--build-arg',
      `VERSION=${version}`,
      '--build-arg',
      'REVISION=0123abc',
      '--tag',
      imageRef,
      context,
    ]),
  );
  image = (JSON.parse(await podman.run(['image', 'inspect', imageRef])) as ImageInfo[])[0]!;
  imageEnv = Object.fromEntries(
    (image.Config.Env ?? []).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );

  await timed('export', async () => {
    const container = (await podman.run(['create', imageRef])).trim();
    await podman.run(['export', '--output', join(work, 'rootfs.tar'), container]);
    await podman.run(['rm', container]);
    rootfs = join(work, 'rootfs');
    mkdirSync(rootfs);
    const extracted = await runToExit(tar, ['-C', rootfs, '-xf', join(work, 'rootfs.tar')], {
      PATH: process.env.PATH ?? '',
    });
    if (extracted.code !== 0) throw new Error(`tar -x failed: ${extracted.output}`);
  });
}, 180_000);

afterAll(() => {
  if (image) {
    console.info(
      `image: ${(image.Size / 1e6).toFixed(1)} MB (base ${(baseSize / 1e6).toFixed(1)} MB + app ${((image.Size - baseSize) / 1e6).toFixed(1)} MB); ms: ${JSON.stringify(timings)}`,
    );
  }
  podman?.cleanup();
});

describe('the image (podman inspect)', () => {
  it('runs as a numeric non-root user, with `payready serve` as its entrypoint', () => {
    expect(image.Config.User).toBe('10001:10001');
    expect(image.Config.Entrypoint).toEqual(['node', '/app/payready.cjs', 'serve']);
    expect(image.Config.Cmd ?? []).toEqual([]);
    expect(image.Config.WorkingDir).toBe('/app');
    expect(image.Config.StopSignal).toBe('SIGTERM');
    expect(imageEnv.PAYREADY_ENV).toBe('production');
    expect(Object.keys(image.Config.ExposedPorts ?? {})).toEqual([`${imageEnv.PAYREADY_SERVER__PORT}/tcp`]);
  });

  it('has a HEALTHCHECK on /health and the OCI labels', () => {
    const healthcheck = image.Healthcheck ?? image.Config.Healthcheck;
    expect(healthcheck?.Test[0]).toBe('CMD');
    expect(healthcheck?.Test.join(' ')).toContain('/health');
    expect(healthcheck?.Interval).toBeGreaterThan(0);
    expect(healthcheck?.Retries).toBeGreaterThan(0);
    expect(image.Config.Labels).toMatchObject({
      'org.opencontainers.image.title': 'payready',
      'org.opencontainers.image.version': version,
      'org.opencontainers.image.revision': '0123abc',
      'org.opencontainers.image.licenses': 'MIT',
      'org.opencontainers.image.base.name': baseRef,
    });
    expect(image.Config.Labels?.['org.opencontainers.image.description']).toBeTruthy();
  });

  it('adds only the bundle, owned by root, and a home the user owns', () => {
    const baseEntries = readdirSync(join(podman.dir, 'base'));
    expect(readdirSync(rootfs).sort()).toEqual([...baseEntries, 'app', 'home'].sort());
    expect(filesUnder(join(rootfs, 'app'))).toEqual(filesUnder(contextBundle));
    expect(filesUnder(join(rootfs, 'app')).some((path) => path.includes('node_modules'))).toBe(false);
    expect(readFileSync(join(rootfs, 'app/config/production.yaml'), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'config/production.yaml'), 'utf8'),
    );
    for (const path of ['app', 'app/payready.cjs', 'app/config']) {
      const info = statSync(join(rootfs, path));
      expect(info.uid, path).toBe(0);
      expect(info.mode & 0o022, `${path} is writable by group or others`).toBe(0);
    }
    const home = statSync(join(rootfs, imageEnv.HOME!));
    expect([home.uid, home.gid, home.isDirectory()]).toEqual([10001, 10001, true]);
    expect(image.Size - baseSize).toBeLessThan(60e6);
  });
});

describe('.dockerignore', () => {
  it('keeps node_modules, .git and build leftovers out of the build context, and the sources in', async () => {
    const context = join(podman.dir, 'ignore-context');
    const files = [
      'package.json',
      'pnpm-lock.yaml',
      'apps/cli/src/index.ts',
      'apps/cli/dist/payready.cjs',
      'config/base.yaml',
      'node_modules/x/index.js',
      'core/node_modules/y/index.js',
      '.git/HEAD',
      'apps/cli/dist.next-123/payready.cjs',
      'coverage/index.html',
      '.vitest-results.json',
    ];
    for (const file of files) {
      mkdirSync(join(context, file, '..'), { recursive: true });
      writeFileSync(join(context, file), file);
    }
    cpSync(join(repoRoot, '.dockerignore'), join(context, '.dockerignore'));
    writeFileSync(join(podman.dir, 'Containerfile.context'), 'FROM scratch\nCOPY . /context/\n');
    await podman.run([
      'build',
      '--isolation',
      'chroot',
      '--file',
      join(podman.dir, 'Containerfile.context'),
      '--tag',
      'localhost/context:test',
      context,
    ]);
    const container = (await podman.run(['create', 'localhost/context:test', 'none'])).trim();
    await podman.run(['export', '--output', join(podman.dir, 'context.tar'), container]);
    await podman.run(['rm', container]);
    const listing = await runToExit(requireBinary('tar'), ['-tf', join(podman.dir, 'context.tar')], {
      PATH: process.env.PATH ?? '',
    });
    const copied = listing.output
      .split('\n')
      .filter((line) => line.startsWith('context/') && !line.endsWith('/'))
      .map((line) => line.slice('context/'.length))
      .filter((file) => file !== '.dockerignore')
      .sort();
    expect(copied).toEqual([
      'apps/cli/dist/payready.cjs',
      'apps/cli/src/index.ts',
      'config/base.yaml',
      'package.json',
      'pnpm-lock.yaml',
    ]);
  });
});

describe('the image’s entrypoint, run under chroot', () => {
  let server: ImageProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    const port = await freePort();
    // The image's env; the port moved to a free one (the chroot shares this machine's network).
    env = { ...imageEnv, PAYREADY_SERVER__PORT: String(port) };
    server = await startImageProcess(
      chroot,
      [`--userspec=${image.Config.User}`, rootfs, ...image.Config.Entrypoint!],
      env,
      port,
    );
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('answers /health, /ready and /metrics, as the image user, on 127.0.0.1', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('# TYPE ai_requests_total counter');
    const listening = server
      .logs()
      .split('\n')
      .find((line) => line.includes('"msg":"listening"'));
    expect(JSON.parse(listening!)).toMatchObject({ url: server.url, auth: false });
    // The process runs as the image's user.
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe('10001');
  });

  it('passes its own HEALTHCHECK, which fails once the server has stopped on SIGTERM', async () => {
    const test = (image.Healthcheck ?? image.Config.Healthcheck)!.Test.slice(1);
    const healthcheck = () => runToExit(chroot, [`--userspec=${image.Config.User}`, rootfs, ...test], env);
    expect(await healthcheck()).toEqual({ code: 0, output: '' });
    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs()).toContain('"msg":"stopped"');
    expect((await healthcheck()).code).toBe(1);
  });
});

describe('a pod of overlays/blue, simulated: its args, env, user, mounts and read-only root', () => {
  const token = 'test-bearer-token';
  let redis: RedisServer;
  let pod: ImageProcess;
  let probes: { name: string; path: string; port: string | number }[];
  let scrapePath: string | undefined;
  let termination: number;

  beforeAll(async () => {
    const deployment = only((await render('overlays/blue')).objects, 'Deployment');
    const configMap = only((await render('overlays/blue')).objects, 'ConfigMap');
    const spec = deployment.spec!.template.spec!;
    const container = appContainer(deployment);
    termination = spec.terminationGracePeriodSeconds!;
    scrapePath = deployment.spec?.template.metadata?.annotations?.['prometheus.io/path'];
    probes = (['startupProbe', 'livenessProbe', 'readinessProbe'] as const).map((name) => ({
      name,
      path: container[name]!.httpGet!.path!,
      port: container[name]!.httpGet!.port,
    }));
    redis = await startRedis();
    const port = await freePort();

    // The volumes, as the kubelet would provide them: files on this machine bind-mounted into the rootfs.
    const volumesDir = join(podman.dir, 'volumes');
    const mounts: string[] = [];
    for (const mount of container.volumeMounts ?? []) {
      const volume = spec.volumes!.find((candidate) => candidate.name === mount.name)!;
      const target = join(rootfs, mount.mountPath);
      const ro = mount.readOnly ? 'ro' : 'rw';
      if (volume.emptyDir) {
        mounts.push(`mount -t tmpfs -o mode=1777,size=64m tmpfs '${target}'`);
      } else if (volume.configMap) {
        expect(volume.configMap.name).toBe(configMap.metadata?.name);
        const file = join(volumesDir, mount.name, mount.subPath ?? '');
        mkdirSync(join(volumesDir, mount.name), { recursive: true });
        writeFileSync(file, configMap.data![mount.subPath!]!);
        mounts.push(`mount --bind '${file}' '${target}'`, `mount -o remount,bind,${ro} '${target}'`);
      } else if (volume.secret) {
        // payready-tokens: `NAME SHA256` lines (server.tokens_file).
        const dir = join(volumesDir, mount.name);
        mkdirSync(dir, { recursive: true });
        for (const item of volume.secret.items ?? []) {
          const digest = createHash('sha256').update(token).digest('hex');
          writeFileSync(join(dir, item.path), `ci ${digest}\n`);
        }
        mkdirSync(target, { recursive: true }); // the mount point, which the runtime makes
        mounts.push(`mount --bind '${dir}' '${target}'`, `mount -o remount,bind,${ro} '${target}'`);
      } else {
        throw new Error(`volume ${mount.name}: a kind this simulation does not know`);
      }
    }
    const readOnlyRoot = container.securityContext?.readOnlyRootFilesystem === true;
    const script = [
      'set -eu',
      `mount --bind '${rootfs}' '${rootfs}'`,
      ...mounts,
      ...(readOnlyRoot ? [`mount -o remount,bind,ro '${rootfs}'`] : []),
      'exec "$@"',
    ].join('\n');

    // The pod's env: plain values, and the Secret keys the test provides (REDIS_URL; no API keys).
    const env: Record<string, string> = {};
    for (const variable of container.env ?? []) {
      if (variable.value !== undefined) env[variable.name] = variable.value;
      else if (variable.name === 'REDIS_URL') env.REDIS_URL = redis.url;
    }
    env.PATH = imageEnv.PATH!;
    env.PAYREADY_SERVER__PORT = String(port); // the chroot shares this machine's network
    // 0.0.0.0 as in the pod, but this machine's network is not a pod's: loopback (tokens still required).
    const args = (container.args ?? []).map((arg) => (arg === '0.0.0.0' ? '127.0.0.1' : arg));
    const user = `${spec.securityContext!.runAsUser}:${spec.securityContext!.runAsGroup}`;
    pod = await startImageProcess(
      requireBinary('unshare', 'util-linux'),
      [
        '--mount',
        '--propagation',
        'private',
        requireBinary('sh'),
        '-c',
        script,
        'pod',
        chroot,
        `--userspec=${user}`,
        `--groups=${spec.securityContext!.fsGroup}`,
        rootfs,
        ...image.Config.Entrypoint!,
        ...args,
      ],
      env,
      port,
    );
  }, 60_000);

  afterAll(async () => {
    await pod?.stop();
    await redis?.stop();
  });

  it('answers every probe of the Deployment, and the scrape path of its annotations', async () => {
    expect(probes.map((probe) => probe.port)).toEqual(['http', 'http', 'http']);
    for (const probe of probes) {
      const response = await fetch(`${pod.url}${probe.path}`);
      expect(response.status, `${probe.name} ${probe.path}`).toBe(200);
    }
    const ready = (await (await fetch(`${pod.url}/ready`)).json()) as { checks: Record<string, string> };
    // REDIS_URL from the Secret reaches the server: the shared rate limits are on.
    expect(ready.checks.redis).toBe('ok');
    const metrics = await fetch(`${pod.url}${scrapePath}`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE ai_requests_total counter');
  });

  it('serves with the tokens from the mounted Secret: no token, 401', async () => {
    expect((await fetch(`${pod.url}/v1/agents`)).status).toBe(401);
    const authorised = await fetch(`${pod.url}/v1/agents`, { headers: { authorization: `Bearer ${token}` } });
    expect(authorised.status).toBe(200);
    expect(pod.logs()).toContain('"auth":true');
  });

  it('drains on SIGTERM and exits 0 well within terminationGracePeriodSeconds', async () => {
    const started = performance.now();
    expect(await pod.stop()).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(termination * 1000);
    // Nothing was written outside the mounts: the root was read-only, and the server still came up.
    expect(pod.logs()).not.toMatch(/EROFS|read-only file system/i);
  });
});
