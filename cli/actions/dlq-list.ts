import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import type { DeadLetter } from "../../lambdas/core/records/dead-letter.ts";
import { allDeadLetters } from "../../lambdas/embedded/all-dead-letters.ts";
import { openDataFolderDatabase } from "../data-folder-database.ts";

/** The options of `baton dlq list`. */
export interface DlqListOptions {
  data: string;
  json?: boolean;
}

/** One line of the listing. */
function line(letter: DeadLetter): string {
  const { envelope } = letter;
  const node = envelope.detail.nodeId ? ` node ${envelope.detail.nodeId}` : "";
  return [
    letter.id,
    letter.failedAt,
    `plugin ${letter.plugin}`,
    `${envelope["detail-type"]} of ${envelope.detail.templateId} instance ${envelope.detail.instanceId}${node}`,
    `${letter.attempts} attempts`,
    letter.error,
  ].join("  ");
}

/**
 * What `baton dlq list` does: prints the data folder's dead letters oldest first, one line
 * each (id, failure time, plugin, event, attempts, last error), or as JSON with `--json`.
 *
 * @example
 * await dlqList({ data: ".baton" });
 */
export async function dlqList(options: DlqListOptions): Promise<void> {
  const database = openDataFolderDatabase(options.data);
  try {
    const letters = await allDeadLetters(sqliteDeadLetterStore(database));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(letters)}\n`);
      return;
    }
    const count = letters.length === 1 ? "1 dead letter" : `${letters.length || "No"} dead letters`;
    process.stdout.write(`${[`${count} in ${options.data}`, ...letters.map(line)].join("\n")}\n`);
  } finally {
    database.close();
  }
}
