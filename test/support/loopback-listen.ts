import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A server listening on loopback: where it answers, and how to stop it. */
export interface LoopbackListener {
  /** e.g. `http://127.0.0.1:40123` */
  endpoint: string;
  /** Closes its connections and the server; resolves once it is closed. */
  stop(): Promise<void>;
}

/**
 * Starts `server` on a free loopback port (what the emulators the tests run — dynalite, the
 * AWS protocol servers — share).
 *
 * @example
 * const { endpoint, stop } = await listenOnLoopback(createServer(handler));
 */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
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
