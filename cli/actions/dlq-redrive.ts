import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import type { Backend } from "../../lambdas/core/backend/backend.ts";
import { createLocalBus } from "../../lambdas/embedded/create-local-bus.ts";
import { userPluginTargets } from "../../lambdas/embedded/event-plugins/user-plugin-target.ts";
import { CliError } from "../cli-error.ts";
import { openDataFolderDatabase } from "../data-folder-database.ts";
import { dataFolderSecretsFile, readDataFolderSecrets } from "../data-folder-secrets.ts";
import { declaredPlugins } from "../declared-plugins.ts";

/** The options of `baton dlq redrive`. */
export interface DlqRedriveOptions {
  all?: boolean;
  data: string;
  definitions: string;
  publicUrl: string;
}

/**
 * The keys `baton dev` keeps in the data folder that plugins use: the link key the notifier
 * signs links with, the callback key user plugins get as `BATON_CALLBACK_KEY`. Read as
 * `baton dev` reads them ({@link readDataFolderSecrets}: a short key, or a file that is not a
 * JSON object, is refused, exit 1); a folder without them is refused with exit 2.
 */
async function pluginKeys(
  data: string,
): Promise<Pick<Backend["secrets"], "linkKey" | "callbackKey">> {
  const stored = await readDataFolderSecrets(data);
  if (!stored) {
    throw new CliError(
      `no signing keys in ${dataFolderSecretsFile(data)} (baton dev --data ${data} makes them)`,
      2,
    );
  }
  return { linkKey: stored.linkKey, callbackKey: stored.callbackKey };
}

/**
 * What `baton dlq redrive [ID…|--all]` does: delivers the dead letters named (or all) once
 * more to their plugins as `plugins.yaml` declares them now, from this process, and prints a
 * line for each: delivered (and removed), failed again (kept, its attempt counted), or no
 * such letter. Exit 1 if any was not delivered, 2 for a call naming none or both.
 *
 * @example
 * await dlqRedrive([], { all: true, data: ".baton", definitions: "definitions", publicUrl: "http://127.0.0.1:3000" });
 */
export async function dlqRedrive(
  ids: readonly string[],
  options: DlqRedriveOptions,
): Promise<void> {
  if (options.all && ids.length > 0) {
    throw new CliError("name dead letters or give --all, not both", 2);
  }
  if (!options.all && ids.length === 0) {
    throw new CliError(
      "name the dead letters to redrive (baton dlq list shows them), or give --all",
      2,
    );
  }
  const { plugins } = await declaredPlugins(options.definitions);
  const keys = await pluginKeys(options.data);
  const database = openDataFolderDatabase(options.data);
  try {
    const bus = createLocalBus(
      plugins,
      { linkKey: keys.linkKey, publicUrl: () => options.publicUrl },
      {
        deadLetters: sqliteDeadLetterStore(database),
        userTarget: userPluginTargets({ environment: { BATON_CALLBACK_KEY: keys.callbackKey } }),
      },
    );
    const report = await bus.redrive(options.all ? "all" : ids);
    const lines = [
      ...report.delivered.map((id) => `✓ ${id} delivered`),
      ...report.failed.map(({ id, plugin, error }) => `✗ ${id} plugin ${plugin}: ${error} (kept)`),
      ...report.missing.map((id) => `✗ ${id}: no such dead letter`),
    ];
    if (lines.length === 0) lines.push(`No dead letters in ${options.data}`);
    process.stdout.write(`${lines.join("\n")}\n`);
    if (report.failed.length + report.missing.length > 0) process.exitCode = 1;
  } finally {
    database.close();
  }
}
