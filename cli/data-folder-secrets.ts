import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Backend } from "../lambdas/core/backend/backend.ts";
import { signingKeyProblem } from "../lambdas/core/security/signing-key-length.ts";
import { isRecord } from "../lambdas/core/validation/template-view.ts";
import { CliError } from "./cli-error.ts";

/** The keys of `secrets.json`, each a signing key. */
const SECRET_NAMES = ["callbackKey", "linkKey", "auditKey"] as const;

/** What every refusal of the file ends with: how to get new keys, and what that costs. */
const NEW_KEYS =
  "delete the file for new keys (links and callbacks signed with the old ones stop working)";

/**
 * The file's text as a JSON object, or a {@link CliError} (exit 1) naming the file. The
 * parser's message is left out: it quotes the text, which holds the keys.
 */
function parseSecrets(file: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${file}: not valid JSON; ${NEW_KEYS}`, 1);
  }
  if (!isRecord(parsed)) throw new CliError(`${file}: not a JSON object; ${NEW_KEYS}`, 1);
  return parsed;
}

/**
 * The file `baton dev` keeps its signing keys in, under the data folder.
 *
 * @example
 * dataFolderSecretsFile(".baton"); // ".baton/secrets.json"
 */
export function dataFolderSecretsFile(data: string): string {
  return join(data, "secrets.json");
}

/**
 * The signing keys `baton dev` keeps in the data folder (`<data>/secrets.json`), the one reading
 * of that file for every command that uses them: `undefined` when the file is missing or lacks
 * one of the three keys (`baton dev` then makes new ones); a key that is not a string or is
 * shorter than 256 bits is refused with {@link CliError} (exit 1), naming the file and the key,
 * and so is a file that is not valid JSON or not a JSON object, naming the file; no refusal
 * prints a key.
 *
 * @example
 * const keys = await readDataFolderSecrets(".baton"); // { callbackKey, linkKey, auditKey } or undefined
 */
export async function readDataFolderSecrets(data: string): Promise<Backend["secrets"] | undefined> {
  const file = dataFolderSecretsFile(data);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const stored = parseSecrets(file, text);
  if (!SECRET_NAMES.every((name) => stored[name])) return undefined;
  for (const name of SECRET_NAMES) {
    const key = stored[name];
    const problem = typeof key === "string" ? signingKeyProblem(key) : "must be a string";
    if (problem) {
      throw new CliError(`${file}: ${name} ${problem}; ${NEW_KEYS}`, 1);
    }
  }
  return stored as Backend["secrets"];
}
