const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const UNIT_SECONDS = [365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1] as const;

/**
 * Parses an ISO-8601 duration into seconds, or returns `undefined` when it is not one.
 * Years count 365 days and months 30 days, as Step Functions timeouts need a fixed number.
 *
 * @example
 * parseDuration("PT1H30M"); // 5400
 * parseDuration("1 hour");  // undefined
 */
export function parseDuration(text: string): number | undefined {
  const match = ISO_DURATION.exec(text);
  if (!match) return undefined;
  let seconds = 0;
  for (const [index, unit] of UNIT_SECONDS.entries()) {
    const value = match[index + 1];
    if (value !== undefined) seconds += Number(value) * unit;
  }
  return seconds;
}
