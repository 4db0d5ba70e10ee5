declare const __PAYREADY_VERSION__: string | undefined;

/** Injected by scripts/build.mjs from apps/cli/package.json; `dev` when running from source. */
export const VERSION: string = typeof __PAYREADY_VERSION__ === 'string' ? __PAYREADY_VERSION__ : '0.0.0-dev';
