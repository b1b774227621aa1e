import { type CallbackKeyOrigin, callbackKeyOrigin, keyOf } from "./callback-key.ts";
import { CallbackReportError } from "./callback-report-error.ts";
import { CALLBACK_SIGNATURE_HEADER, signCallback } from "./callback-signature.ts";
import type { PluginEvent } from "./plugin-event.ts";
import { type SecretReader, secretsManagerReader } from "./secrets-manager-reader.ts";

/** The tenant of a callback URL without `?tenant=`, as the engine reads it. */
const DEFAULT_TENANT = "default";

/** Where a callback stands after a report. */
export interface CallbackAnswer {
  callbackId: string;
  status: "waiting" | "succeeded" | "failed" | "closed";
}

/** Settings of a {@link CallbackClient}. */
export interface CallbackClientOptions {
  /**
   * The installation's callback key.
   *
   * @default process.env.BATON_CALLBACK_KEY, else the secret BATON_CALLBACK_KEY_SECRET_ARN names
   */
  key?: string;
  /**
   * How the secret `BATON_CALLBACK_KEY_SECRET_ARN` names is read (tests pass their own).
   *
   * @default secretsManagerReader: Secrets Manager through the runtime's AWS SDK
   */
  readSecret?: SecretReader;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Reports on one callback task: `succeeded(output)`, `failed(error)` or `heartbeat()`, each a
 * `POST` of the report to the callback URL the plugin was handed, signed with the callback key
 * over the time of sending, the tenant (the URL's `?tenant=`, else `default`), the callback id
 * and the body (the engine refuses a time more than 5 minutes from its clock). A report
 * repeated is answered with what the first one settled, so a report whose answer was lost can
 * be sent again.
 *
 * The key is the one given, else `BATON_CALLBACK_KEY`, else the Secrets Manager secret
 * `BATON_CALLBACK_KEY_SECRET_ARN` names (a deployed plugin function), read on the first report
 * and kept for the process (`callbackKey`); a secret that cannot serve rejects that
 * report with a `CallbackKeyError`.
 *
 * @example
 * const client = new CallbackClient(event.callback, { key: process.env.BATON_CALLBACK_KEY });
 * await client.heartbeat();
 * await client.succeeded({ endpoint: "cache-7.internal:6379" });
 */
export class CallbackClient {
  readonly callbackId: string;
  private readonly url: string;
  private readonly tenant: string;
  private readonly key: CallbackKeyOrigin;
  private readonly readSecret: SecretReader;
  private readonly send: typeof fetch;

  /**
   * @throws {TypeError} when no callback key is given nor set in `BATON_CALLBACK_KEY`, and no
   * secret in `BATON_CALLBACK_KEY_SECRET_ARN`.
   */
  constructor(callback: { id: string; url: string }, options: CallbackClientOptions = {}) {
    this.key = callbackKeyOrigin(options);
    this.readSecret = options.readSecret ?? secretsManagerReader;
    this.callbackId = callback.id;
    this.url = callback.url;
    this.tenant = new URL(callback.url).searchParams.get("tenant") ?? DEFAULT_TENANT;
    this.send = options.fetch ?? globalThis.fetch;
  }

  /** The task succeeded with `output` (at most 16 KiB as JSON, with any `error`). */
  succeeded(output: Record<string, unknown> = {}): Promise<CallbackAnswer> {
    return this.report({ status: "succeeded", output });
  }

  /** The task failed: `error` says why, `output` adds detail; the node's output holds both. */
  failed(error: unknown, output?: Record<string, unknown>): Promise<CallbackAnswer> {
    return this.report({ status: "failed", error, ...(output ? { output } : {}) });
  }

  /** The work goes on: keeps a task with a `heartbeat` limit alive. */
  heartbeat(): Promise<CallbackAnswer> {
    return this.report({ status: "heartbeat" });
  }

  private async report(report: Record<string, unknown>): Promise<CallbackAnswer> {
    const body = JSON.stringify(report);
    const signature = signCallback(
      await keyOf(this.key, this.readSecret),
      { tenant: this.tenant, callbackId: this.callbackId },
      body,
      Math.floor(Date.now() / 1000),
    );
    const response = await this.send(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", [CALLBACK_SIGNATURE_HEADER]: signature },
      body,
    });
    const text = await response.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    if (!response.ok) {
      const error = (answer as { error?: { code?: unknown; message?: unknown } } | undefined)
        ?.error;
      throw new CallbackReportError(
        response.status,
        typeof error?.code === "string" ? error.code : "unknown",
        typeof error?.message === "string" ? error.message : text.slice(0, 200),
      );
    }
    return answer as CallbackAnswer;
  }
}

/**
 * The {@link CallbackClient} of a `callback` task's invocation.
 *
 * @throws {TypeError} when the event carries no callback (the task is not in `callback` mode).
 * @example
 * export const handler = async (event: PluginEvent) => {
 *   await callbackClient(event).succeeded({ done: true });
 *   return { accepted: true };
 * };
 */
export function callbackClient(
  event: PluginEvent,
  options: CallbackClientOptions = {},
): CallbackClient {
  if (!event.callback) {
    throw new TypeError(
      `node ${event.node} called ${event.plugin} without a callback: its task is not in callback mode`,
    );
  }
  return new CallbackClient(event.callback, options);
}
