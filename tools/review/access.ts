/**
 * The access a site's access Apps deploy (constructs/access): read back from the Apps'
 * inline documents, so the review can say which group gains or loses which role where,
 * and what happens to the break-glass path.
 */
import { appDocuments } from './app-documents';
import { BREAK_GLASS_NAMESPACE, GROUP_ANNOTATION, ROLE_LABEL } from '../../constructs/access/rbac';
import { JsonValue } from './types';

/** One grant as deployed: group, product role, and where (`cluster-wide` or a namespace). */
export interface DeployedGrant {
  readonly group: string;
  readonly role: string;
  readonly scope: string;
}

export interface DeployedAccess {
  /** Grants keyed `group\0role\0scope`. */
  readonly grants: ReadonlyMap<string, DeployedGrant>;
  /** The break-glass ServiceAccount and its role, when provisioned. */
  readonly breakGlass?: { readonly account: string; readonly role: string };
}

type Doc = { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }; subjects?: Array<{ kind?: unknown; name?: unknown; namespace?: unknown }> };

/** The documents of a kubernetes_manifest App body. */
function documents(body: JsonValue | undefined): Doc[] {
  return appDocuments(body) as Doc[];
}

/** The access among an App's documents; undefined when it holds none (not an access App). */
export function accessOf(body: JsonValue | undefined): DeployedAccess | undefined {
  const grants = new Map<string, DeployedGrant>();
  let breakGlass: DeployedAccess['breakGlass'];
  let found = false;
  for (const doc of documents(body)) {
    if (doc.kind !== 'ClusterRoleBinding' && doc.kind !== 'RoleBinding') continue;
    const role = doc.metadata?.labels?.[ROLE_LABEL];
    if (typeof role !== 'string') continue;
    found = true;
    const account = (doc.subjects ?? []).find((s) => s.kind === 'ServiceAccount' && s.namespace === BREAK_GLASS_NAMESPACE);
    if (account) {
      breakGlass = { account: String(account.name), role };
      continue;
    }
    const group = doc.metadata?.annotations?.[GROUP_ANNOTATION];
    if (typeof group !== 'string') continue;
    const scope = doc.kind === 'RoleBinding' ? `namespace ${String(doc.metadata?.namespace)}` : 'cluster-wide';
    // operate binds view cluster-wide too: one grant per group, role and scope is enough.
    grants.set(`${group}\0${role}\0${scope}`, { group, role, scope });
  }
  return found ? { grants, ...(breakGlass ? { breakGlass } : {}) } : undefined;
}

/** The messages of what changed between two deployed access sets (either may be absent). */
export function accessChanges(before: DeployedAccess | undefined, after: DeployedAccess | undefined): string[] {
  const out: string[] = [];
  const [a, b] = [before?.grants ?? new Map<string, DeployedGrant>(), after?.grants ?? new Map<string, DeployedGrant>()];
  const text = (g: DeployedGrant) => `group '${g.group}' role ${g.role} (${g.scope})`;
  for (const [key, g] of b) if (!a.has(key)) out.push(`grants ${text(g)}`);
  for (const [key, g] of a) if (!b.has(key)) out.push(`revokes ${text(g)}: kapp deletes the binding at the next sync`);
  const [x, y] = [before?.breakGlass, after?.breakGlass];
  if (!x && y) out.push(`provisions the break-glass ServiceAccount ${y.account} (role ${y.role}): escrow its token at the hub once applied (docs/access.md, Break-glass)`);
  else if (x && !y) out.push(`removes the break-glass ServiceAccount ${x.account}: its token stops working, and the site has no way in while its WAN link is down`);
  else if (x && y) {
    if (x.account !== y.account) out.push(`rotates the break-glass ServiceAccount ${x.account} → ${y.account} (role ${y.role}): the old token stops working at the next sync; escrow the new one`);
    if (x.role !== y.role) out.push(`changes the break-glass role ${x.role} → ${y.role}`);
  }
  return out.sort();
}
