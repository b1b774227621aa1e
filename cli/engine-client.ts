import { CliError } from "./cli-error.ts";
import type { EngineConnection } from "./engine-options.ts";
import { type EngineErrorBody, EngineRefusedError } from "./engine-refused-error.ts";
import { EngineUnreachableError } from "./engine-unreachable-error.ts";

/** An answer of the engine: its status and its JSON body. */
export interface EngineAnswer<T> {
  status: number;
  body: T;
}

/** The `{ error: { code, message } }` of an answer, when it is one. */
function errorOf(body: unknown): EngineErrorBody | undefined {
  const error = (body as { error?: Partial<EngineErrorBody> } | null)?.error;
  return typeof error?.code === "string" && typeof error.message === "string"
    ? (error as EngineErrorBody)
    : undefined;
}

/** Why a request got no answer: the network error's code (`ECONNREFUSED`) or message. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Calls Baton's HTTP API for the commands that work against a running engine (`baton dev` or
 * a deployed API), signed in with a bearer token or, on `baton dev`, the `X-Baton-User`
 * header. An error answer becomes an {@link EngineRefusedError} (exit 1) that prints its code,
 * message and details; no answer, or one that is not Baton's, an
 * {@link EngineUnreachableError} (exit 3). The token is sent, never printed.
 *
 * @example
 * const client = new EngineClient({ url: "http://127.0.0.1:3000", user: "al" });
 * const { body } = await client.get<{ status: string }>("/v1/instances/01J");
 */
export class EngineClient {
  readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(connection: EngineConnection) {
    let base: URL;
    try {
      base = new URL(connection.url);
    } catch {
      throw new CliError(`--url: not a URL: ${connection.url}`, 2);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new CliError(`--url: not an http(s) URL: ${connection.url}`, 2);
    }
    this.url = connection.url.replace(/\/+$/, "");
    this.headers = { accept: "application/json" };
    if (connection.token) this.headers.authorization = `Bearer ${connection.token}`;
    else if (connection.user) this.headers["x-baton-user"] = connection.user;
  }

  /** `GET path` (with `query` appended, leaving out undefined values). */
  async get<T>(
    path: string,
    query: Record<string, string | undefined> = {},
  ): Promise<EngineAnswer<T>> {
    const given = Object.entries(query).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    const search = given.length > 0 ? `?${new URLSearchParams(given).toString()}` : "";
    return this.request<T>("GET", `${path}${search}`);
  }

  /** `POST path` with a JSON body. */
  async post<T>(path: string, body: unknown): Promise<EngineAnswer<T>> {
    return this.request<T>("POST", path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<EngineAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers:
          body === undefined
            ? this.headers
            : { ...this.headers, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new EngineUnreachableError(this.url, causeOf(error));
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new EngineUnreachableError(
        this.url,
        `${method} ${path} was answered ${response.status} without JSON: not Baton's API?`,
      );
    }
    if (response.ok) return { status: response.status, body: parsed as T };
    const error = errorOf(parsed);
    if (!error) {
      throw new EngineUnreachableError(
        this.url,
        `${method} ${path} was answered ${response.status} without a Baton error`,
      );
    }
    throw new EngineRefusedError(response.status, error);
  }
}
