import type { PluginCall, Plugins } from "../core/ports/plugins.ts";

/** A plugin run in the engine's own process. */
export type InProcessPlugin = (call: PluginCall) => Promise<Record<string, unknown>>;

/**
 * Plugins of the embedded engine, by name. A plugin no one registered answers `sync` calls
 * with an empty output and accepts `callback` work, which then waits for its report on the
 * callback endpoint (the `task.requested` event carries the callback id).
 *
 * @example
 * const plugins = new InProcessPlugins({ "erp.pay": async () => ({ paid: true }) });
 */
export class InProcessPlugins implements Plugins {
  private readonly registered: Readonly<Record<string, InProcessPlugin>>;

  /** @param registered - plugin name to function. @default {} */
  constructor(registered: Readonly<Record<string, InProcessPlugin>> = {}) {
    this.registered = registered;
  }

  async call(call: PluginCall): Promise<Record<string, unknown>> {
    const plugin = Object.hasOwn(this.registered, call.plugin)
      ? this.registered[call.plugin]
      : undefined;
    return plugin ? plugin(call) : {};
  }
}
