/**
 * A user plugin the engine cannot run as declared: its handler file does not exist, or two
 * plugins share a name. Nothing is started.
 *
 * @example
 * throw new UserPluginError("risk-check", "handler plugins/risk-check/index.ts does not exist");
 */
export class UserPluginError extends Error {
  override readonly name = "UserPluginError";
  readonly plugin: string;

  constructor(plugin: string, problem: string) {
    super(`plugin ${plugin}: ${problem}`);
    this.plugin = plugin;
  }
}
