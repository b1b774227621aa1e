import type { StreamRange } from "./stream-range-reader.ts";

/**
 * The records of a {@link StreamRange} are no longer in the stream: past its retention (a
 * table's stream keeps them 24 hours), or the shard is gone. Nothing reads them any more, so
 * what they held must be done by hand (for history entries: announced again).
 *
 * @example
 * throw new StreamRangeGoneError(range, "TrimmedDataAccessException");
 */
export class StreamRangeGoneError extends Error {
  override readonly name = "Baton.StreamRangeGone";
  readonly range: StreamRange;

  /** @param why - what the stream answered, e.g. `TrimmedDataAccessException`. */
  constructor(range: StreamRange, why: string) {
    super(
      `records ${range.startSequenceNumber} to ${range.endSequenceNumber} of ${range.shardId} are no longer in the stream (${why}): announce their history entries by hand`,
    );
    this.range = range;
  }
}
