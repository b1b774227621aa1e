declare module "asl-validator" {
  interface ValidationResult {
    isValid: boolean;
    errors: { "Error code": string; Message: string }[];
    errorsText(separator?: string): string;
  }
  /** Validates an ASL definition. Mutates its input: pass a copy. */
  export default function aslValidator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): ValidationResult;
}
