/**
 * The Velero Restore a site's Velero App carries (constructs/backup/site-velero.ts): read
 * from the App's inline documents, so the review can say when a restore starts and ends.
 */
import { appDocuments } from './app-documents';
import { JsonValue } from './types';

export interface RestoreSummary {
  readonly name: string;
  /** `backupName` when a named backup is restored. */
  readonly backup?: string;
  /** `scheduleName` when the newest backup of a schedule is restored. */
  readonly schedule?: string;
  /** Included namespaces, as text. */
  readonly namespaces: string;
}

/** The Restore among a kubernetes_manifest body's App documents, if any. */
export function restoreOf(body: JsonValue | undefined): RestoreSummary | undefined {
  const [restore] = appDocuments(body, 'Restore');
  if (restore === undefined) return undefined;
  const o = restore as { metadata?: { name?: string }; spec?: { backupName?: string; scheduleName?: string; includedNamespaces?: string[] } };
  return {
    name: o.metadata?.name ?? '(unnamed)',
    ...(o.spec?.backupName ? { backup: o.spec.backupName } : {}),
    ...(o.spec?.scheduleName ? { schedule: o.spec.scheduleName } : {}),
    namespaces: (o.spec?.includedNamespaces ?? ['*']).join(', '),
  };
}
