import type { Command } from "commander";

/** The options every command that talks to a running engine takes. */
export interface EngineOptions {
  /** @default $BATON_URL, else http://127.0.0.1:3000 */
  url?: string;
  /** A bearer token for a deployed API. @default $BATON_TOKEN */
  token?: string;
  /** The dev identity (`X-Baton-User`) when there is no token. @default $BATON_USER */
  user?: string;
}

/** Where and as whom a command calls the engine, resolved from options and environment. */
export interface EngineConnection {
  url: string;
  token?: string;
  user?: string;
}

/** Where `baton dev` listens unless told otherwise. */
export const DEFAULT_ENGINE_URL = "http://127.0.0.1:3000";

/**
 * Adds `--url`, `--token` and `--user` to a command that calls a running engine.
 *
 * @example
 * withEngineOptions(new Command("status").argument("<instance>"));
 */
export function withEngineOptions(command: Command): Command {
  return command
    .option("--url <url>", `the engine's base URL (default: $BATON_URL or ${DEFAULT_ENGINE_URL})`)
    .option("--token <token>", "bearer token for a deployed API (default: $BATON_TOKEN)")
    .option(
      "--user <id>",
      "sign in as this user through X-Baton-User, for baton dev with BATON_DEV_AUTH=1 (default: $BATON_USER)",
    );
}

/**
 * Resolves the connection: the option, else the environment variable, else the default; a
 * token wins over a user. `fallbackUser` is the user when neither `--user` nor a token is
 * given (`baton inbox USER` reads USER's inbox as USER).
 *
 * @example
 * engineConnection({ user: "al" }, process.env); // { url: "http://127.0.0.1:3000", user: "al" }
 *
 * @param fallbackUser - the user to sign in as when none is given. @default $BATON_USER
 */
export function engineConnection(
  options: EngineOptions,
  env: NodeJS.ProcessEnv,
  fallbackUser?: string,
): EngineConnection {
  const url = options.url ?? env.BATON_URL ?? DEFAULT_ENGINE_URL;
  const token = options.token ?? env.BATON_TOKEN;
  if (token) return { url, token };
  const user = options.user ?? fallbackUser ?? env.BATON_USER;
  return user ? { url, user } : { url };
}
