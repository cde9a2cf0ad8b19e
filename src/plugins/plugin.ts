// What a plugin module exports: one object, as the default export, after ESLint's flat-config
// plugins (`export default { meta: { name, version }, rules }`), with `checks` for `rules`.
import type { AnyCheck } from "../engine/check.js";

export interface PluginMeta {
  /**
   * The namespace of the plugin's check ids (`<name>/<check id>`); kebab-case. Default: the package
   * name without a `cloudtrail-lint-plugin-` prefix (`@scope/cloudtrail-lint-plugin` gives `scope`),
   * or the file name for a plugin given as a file.
   */
  name?: string;
  /** Shown in the JSON report beside each of the plugin's checks. */
  version?: string;
}

export interface Plugin {
  meta?: PluginMeta;
  /** The plugin's checks; each `meta.id` is kebab-case without the plugin name. */
  checks: readonly AnyCheck[];
}

/** Identity helper that types a plugin object (`export default definePlugin({ meta, checks })`). */
export function definePlugin<P extends Plugin>(plugin: P): P {
  return plugin;
}
