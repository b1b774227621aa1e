/**
 * A schema the bundle was built without: the api function checks requests, start inputs and
 * forms only with the validators compiled at build time (`bundledSchemaValidators`), from the
 * templates it was deployed with. Meeting one means the bundle and its `templates.json` are not
 * of the same build — a deployment fault, answered `500 internal` and logged.
 *
 * @example
 * throw new SchemaNotCompiledError("s1f2e3d4c5b6a79881726354");
 */
export class SchemaNotCompiledError extends Error {
  override readonly name = "SchemaNotCompiledError";
  /** The schema's name (`schemaKey`). */
  readonly key: string;

  constructor(key: string) {
    super(
      `no validator was compiled into this bundle for schema ${key}: it was built without the templates it runs (handlerInject)`,
    );
    this.key = key;
  }
}
