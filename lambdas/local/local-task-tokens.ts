import { randomUUID } from "node:crypto";
import type { TaskCallbacks } from "../core/ports/task-callbacks.ts";
import { TaskError } from "./task-error.ts";

/**
 * Task tokens for the local interpreter, which has no `$$.Task.Token` of its own: issues an
 * unguessable token per parked state and resumes it as SendTaskSuccess/SendTaskFailure would.
 *
 * @example
 * const { token, result } = tokens.issue();
 * await tokens.succeed(token, { outcome: "approved", output: {} }); // result resolves
 */
export class LocalTaskTokens implements TaskCallbacks {
  private readonly waiting = new Map<
    string,
    { resolve(output: unknown): void; reject(error: Error): void }
  >();

  /** Every token issued, in order. */
  readonly issued: string[] = [];

  issue(): { token: string; result: Promise<unknown> } {
    const token = randomUUID();
    this.issued.push(token);
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    this.waiting.set(token, { resolve, reject });
    return { token, result: promise };
  }

  async succeed(token: string, output: Record<string, unknown>): Promise<void> {
    this.waiting.get(token)?.resolve(output);
    this.waiting.delete(token);
  }

  async fail(token: string, error: string, cause: string): Promise<void> {
    this.waiting.get(token)?.reject(new TaskError(error, cause));
    this.waiting.delete(token);
  }
}
