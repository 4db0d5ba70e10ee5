import { UsageError } from '@payready/shared';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Without bearer tokens anyone who can reach the port can spend the server's upstream keys, so such a
 * server binds to loopback only, unless `--insecure` says that is intended (behind a trusted proxy).
 */
export function checkBindPolicy(options: { host: string; tokens: number; insecure: boolean }): void {
  if (options.tokens > 0 || options.insecure || isLoopback(options.host)) return;
  throw new UsageError(`refusing to listen on ${options.host} without authentication`, {
    hint: 'add bearer tokens (server.tokens: [{name, sha256}] or server.tokens_file), bind to 127.0.0.1, or pass --insecure',
  });
}
