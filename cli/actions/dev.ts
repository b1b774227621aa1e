import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { randomSecrets } from "../../lambdas/adapters/random-secrets.ts";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { sqliteFlowStores } from "../../lambdas/adapters/sqlite/sqlite-flow-stores.ts";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devAuthAllowed } from "../../lambdas/api/dev-auth-allowed.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { Backend } from "../../lambdas/core/backend/backend.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { CliError } from "../cli-error.ts";
import { problemLines } from "../problem-report.ts";

/** The options of `baton dev`. */
export interface DevOptions {
  definitions: string;
  port?: string;
  host: string;
  data: string;
}

/** The signing keys, made once and kept under the data folder so links survive a restart. */
async function secrets(data: string): Promise<Backend["secrets"]> {
  const file = join(data, "secrets.json");
  const stored = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Backend["secrets"],
    () => undefined,
  );
  if (stored?.callbackKey && stored.linkKey && stored.auditKey) return stored;
  const made = randomSecrets();
  await mkdir(data, { recursive: true });
  await writeFile(file, JSON.stringify(made), { mode: 0o600 });
  return made;
}

function port(option: string | undefined): number {
  const value = Number(option ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new CliError(`--port must be a port number, not ${option ?? process.env.PORT}`, 2);
  }
  return value;
}

/**
 * What `baton dev` does: loads and validates the templates (refused files are listed and left
 * out), assembles the embedded engine on the SQLite store `baton.db` under the data folder,
 * serves the API, prints what it started and a `curl` to try, and stops on SIGINT/SIGTERM.
 *
 * @example
 * await dev({ definitions: "definitions", host: "127.0.0.1", data: ".baton" });
 */
export async function dev(options: DevOptions): Promise<void> {
  const catalog = new DirectoryTemplateCatalog(options.definitions);
  const refused = await catalog.load().catch(() => {
    throw new CliError(`cannot read definitions folder ${options.definitions}`, 2);
  });
  for (const file of refused) process.stderr.write(`${problemLines(file).join("\n")}\n`);
  const templates = await catalog.list();
  if (templates.length === 0) throw new CliError(`no valid template in ${options.definitions}`, 1);
  const listen = port(options.port);
  const devAuth = devAuthAllowed(process.env, options.host);
  const storeFile = join(options.data, "baton.db");
  const database = openFlowDatabase(storeFile);
  const backend = createEmbeddedBackend({
    templates: catalog,
    stores: sqliteFlowStores(database),
    secrets: await secrets(options.data),
    publicUrl: `http://${options.host}:${listen}`,
  });
  const app = createApiApp(backend, {
    identity: devAuth ? devIdentity() : async () => undefined,
  });
  const server = serve({ fetch: app.fetch, hostname: options.host, port: listen }, (info) => {
    const url = `http://${options.host}:${info.port}`;
    backend.publicUrl = url;
    const lines = [
      `Baton dev: ${templates.length} templates from ${options.definitions}/, embedded engine, SQLite store at ${storeFile}`,
      ...templates.map((template) => `  ${template.id} v${template.version}`),
      `Listening on ${url}  (OpenAPI: ${url}/openapi.json)`,
      devAuth
        ? `Identity: the X-Baton-User header (BATON_DEV_AUTH=1 on loopback)`
        : "Identity: none configured; set BATON_DEV_AUTH=1 to sign in with an X-Baton-User header",
      "Try:",
      `  curl -s -X POST ${url}/v1/flows/${templates[0]?.id}/instances -H 'content-type: application/json' -H 'x-baton-user: alice' -d "{\\"input\\": $(cat examples/${templates[0]?.id}.input.json)}"`,
      "Ctrl-C stops.",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  });
  const { promise, resolve } = Promise.withResolvers<void>();
  const stop = () => {
    backend.executions.close();
    backend.scheduler.close();
    server.close(() => {
      database.close();
      resolve();
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await promise;
}
