/**
 * A declared plugin the deployment cannot build: a user plugin's handler file that is not
 * there or has the wrong extension for its kind. Thrown at synth, before anything deploys.
 *
 * @example
 * throw new PluginDeploymentError("risk-check", "handler plugins/risk-check/index.ts does not exist");
 */
export class PluginDeploymentError extends Error {
  override readonly name = "PluginDeploymentError";
  /** The plugin's name as declared. */
  readonly plugin: string;

  constructor(plugin: string, problem: string) {
    super(`plugin "${plugin}" cannot be deployed: ${problem}`);
    this.plugin = plugin;
  }
}
