/** The plugin's version, reported by `payready agents`. Kept equal to package.json by version.test.ts. */
export const version = '0.1.0';
