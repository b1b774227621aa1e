import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import type { LocalDynamoDb } from "./local-dynamodb.ts";

/**
 * Starts dynalite (DynamoDB's API in memory, in this process) on a free loopback port.
 *
 * @example
 * const emulator = await startDynalite();
 * await emulator.stop();
 */
export async function startDynalite(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
