/**
 * A field of a compiled definition calls more intrinsic functions than Step Functions allows
 * (a fault in the compiler: AWS would refuse the definition).
 *
 * @example
 * throw new IntrinsicLimitError("Split a to b › ResultSelector › nodes.$", 12);
 */
export class IntrinsicLimitError extends Error {
  override readonly name = "IntrinsicLimitError";

  constructor(field: string, calls: number) {
    super(
      `${field} calls ${calls} intrinsic functions; Step Functions allows at most 10 per field`,
    );
  }
}
