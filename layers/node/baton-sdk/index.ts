/**
 * Baton's plugin SDK for Node: what a plugin's Lambda handler needs to report on a `callback`
 * task ({@link callbackClient}), to fail a task on purpose ({@link PluginFailed}) and to check
 * events a webhook delivers ({@link verifyEvent}). The callback key is `BATON_CALLBACK_KEY`, or on
 * AWS the Secrets Manager secret `BATON_CALLBACK_KEY_SECRET_ARN` names ({@link callbackKey}).
 *
 * @example
 * import { callbackClient, type PluginEvent } from "../../layers/node/baton-sdk/index.ts";
 * export const handler = async (event: PluginEvent) => {
 *   await callbackClient(event).succeeded({ ticket: 42 });
 *   return { accepted: true };
 * };
 */
export {
  type CallbackAnswer,
  CallbackClient,
  type CallbackClientOptions,
  callbackClient,
} from "./callback-client.ts";
export {
  CALLBACK_KEY_SECRET_ARN_VARIABLE,
  CALLBACK_KEY_VARIABLE,
  type CallbackKeyOptions,
  callbackKey,
} from "./callback-key.ts";
export { CallbackKeyError } from "./callback-key-error.ts";
export { CallbackReportError } from "./callback-report-error.ts";
export { CALLBACK_SIGNATURE_HEADER, signCallback } from "./callback-signature.ts";
export {
  EVENT_SIGNATURE_HEADER,
  EventSignatureError,
  type EventSignatureProblem,
  signEvent,
  type VerifyEventOptions,
  verifyEvent,
} from "./event-signature.ts";
export type { PluginEvent } from "./plugin-event.ts";
export { PluginFailed } from "./plugin-failed.ts";
export { type SecretReader, secretsManagerReader } from "./secrets-manager-reader.ts";
