import { isLoopbackName } from "./loopback-name.ts";

/**
 * Whether the header-trusting {@link devIdentity} may be enabled: only when `BATON_DEV_AUTH`
 * is exactly `1` and the server listens on a loopback address (so nobody else can reach it).
 * `0.0.0.0`, `::` and any other host refuse.
 *
 * @example
 * const identity = devAuthAllowed(process.env, host) ? devIdentity() : jwtIdentity(options);
 */
export function devAuthAllowed(
  env: Readonly<Record<string, string | undefined>>,
  host: string,
): boolean {
  return env.BATON_DEV_AUTH === "1" && isLoopbackName(host.trim());
}
