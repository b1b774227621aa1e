/**
 * A declared plugin the engine cannot set up, such as a webhook whose secret variable is not
 * set. Names the plugin and the variable, never a value.
 *
 * @example
 * throw new PluginSetupError("ci", "the environment variable CI_WEBHOOK_SECRET is not set");
 */
export class PluginSetupError extends Error {
  override readonly name = "Baton.PluginSetup";
  readonly plugin: string;

  constructor(plugin: string, reason: string) {
    super(`plugin "${plugin}": ${reason}`);
    this.plugin = plugin;
  }
}
