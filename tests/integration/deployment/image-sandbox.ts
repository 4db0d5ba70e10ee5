import { execFile, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary, startHttpProcess, type HttpProcess } from '../../test-utils/src/index.js';

const run = promisify(execFile);

/**
 * podman with its own storage under a temp directory (so parallel runs neither collide nor leave images
 * behind) and only what works without a container runtime: the vfs driver, chroot isolation for builds,
 * cgroupfs and a file for events. Root only: building as root here, and chroot later.
 */
export class Podman {
  readonly dir: string;
  private readonly binary = requireBinary('podman');

  constructor() {
    if (process.getuid?.() !== 0) {
      throw new Error('the image tests need root (podman storage, chroot): CI runs as root (bash .ci/run)');
    }
    this.dir = mkdtempSync(join(tmpdir(), 'payready-podman-'));
    mkdirSync(join(this.dir, 'tmp'));
  }

  async run(args: readonly string[]): Promise<string> {
    const global = [
      '--root',
      join(this.dir, 'storage'),
      '--runroot',
      join(this.dir, 'run'),
      '--storage-driver',
      'vfs',
      '--cgroup-manager',
      'cgroupfs',
      '--events-backend',
      'file',
    ];
    try {
      const { stdout } = await run(this.binary, [...global, ...args], {
        env: { PATH: process.env.PATH, HOME: this.dir, TMPDIR: join(this.dir, 'tmp') },
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`podman ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The root filesystem of a minimal runtime base image: this node binary at /usr/local/bin/node, the shared
 * libraries ldd lists for it, an empty /etc and a sticky /tmp (what a distroless node image has, less
 * CA certificates and tzdata). Returns the directory.
 */
export async function assembleNodeRootfs(into: string): Promise<string> {
  const node = realpathSync(process.execPath);
  mkdirSync(join(into, 'usr/local/bin'), { recursive: true });
  copyFileSync(node, join(into, 'usr/local/bin/node'));
  chmodSync(join(into, 'usr/local/bin/node'), 0o755);
  const { stdout } = await run(requireBinary('ldd', 'libc-bin'), [node]);
  // `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)` and `/lib64/ld-linux-x86-64.so.2 (0x…)`.
  const libraries = [...stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/g)].map((match) => match[1]!);
  if (!libraries.some((library) => library.includes('ld-linux') || library.includes('ld-musl'))) {
    throw new Error(`ldd found no dynamic loader for ${node}:\n${stdout}`);
  }
  for (const library of libraries) {
    mkdirSync(join(into, dirname(library)), { recursive: true });
    copyFileSync(library, join(into, library)); // follows symlinks: the real file under the linked name
  }
  mkdirSync(join(into, 'etc'));
  mkdirSync(join(into, 'tmp'));
  chmodSync(join(into, 'tmp'), 0o1777);
  return into;
}

/** An image's entrypoint running in a chroot. */
export type ImageProcess = HttpProcess;

/** Spawns `command` (a chroot into the image, possibly wrapped) and waits until /health answers on `port`. */
export async function startImageProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  port: number,
): Promise<ImageProcess> {
  return startHttpProcess({ command, args, env, port, what: "the image's entrypoint", timeoutMs: 30_000 });
}

/** Runs a command to completion; resolves with its exit code and output. */
export function runToExit(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
