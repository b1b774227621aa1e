/**
 * An ISO-8601 time as epoch seconds, the unit of DynamoDB's TTL attribute.
 *
 * @example
 * epochSeconds("1970-01-01T00:01:00.000Z"); // 60
 */
export function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}
