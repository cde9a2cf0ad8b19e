// `--print-config` on lint, iac and scan: prints the configuration a run would use (the config
// file, found as a run finds it, merged with the defaults: a setting for every installed check,
// the config's plugins' checks and --plugin's included) and where it came from, then exits 0
// without reading any input, AWS included. YAML by default (a file that works as a config, its
// source in a comment), JSON with --format json ({ source, config }). Flags that override the
// config for one run (--fail-on, --only, --skip) are not folded in: this is what the files say.
import { CommanderError, type Command } from "commander";
import { stringify } from "yaml";
import type { AnyCheck } from "../engine/check.js";
import { defaultConfig, resolveConfig, type Config, type ConfigFile, type FailOn } from "../config/load.js";
import { InputError } from "../util/errors.js";
import type { CliIo } from "./io.js";
import { DEFAULT_FAIL_ON, resolveChecks } from "./lint.js";

export const PRINT_CONFIG_DESCRIPTION = "print the configuration in effect (config file merged with the defaults) and where it came from, then exit";

/** What --print-config prints, before it is written as YAML or JSON. */
export interface PrintedConfig {
  /** The config file as the user sees it, or "defaults" when there is none. */
  source: string;
  config: Required<Pick<Config, "failOn" | "plugins" | "checks" | "suppressions">>;
}

export function effectiveConfig(source: ConfigFile | undefined, checks: readonly AnyCheck[]): PrintedConfig {
  const resolved = source ? resolveConfig(source, checks) : defaultConfig(checks);
  const failOn: FailOn = resolved.failOn ?? DEFAULT_FAIL_ON;
  return {
    source: source?.file ?? "defaults",
    config: {
      failOn,
      plugins: source?.config.plugins ?? [],
      checks: Object.fromEntries(
        checks.map((check) => {
          const setting = resolved.settings.get(check.meta.id)!;
          return [check.meta.id, { enabled: setting.enabled, severity: setting.severity, params: setting.params }];
        }),
      ),
      suppressions: resolved.suppressions,
    },
  };
}

export function renderPrintedConfig(printed: PrintedConfig, syntax: "yaml" | "json"): string {
  if (syntax === "json") return `${JSON.stringify(printed, null, 2)}\n`;
  const from =
    printed.source === "defaults"
      ? "# No config file: these are the defaults."
      : `# From ${printed.source}, merged with the defaults.${printed.config.plugins.length > 0 ? " Relative plugin paths are relative to its directory." : ""}`;
  return `# cloudtrail-lint: configuration in effect\n${from}\n${stringify(printed.config, { lineWidth: 0 })}`;
}

/** --print-config's output syntax from --format: none (YAML) or json; --output is refused. */
function syntaxOf(opts: Record<string, unknown>): "yaml" | "json" {
  if (typeof opts.output === "string") throw new InputError("--print-config writes to stdout: drop --output");
  const formats = (opts.format as string[] | undefined) ?? [];
  if (formats.length === 0) return "yaml";
  if (formats.length === 1 && formats[0]!.trim() === "json") return "json";
  throw new InputError(`--print-config: --format ${formats.join(" --format ")}: it prints YAML, or JSON with --format json`);
}

/**
 * Adds --print-config to `command`. With it, the command's arguments are not required (they are
 * made optional as the option is parsed, before commander counts them; help still shows them as
 * required), and a preAction hook prints and ends the run with exit 0 the way --help and --version
 * do (a CommanderError with exit code 0), so the command's action never runs.
 */
export function addPrintConfig(command: Command, io: CliIo, builtins: readonly AnyCheck[]): Command {
  command.on("option:print-config", () => {
    for (const arg of command.registeredArguments) arg.required = false;
  });
  return command.option("--print-config", PRINT_CONFIG_DESCRIPTION).hook("preAction", async (_program, action) => {
    const opts = action.opts();
    if (opts.printConfig !== true) return;
    const syntax = syntaxOf(opts);
    const { checks, config } = await resolveChecks(
      { plugins: (opts.plugin as string[] | undefined) ?? [], ...(typeof opts.config === "string" ? { config: opts.config } : {}) },
      io,
      builtins,
    );
    io.stdout(renderPrintedConfig(effectiveConfig(config, checks), syntax));
    throw new CommanderError(0, "cloudtrail-lint.printConfig", "(configuration printed)");
  });
}
