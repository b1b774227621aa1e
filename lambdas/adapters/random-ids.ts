import type { Ids } from "../core/ports/ids.ts";
import { pooledRandomBytes } from "./pooled-random-bytes.ts";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + CROCKFORD[(value << (5 - bits)) & 31] : out;
}

/**
 * Ids from the system's random source (`pooledRandomBytes`): instance ids that sort by creation
 * time (48-bit milliseconds, then 80 random bits, Crockford base32 like a ULID), callback and
 * link ids of 128 random bits.
 *
 * @example
 * randomIds(() => new Date()).instanceId(); // "01JF3Q8Z…"
 */
export function randomIds(now: () => Date = () => new Date()): Ids {
  return {
    instanceId: () => {
      const bytes = Buffer.alloc(16);
      bytes.writeUIntBE(now().getTime(), 0, 6);
      bytes.set(pooledRandomBytes(10), 6);
      return base32(bytes).slice(0, 26);
    },
    callbackId: () => base32(pooledRandomBytes(16)),
    linkId: () => base32(pooledRandomBytes(16)),
  };
}
