import type { RecordingBackend } from "./memory-backend.ts";

/** A fault an emulator cannot produce on demand: the port call numbered `at` throws, once. */
export class InjectedFault extends Error {
  override readonly name = "InjectedFault";
}

/**
 * Wraps every method of the backend's stores, bus, executions and scheduler so that the `at`-th call
 * made from now on throws {@link InjectedFault} instead of running; returns how many calls were
 * made.
 */
export function injectFault(backend: RecordingBackend, at: number): () => number {
  let calls = 0;
  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls += 1;
          if (calls === at) return Promise.reject(new InjectedFault(`call ${at} failed`));
          return value.apply(target, args);
        };
      },
    });
  for (const name of Object.keys(backend.stores) as (keyof RecordingBackend["stores"])[]) {
    Object.assign(backend.stores, { [name]: wrap(backend.stores[name]) });
  }
  backend.bus = wrap(backend.bus);
  backend.executions = wrap(backend.executions);
  backend.scheduler = wrap(backend.scheduler);
  return () => calls;
}

/** Runs `attempt` until it stops throwing the injected fault (a retry, or the sweep). */
export async function untilDone(attempt: () => Promise<unknown>): Promise<number> {
  for (let tries = 1; tries <= 3; tries += 1) {
    try {
      await attempt();
      return tries;
    } catch (error) {
      if (!(error instanceof InjectedFault)) throw error;
    }
  }
  throw new Error("still failing after 3 tries");
}

/**
 * How a request under an injected fault ended: `"broke off"` when the fault stopped it, `"done"`
 * when it went through; any other error is thrown on.
 *
 * @example
 * injectFault(backend, at);
 * expect(await faultOutcome(openApproval(backend, request))).toBe("broke off");
 */
export function faultOutcome(request: Promise<unknown>): Promise<"done" | "broke off"> {
  return request.then(
    () => "done",
    (error: unknown) => {
      if (!(error instanceof InjectedFault)) throw error;
      return "broke off";
    },
  );
}
