import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Backend } from "../lambdas/core/backend/backend.ts";
import { signingKeyProblem } from "../lambdas/core/security/signing-key-length.ts";
import { CliError } from "./cli-error.ts";

/** The keys of `secrets.json`, each a signing key. */
const SECRET_NAMES = ["callbackKey", "linkKey", "auditKey"] as const;

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
 * shorter than 256 bits is refused with {@link CliError} (exit 1), naming the file and the key.
 * A file that is not JSON rejects with the parser's `SyntaxError`.
 *
 * @example
 * const keys = await readDataFolderSecrets(".baton"); // { callbackKey, linkKey, auditKey } or undefined
 */
export async function readDataFolderSecrets(data: string): Promise<Backend["secrets"] | undefined> {
  const file = dataFolderSecretsFile(data);
  const stored = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Partial<Record<(typeof SECRET_NAMES)[number], unknown>> | null,
    () => undefined,
  );
  if (!stored || !SECRET_NAMES.every((name) => stored[name])) return undefined;
  for (const name of SECRET_NAMES) {
    const key = stored[name];
    const problem = typeof key === "string" ? signingKeyProblem(key) : "must be a string";
    if (problem) {
      throw new CliError(
        `${file}: ${name} ${problem}; delete the file for new keys (links and callbacks signed with the old ones stop working)`,
        1,
      );
    }
  }
  return stored as Backend["secrets"];
}
