/**
 * The objects a kapp-controller App carries in its inline documents
 * (constructs/packages/kapp-app.ts `documents`): what the review reads to tell a
 * restore, an access change or an application's version from a change of the App.
 */
import { parseAllDocuments } from 'yaml';
import { isObject, valueAt } from './json';
import { JsonValue } from './types';

/** A parsed document, as loosely typed as YAML gives it. */
export type AppDocument = { readonly kind?: unknown } & Readonly<Record<string, unknown>>;

/**
 * Every object of the inline documents of a kubernetes_manifest body's App, in order;
 * `kind` keeps only objects of that kind (and skips files that cannot hold one).
 */
export function appDocuments(body: JsonValue | undefined, kind?: string): AppDocument[] {
  const fetch = valueAt(body, ['manifest', 'spec', 'fetch']);
  if (valueAt(body, ['manifest', 'kind']) !== 'App' || !Array.isArray(fetch)) return [];
  const out: AppDocument[] = [];
  for (const entry of fetch) {
    const paths = valueAt(entry, ['inline', 'paths']);
    if (!isObject(paths)) continue;
    for (const text of Object.values(paths)) {
      if (typeof text !== 'string' || (kind !== undefined && !text.includes(`kind: ${kind}`))) continue;
      for (const doc of parseAllDocuments(text)) {
        const object: unknown = doc.toJS();
        if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
        if (kind === undefined || (object as AppDocument).kind === kind) out.push(object as AppDocument);
      }
    }
  }
  return out;
}
