import type { Directory } from "../approval/directory.ts";

/** What an engine needs from its surroundings. */
export interface EngineOptions {
  /** Resolves `approvers: { role }`. @default a directory in which every role is empty */
  directory?: Directory;
}
