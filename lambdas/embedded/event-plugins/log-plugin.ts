import { stdoutLines } from "./batched-lines.ts";
import type { PluginTarget } from "./plugin-target.ts";

/**
 * The `log` plugin: writes each event it receives as one JSON line, the plugin's name beside
 * the envelope's fields (`{"plugin":"audit-log","version":"0","id":…,"detail-type":…}`).
 * Events carry no secret, so the line holds none.
 *
 * @param write - where a line goes; a promise it returns is awaited (the event is taken once
 * the line is out). @default the engine's stdout, a turn's lines written at once (`stdoutLines`)
 * @example
 * const target = logPlugin("audit-log");
 * await target(envelope);
 */
export function logPlugin(
  name: string,
  write: (line: string) => unknown = stdoutLines,
): PluginTarget {
  return async (envelope) => {
    await write(JSON.stringify({ plugin: name, ...envelope }));
  };
}
