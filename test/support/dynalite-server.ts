import dynalite from "dynalite";
import type { LocalDynamoDb } from "./local-dynamodb.ts";
import { listenOnLoopback } from "./loopback-listen.ts";

/**
 * Starts dynalite (DynamoDB's API in memory, in this process) on a free loopback port.
 *
 * @example
 * const emulator = await startDynalite();
 * await emulator.stop();
 */
export async function startDynalite(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return listenOnLoopback(server);
}
