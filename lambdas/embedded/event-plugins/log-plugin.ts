import type { PluginTarget } from "./plugin-target.ts";

/**
 * The `log` plugin: writes each event it receives as one JSON line, the plugin's name beside
 * the envelope's fields (`{"plugin":"audit-log","version":"0","id":…,"detail-type":…}`).
 * Events carry no secret, so the line holds none.
 *
 * @param write - where a line goes. @default the engine's stdout
 * @example
 * const target = logPlugin("audit-log");
 * await target(envelope);
 */
export function logPlugin(
  name: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): PluginTarget {
  return async (envelope) => write(JSON.stringify({ plugin: name, ...envelope }));
}
