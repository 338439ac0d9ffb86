import { isMap, parseDocument } from 'yaml';
import type { PutSettingsBody } from './api-schemas.ts';

/**
 * brigade.yaml's text with the settings changed through the yaml Document API, so comments, order
 * and every field the change does not name stay as they were.
 */
export function applySettings(text: string, change: PutSettingsBody): string {
  const document = parseDocument(text);
  if (change.concurrency !== undefined) {
    if (change.concurrency === null) remove(document, ['concurrency']);
    else document.setIn(['concurrency'], change.concurrency);
  }
  for (const [model, settings] of Object.entries(change.models ?? {})) {
    if (settings.concurrency === null) {
      remove(document, ['models', model, 'concurrency']);
      removeIfEmpty(document, ['models', model]);
    } else document.setIn(['models', model, 'concurrency'], settings.concurrency);
  }
  removeIfEmpty(document, ['models']);
  for (const [key, limits] of Object.entries(change.limits ?? {})) {
    if (limits === null) remove(document, ['limits', key]);
    else replaceFields(document, ['limits', key], limits);
  }
  removeIfEmpty(document, ['limits']);
  if (change.budget !== undefined) {
    if (change.budget === null) remove(document, ['budget']);
    else replaceFields(document, ['budget'], change.budget);
    removeIfEmpty(document, ['budget']);
  }
  return document.toString();
}

type Document = ReturnType<typeof parseDocument>;

/** Sets each given field and removes the others, keeping the mapping node (and its comments) itself. */
function replaceFields(document: Document, path: string[], fields: Record<string, unknown>): void {
  const existing = document.getIn(path);
  if (isMap(existing)) {
    for (const item of [...existing.items]) {
      const key = String((item.key as { value?: unknown })?.value ?? item.key);
      if (!(key in fields) || fields[key] === undefined) existing.delete(key);
    }
  }
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) document.setIn([...path, field], value);
  }
}

function removeIfEmpty(document: Document, path: string[]): void {
  const node = document.getIn(path);
  if (isMap(node) && node.items.length === 0) remove(document, path);
}

/** Removes what is at `path`, if anything (deleteIn throws on a missing parent). */
function remove(document: Document, path: string[]): void {
  if (document.hasIn(path)) document.deleteIn(path);
}
