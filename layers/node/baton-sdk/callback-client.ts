import { CallbackReportError } from "./callback-report-error.ts";
import { CALLBACK_SIGNATURE_HEADER, signCallback } from "./callback-signature.ts";
import type { PluginEvent } from "./plugin-event.ts";

/** The environment variable holding the installation's callback key. */
export const CALLBACK_KEY_VARIABLE = "BATON_CALLBACK_KEY";

/** The tenant of a callback URL without `?tenant=`, as the engine reads it. */
const DEFAULT_TENANT = "default";

/** Where a callback stands after a report. */
export interface CallbackAnswer {
  callbackId: string;
  status: "waiting" | "succeeded" | "failed" | "closed";
}

/** Settings of a {@link CallbackClient}. */
export interface CallbackClientOptions {
  /** The installation's callback key. @default process.env.BATON_CALLBACK_KEY */
  key?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Reports on one callback task: `succeeded(output)`, `failed(error)` or `heartbeat()`, each a
 * `POST` of the report to the callback URL the plugin was handed, signed with the callback key
 * over the tenant (the URL's `?tenant=`, else `default`), the callback id and the body. A report
 * repeated is answered with what the first one settled, so a report whose answer was lost can
 * be sent again.
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
  private readonly key: string;
  private readonly send: typeof fetch;

  /** @throws {TypeError} when no callback key is given or set in `BATON_CALLBACK_KEY`. */
  constructor(callback: { id: string; url: string }, options: CallbackClientOptions = {}) {
    const key = options.key ?? process.env[CALLBACK_KEY_VARIABLE];
    if (!key) {
      throw new TypeError(`no callback key: pass one or set ${CALLBACK_KEY_VARIABLE}`);
    }
    this.callbackId = callback.id;
    this.url = callback.url;
    this.tenant = new URL(callback.url).searchParams.get("tenant") ?? DEFAULT_TENANT;
    this.key = key;
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
      this.key,
      { tenant: this.tenant, callbackId: this.callbackId },
      body,
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
