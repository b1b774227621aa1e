/** What a {@link TemplateVersionConflictError} names. */
export interface TemplateVersionConflict {
  /** The file that was refused. */
  file: string;
  templateId: string;
  version: number;
  /** Where the version already loaded came from. */
  storedFile: string;
  /** The version number to give the change instead: one above the newest loaded. */
  nextVersion: number;
}

/**
 * Thrown when a template version is loaded with content other than the content already loaded
 * under the same id and version. A loaded version never changes (instances run on it); the
 * stored one keeps serving and the change has to come as a new version.
 *
 * @example
 * throw new TemplateVersionConflictError({
 *   file: "definitions/expense.yaml", templateId: "expense", version: 3,
 *   storedFile: "definitions/expense.yaml", nextVersion: 4,
 * });
 */
export class TemplateVersionConflictError extends Error {
  override readonly name = "TemplateVersionConflictError";
  readonly conflict: TemplateVersionConflict;
  /** The message without the file name, for a report that names the file already. */
  readonly reason: string;

  constructor(conflict: TemplateVersionConflict) {
    const { templateId, version, storedFile, nextVersion } = conflict;
    const reason = `${templateId} v${version} is already loaded (from ${storedFile}) with other content, and a loaded version never changes: bump \`version\` to ${nextVersion} to load this as a new version; v${version} as loaded keeps serving`;
    super(`${conflict.file}: ${reason}`);
    this.conflict = conflict;
    this.reason = reason;
  }
}
