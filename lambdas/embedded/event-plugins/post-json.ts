import { DeliveryRefusedError } from "./delivery-refused-error.ts";

/** How a plugin POSTs. */
export interface PostOptions {
  /** Names the receiver in errors, e.g. `the webhook of plugin "ci"`; never its URL. */
  receiver: string;
  headers?: Readonly<Record<string, string>>;
  /** How long the answer may take (ms). @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The answers a plugin's receiver may give that are worth trying again. */
const RETRYABLE = (status: number) => status >= 500 || status === 429 || status === 408;

/**
 * POSTs a JSON body and resolves on a 2xx answer. A 5xx, 429 or 408 answer, a timeout or a
 * network error throws a plain `Error` (the bus retries it); any other answer throws
 * {@link DeliveryRefusedError} (final). Errors name the receiver and the status or cause,
 * never the URL, which may hold a token (a chat hook's path often does).
 *
 * @example
 * await postJson("https://ci.example.com/baton", body, { receiver: 'the webhook of plugin "ci"' });
 */
export async function postJson(url: string, body: string, options: PostOptions): Promise<void> {
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...options.headers },
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    const why = typeof cause === "string" ? cause : error instanceof Error ? error.name : "error";
    throw new Error(`${options.receiver} could not be reached (${why})`);
  }
  await response.body?.cancel();
  if (response.ok) return;
  const answered = `${options.receiver} answered ${response.status}`;
  if (RETRYABLE(response.status)) throw new Error(answered);
  throw new DeliveryRefusedError(answered);
}
