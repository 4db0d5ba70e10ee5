/** A plugin that could not be loaded; reported on stderr and by `payready agents`, while the rest still work. */
export interface PluginLoadFailure {
  /** File path, directory or package name the plugin was loaded from. */
  source: string;
  reason: string;
}
