// Node built-ins that cost measurable cold start to import and that most runs never touch (measured here
// against an empty script: node:crypto +0.30×, node:child_process +0.13× `node -e 0`; `payready route` with no
// key store needs neither). process.getBuiltinModule (Node ≥ 20.16) loads one synchronously on first use;
// Node caches it, so each call after the first is a lookup.
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';

export function lazyCrypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}

export function lazyChildProcess(): typeof ChildProcess {
  return process.getBuiltinModule('node:child_process');
}
