import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LogLevelThreshold } from "@aws-lambda-powertools/logger";
import { serve } from "@hono/node-server";
import { ownerOnlyFile, ownerOnlyIfPresent } from "../../lambdas/adapters/owner-only-files.ts";
import { randomSecrets } from "../../lambdas/adapters/random-secrets.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteDeadLetterStore } from "../../lambdas/adapters/sqlite/sqlite-dead-letter-store.ts";
import { sqliteDeliveryQueue } from "../../lambdas/adapters/sqlite/sqlite-delivery-queue.ts";
import { sqliteExecutionJournal } from "../../lambdas/adapters/sqlite/sqlite-execution-journal.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import { sqliteOutbox } from "../../lambdas/adapters/sqlite/sqlite-outbox.ts";
import { sqlitePendingReminders } from "../../lambdas/adapters/sqlite/sqlite-pending-reminders.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devAuthAllowed } from "../../lambdas/api/dev-auth-allowed.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import { jsonRequestLog } from "../../lambdas/api/json-request-log.ts";
import { pageAssetsOnce } from "../../lambdas/api/pages/page-assets.ts";
import type { Backend } from "../../lambdas/core/backend/backend.ts";
import { countDeadLetters } from "../../lambdas/embedded/count-dead-letters.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import {
  DirectoryTemplateCatalog,
  type FileLoad,
} from "../../lambdas/embedded/directory-template-catalog.ts";
import {
  type EmbeddedLogLevel,
  embeddedLogger,
  logLevelNamed,
} from "../../lambdas/embedded/embedded-logger.ts";
import { FlowMetrics } from "../../lambdas/embedded/flow-metrics.ts";
import { logFlowEvent } from "../../lambdas/embedded/log-flow-event.ts";
import { PeriodicSweep } from "../../lambdas/embedded/periodic-sweep.ts";
import { recoverEvents } from "../../lambdas/embedded/recover-events.ts";
import { storedPendingApprovals } from "../../lambdas/embedded/stored-pending-approvals.ts";
import { watchDefinitions } from "../../lambdas/embedded/watch-definitions.ts";
import { CliError } from "../cli-error.ts";
import { claimDataFolder } from "../data-folder-claim.ts";
import { dataFolderSecretsFile, readDataFolderSecrets } from "../data-folder-secrets.ts";
import { declaredPlugins, pluginLines } from "../declared-plugins.ts";
import { problemLines } from "../problem-report.ts";
import { applyServerHeapPolicy } from "../server-heap-policy.ts";

/** The options of `baton dev`. */
export interface DevOptions {
  definitions: string;
  port?: string;
  host: string;
  data: string;
  /** @default $LOG_LEVEL, else $POWERTOOLS_LOG_LEVEL, else INFO */
  logLevel?: string;
}

/**
 * The signing keys, made once and kept under the data folder so links survive a restart. The
 * file is its owner's only (0600, held so at every start); a stored key shorter than 256 bits,
 * or a file that is not a JSON object, is refused, naming the file ({@link readDataFolderSecrets}).
 */
async function secrets(data: string): Promise<Backend["secrets"]> {
  const file = dataFolderSecretsFile(data);
  const stored = await readDataFolderSecrets(data);
  if (stored) {
    ownerOnlyIfPresent([file]);
    return stored;
  }
  const made = randomSecrets();
  await mkdir(data, { recursive: true, mode: 0o700 });
  ownerOnlyFile(file);
  await writeFile(file, JSON.stringify(made));
  return made;
}

function port(option: string | undefined): number {
  const value = Number(option ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new CliError(`--port must be a port number, not ${option ?? process.env.PORT}`, 2);
  }
  return value;
}

/** The level of the JSON log: `--log-level`, else `LOG_LEVEL`, else `POWERTOOLS_LOG_LEVEL`, else INFO. */
function logLevel(option: string | undefined): EmbeddedLogLevel {
  const name = option ?? process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? "INFO";
  const level = logLevelNamed(name);
  if (!level) {
    throw new CliError(
      `--log-level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, not ${name}`,
      2,
    );
  }
  return level;
}

