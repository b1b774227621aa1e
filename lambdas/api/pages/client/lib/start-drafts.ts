/**
 * Drafts of a start form, kept in the browser's `localStorage` under a key per template and
 * user: saved by the "Save draft" button, filled in again when the page is opened, discarded
 * by "Discard draft" and when the form is submitted. A submitted draft waits in
 * `sessionStorage` until the next page tells how the start went: the server drawing the form
 * again as refused puts it back; any other visit of the page drops it.
 */

/** A saved draft: the form's fields as posted, and when it was saved. */
interface Draft {
  savedAt: string;
  fields: [string, string][];
}

/** What the drafts of one form need. */
export interface DraftOptions {
  /** The storage key: `baton-draft:{tenant}:{user}:{templateId}`. */
  key: string;
  /** Whether the server drew the form again after refusing a start. */
  refused: boolean;
  words: { draftSaved: string; draftRestored: string; draftDiscarded: string };
  /** The form's request fields, as they would be posted. */
  values: () => URLSearchParams;
  /** Called after a draft was filled in. */
  onRestore: () => void;
}

function readDraft(storage: Storage, key: string): Draft | undefined {
  const text = storage.getItem(key);
  if (text === null) return undefined;
  try {
    const draft = JSON.parse(text) as Draft;
    return Array.isArray(draft.fields) ? draft : undefined;
  } catch {
    return undefined;
  }
}

/** Fills the form's fields with a draft's values (checkboxes by their value). */
function fill(form: HTMLFormElement, draft: Draft): void {
  const values = new Map<string, string[]>();
  for (const [name, value] of draft.fields) values.set(name, [...(values.get(name) ?? []), value]);
  for (const field of form.querySelectorAll<
    HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
  >("input[name^='form.'], select[name^='form.'], textarea[name^='form.']")) {
    const given = values.get(field.name) ?? [];
    if (field instanceof HTMLInputElement && field.type === "checkbox") {
      field.checked = given.includes(field.value);
    } else {
      field.value = given[0] ?? "";
    }
  }
}

/**
 * Wires the draft buttons of a start form (`#save-draft`, `#discard-draft`, shown here since
 * they need a script) and its status line (`#draft-status`), and fills a saved draft in.
 *
 * @example
 * startDrafts(form, { key, refused: false, words, values: () => postedOf(form), onRestore: update });
 */
export function startDrafts(form: HTMLFormElement, options: DraftOptions): void {
  const { key, words } = options;
  const save = form.querySelector<HTMLButtonElement>("#save-draft");
  const discard = form.querySelector<HTMLButtonElement>("#discard-draft");
  const note = form.querySelector<HTMLElement>("#draft-note");
  const status = form.querySelector<HTMLElement>("#draft-status");
  let local: Storage;
  let session: Storage;
  try {
    local = window.localStorage;
    session = window.sessionStorage;
  } catch {
    return;
  }
  const pending = session.getItem(key);
  session.removeItem(key);
  if (options.refused && pending !== null) local.setItem(key, pending);
  const draft = readDraft(local, key);
  if (draft && !options.refused) {
    fill(form, draft);
    if (status) status.textContent = words.draftRestored;
    options.onRestore();
  }
  for (const shown of [save, discard, note]) shown?.removeAttribute("hidden");
  save?.addEventListener("click", () => {
    const saved: Draft = { savedAt: new Date().toISOString(), fields: [...options.values()] };
    local.setItem(key, JSON.stringify(saved));
    if (status) status.textContent = words.draftSaved;
  });
  discard?.addEventListener("click", () => {
    local.removeItem(key);
    if (status) status.textContent = words.draftDiscarded;
  });
  form.addEventListener("submit", () => {
    const kept = local.getItem(key);
    if (kept !== null) session.setItem(key, kept);
    local.removeItem(key);
  });
}
