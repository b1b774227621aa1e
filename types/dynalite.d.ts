declare module "dynalite" {
  import type { Server } from "node:http";
  /** Starts nothing: returns an HTTP server answering the DynamoDB API, kept in memory. */
  export default function dynalite(options?: {
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }): Server;
}
