/**
 * The variables a notifier function reads besides the link key's (`BATON_LINK_KEY`, or
 * `BATON_LINK_KEY_SECRET_ARN` naming its secret): the deployment sets them
 * (`NotifierFunctions`), the function reads them (`notifierFromEnv`).
 *
 * @example
 * environment: { [NOTIFIER_VARIABLES.url]: plugin.url }
 */
export const NOTIFIER_VARIABLES = {
  /** The plugin's name, as `plugins.yaml` declares it. */
  plugin: "BATON_PLUGIN_NAME",
  /** Where the notices are POSTed: the plugin's `url`. */
  url: "BATON_NOTIFIER_URL",
  /** The engine's public URL, the approval links' base (the handlers' variable). */
  publicUrl: "PUBLIC_URL",
} as const;
