import { execFileSync } from 'node:child_process';

/**
 * The path of a system binary a test needs, or an error that says how to install it. Never a skip: a
 * missing service must fail CI loudly (.ci/run installs them).
 */
export function requireBinary(name: string, debianPackage: string = name): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed: run \`apt-get install -y ${debianPackage}\` (bash .ci/run does it)`);
  }
}
