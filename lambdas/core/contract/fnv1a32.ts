/**
 * The 32-bit FNV-1a hash of a text's UTF-16 code units, as an unsigned integer: the same on
 * every runtime, so what it places (an instance's template shard, a long schedule name) never
 * moves.
 *
 * @example
 * fnv1a32(""); // 2166136261 (0x811c9dc5, the offset basis)
 * fnv1a32("a"); // 3826002220
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash;
}