/** Prints what reloading a changed definitions file did; a refusal as the start-up lists one. */
function reportReload(load: FileLoad): void {
  if (load.outcome === "refused") process.stderr.write(`${problemLines(load).join("\n")}\n`);
  else if (load.outcome === "added") {
    process.stdout.write(
      `${load.template.id} v${load.template.version} loaded; running instances keep their versions\n`,
    );
  } else if (load.outcome === "unchanged") {
    process.stdout.write(
      `${load.template.id} v${load.template.version} unchanged (${load.file})\n`,
    );
  }
}

/**
 * What `baton dev` does: loads and validates the templates into the SQLite store `baton.db`
 * under the data folder, where every version ever loaded is kept (refused files are listed and
 * left out), assembles the embedded engine on that store, serves the API, prints what it
 * started and a `curl` to try, reloads a definitions file when it changes, and stops on
 * SIGINT/SIGTERM.
 *
 * @example
 * await dev({ definitions: "definitions", host: "127.0.0.1", data: ".baton" });
 */
export async function dev(options: DevOptions): Promise<void> {
  applyServerHeapPolicy();
  const listen = port(options.port);
  const logger = embeddedLogger(logLevel(options.logLevel));
  const claim = claimDataFolder(options.data);
  const storeFile = join(options.data, "baton.db");
  const database = openFlowDatabase(storeFile);
  const catalog = new DirectoryTemplateCatalog(options.definitions, database);
  const refused = await catalog.load().catch(() => {
    throw new CliError(`cannot read definitions folder ${options.definitions}`, 2);
  });
  for (const file of refused) process.stderr.write(`${problemLines(file).join("\n")}\n`);
  const templates = await catalog.list();
  if (templates.length === 0) throw new CliError(`no valid template in ${options.definitions}`, 1);
  const plugins = await declaredPlugins(options.definitions);
  const devAuth = devAuthAllowed(process.env, options.host);
  const backend = createEmbeddedBackend({
    templates: catalog,
    stores: sqliteFlowStores(database),
    journal: sqliteExecutionJournal(database),
    reminders: sqlitePendingReminders(database),
    secrets: await secrets(options.data),
    publicUrl: `http://${options.host}:${listen}`,
    declaredPlugins: plugins.plugins,
    eventDelivery: {
      deadLetters: sqliteDeadLetterStore(database),
      deliveries: sqliteDeliveryQueue(database),
    },
  });
  // The pending gauge starts from the approvals the store holds pending, read before anything
  // of the last run is taken up; the events that follow count from there.
  const metrics = new FlowMetrics({
    deadLetters: () => countDeadLetters(backend.bus.deadLetters),
    pending: await storedPendingApprovals(backend.stores),
  });
  backend.bus.subscribe((event) => {
    metrics.observe(event);
    logFlowEvent(logger, event);
  });
  const pageAssets = pageAssetsOnce();
  const app = createApiApp(backend, {
    pageAssets,
    identity: devAuth ? devIdentity() : async () => undefined,
    devSignIn: devAuth,
    log: ({ message, method, route, error }) => logger.error(message, { method, route, error }),
    // Request lines are written beside the logger's, in its shape, at a third of its cost.
    ...(logger.level <= LogLevelThreshold.INFO
      ? { requestLog: jsonRequestLog({ service: "baton" }) }
      : {}),
    metrics,
  });
  // The executions running when the engine last stopped are taken up once the URL their
  // callbacks point to is known; requests wait until they are, so decisions reach them. The
  // deliveries and unpublished events the last run left go first (docs/plugins.md).
  const resumed = Promise.withResolvers<void>();
  const fetch: typeof app.fetch = async (request, ...rest) => {
    await resumed.promise;
    return app.fetch(request, ...rest);
  };
  const server = serve({ fetch, hostname: options.host, port: listen }, (info) => {
    const url = `http://${options.host}:${info.port}`;
    backend.publicUrl = url;
    // The pages' scripts are built now, not when the first page is asked for; a failed build is
    // logged here and tried again by that page.
    pageAssets().catch((error: unknown) =>
      logger.warn("building the pages' scripts failed", { error }),
    );
    const taken = recoverEvents(backend, sqliteOutbox(database)).then((events) =>
      Promise.all([backend.executions.resume(), backend.scheduler.restore(), events]),
    );
    taken.then(
      ([count, reminders, events]) => {
        process.stdout.write(
          `Resumed ${count} running executions from the journal and ${reminders} scheduled reminders; ${events.deliveries} pending deliveries, ${events.relayed} unpublished events\n`,
        );
        resumed.resolve();
      },
      (error: unknown) => {
        process.stderr.write(
          `resuming executions: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        resumed.resolve();
      },
    );
    const lines = [
      `Baton dev: ${templates.length} templates from ${options.definitions}/, embedded engine, SQLite store at ${storeFile}`,
      ...templates.map((template) => `  ${template.id} v${template.version}`),
      ...pluginLines(plugins.file, plugins.plugins),
      `Listening on ${url}  (OpenAPI: ${url}/openapi.json)`,
      `Health: ${url}/healthz  Metrics: ${url}/metrics  Log: JSON lines at ${logger.getLevelName()}`,
      identityLine(devAuth, options.host),
      "Try:",
      `  curl -s -X POST ${url}/v1/flows/${templates[0]?.id}/instances -H 'content-type: application/json' -H 'x-baton-user: alice' -d "{\\"input\\": $(cat examples/${templates[0]?.id}.input.json)}"`,
      "Ctrl-C stops.",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  });
  // The sweep settles what an execution lost unended (or a closing broken off) left unsettled;
  // it starts once the executions of the last run are taken up.
  const sweep = new PeriodicSweep(backend);
  void resumed.promise.then(() => sweep.start());
  const watcher = watchDefinitions(catalog, {
    onLoad: reportReload,
    onError: (error) =>
      process.stderr.write(
        `reloading ${options.definitions}: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
  });
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  const stop = (refusal?: CliError) => {
    const watching = watcher.close();
    sweep.close();
    backend.executions.close();
    backend.scheduler.close();
    server.close(() => {
      void Promise.all([watching, backend.bus.close()]).then(() => {
        database.close();
        claim.release();
        if (refusal) reject(refusal);
        else resolve();
      });
    });
  };
  server.once("error", (error) => stop(listenRefusal(error, options.host, listen)));
  process.once("SIGINT", () => stop());
  process.once("SIGTERM", () => stop());
  await promise;
}

/** The start-up banner's line on who can sign in, and why nobody can when that is so. */
function identityLine(devAuth: boolean, host: string): string {
  if (devAuth) return "Identity: the X-Baton-User header (BATON_DEV_AUTH=1 on loopback)";
  if (process.env.BATON_DEV_AUTH !== "1") {
    return "Identity: none configured; set BATON_DEV_AUTH=1 to sign in with an X-Baton-User header";
  }
  return `Identity: none; BATON_DEV_AUTH=1 is ignored because --host ${host} is not a loopback address (anyone reaching it could sign in as anyone): give --host 127.0.0.1 to sign in with an X-Baton-User header; people on other machines sign in on a deployed Baton (JWT_* settings, docs/api.md)`;
}

/** Why the server could not listen, as the one line `baton dev` exits with (exit 1). */
function listenRefusal(error: Error, host: string, port: number): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === "EADDRINUSE") {
    return new CliError(
      `cannot listen on ${where}: the port is in use (another baton dev?); give --port or PORT another port`,
      1,
    );
  }
  if (code === "EACCES") {
    return new CliError(`cannot listen on ${where}: not allowed; give --port a port above 1023`, 1);
  }
  return new CliError(`cannot listen on ${where}: ${error.message}`, 1);
}
