/** Kept in step with package.json by hand: importing JSON would cost the CLI bundle a loader. */
export const WEB_PLUGIN_VERSION = '0.1.0';
