/** Ajv's standalone validators, generated at bundle time by `lambdas/api/pages/precompiled-schemas.ts`. */
declare module "baton-schema:*" {
  import type { ErrorObject } from "ajv";

  const validate: {
    (data: unknown): boolean;
    errors?: ErrorObject[] | null;
  };
  export default validate;
}
