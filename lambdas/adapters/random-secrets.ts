import { randomBytes } from "node:crypto";
import type { Backend } from "../core/backend/backend.ts";

/** The length of each key, in random bytes (256 bits). */
const KEY_BYTES = 32;

/**
 * Fresh signing keys from the system's random source, 256 bits each as base64url: for a
 * backend that lives only as long as its process (the embedded engine, `baton dev`), where
 * links and callbacks need not outlive a restart.
 *
 * @example
 * const backend = { ...adapters, secrets: randomSecrets() };
 */
export function randomSecrets(): Backend["secrets"] {
  return {
    callbackKey: randomBytes(KEY_BYTES).toString("base64url"),
    linkKey: randomBytes(KEY_BYTES).toString("base64url"),
    auditKey: randomBytes(KEY_BYTES).toString("base64url"),
  };
}
