/** How a function's Powertools (logger, metrics, tracer) are set, by environment variables. */
export interface PowertoolsSettings {
  /**
   * The `service` of every log line and metric, `POWERTOOLS_SERVICE_NAME`.
   *
   * @example "baton-prod"
   */
  readonly serviceName: string;
  /**
   * The namespace of the function's EMF metrics, `POWERTOOLS_METRICS_NAMESPACE`.
   *
   * @default unset: the function publishes no metrics of its own
   * @example "Baton"
   */
  readonly metricsNamespace?: string;
  /**
   * Whether X-Ray records each outgoing HTTPS request, its URL included
   * (`POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS`). Off where a URL holds a secret, as a chat
   * hook's does.
   *
   * @default true
   */
  readonly captureHttpsRequests?: boolean;
}

/**
 * The environment variables of a function's Powertools settings, the engine's functions all
 * set so (`FlowHandlers`, `NotifierFunctions`).
 *
 * @example
 * powertoolsEnvironment({ serviceName: "baton-dev", captureHttpsRequests: false });
 * // { POWERTOOLS_SERVICE_NAME: "baton-dev", POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: "false" }
 */
export function powertoolsEnvironment(settings: PowertoolsSettings): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: settings.serviceName,
    ...(settings.metricsNamespace === undefined
      ? {}
      : { POWERTOOLS_METRICS_NAMESPACE: settings.metricsNamespace }),
    ...(settings.captureHttpsRequests === false
      ? { POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: "false" }
      : {}),
  };
}
