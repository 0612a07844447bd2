/**
 * CustomResourceDefinitions for the custom kinds our stacks create on the TKG
 * management cluster, built at run time.
 *
 * Schema-checked: Cluster API `Cluster` and Carvel `PackageInstall`, whose
 * openAPIV3Schema is read from ../shared/reference/schemas (beside the project,
 * never copied into it; see its README.md for versions and provenance).
 *
 * Structure only, NOT schema-checked: the other custom kinds, listed in
 * STRUCTURE_ONLY. Their CRDs have the right group, version, kind, plural and scope,
 * but spec and status keep unknown fields, so the server checks only the object's
 * envelope (apiVersion, kind, metadata) and that spec/status are objects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiServer, apiRequest } from './apiserver';
import { projectRoot } from '../project-root';

export interface CrdKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly shortNames: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
}

export interface SchemaCheckedKind extends CrdKind {
  /** File name in ../shared/reference/schemas holding this version's openAPIV3Schema. */
  readonly schemaFile: string;
}

/** The default Cluster schema: CAPI v1.2.8, the conservative choice (see the schemas README). */
export const DEFAULT_CLUSTER_SCHEMA = 'cluster.x-k8s.io_v1beta1_Cluster.json';

export const SCHEMA_CHECKED: readonly SchemaCheckedKind[] = [
  { group: 'cluster.x-k8s.io', version: 'v1beta1', kind: 'Cluster', plural: 'clusters', shortNames: ['cl'], scope: 'Namespaced', schemaFile: DEFAULT_CLUSTER_SCHEMA },
  { group: 'packaging.carvel.dev', version: 'v1alpha1', kind: 'PackageInstall', plural: 'packageinstalls', shortNames: ['pkgi'], scope: 'Namespaced', schemaFile: 'packaging.carvel.dev_v1alpha1_PackageInstall.json' },
];

/** Custom kinds the stand-in knows only by structure: their spec and status are NOT schema-checked. */
export const STRUCTURE_ONLY: readonly CrdKind[] = [
  // Carvel kapp-controller (config/config/crds.yml): namespaced, short name pkgr.
  { group: 'packaging.carvel.dev', version: 'v1alpha1', kind: 'PackageRepository', plural: 'packagerepositories', shortNames: ['pkgr'], scope: 'Namespaced' },
  // Carvel kapp-controller (config/config/crds.yml): namespaced, no short name. Its fields
  // are checked by __tests__/backup/kapp-app.test.ts against kapp-controller's Go types.
  { group: 'kappctrl.k14s.io', version: 'v1alpha1', kind: 'App', plural: 'apps', shortNames: [], scope: 'Namespaced' },
  // Cluster API (config/crd/bases/cluster.x-k8s.io_machinehealthchecks.yaml): namespaced, short name mhc.
  { group: 'cluster.x-k8s.io', version: 'v1beta1', kind: 'MachineHealthCheck', plural: 'machinehealthchecks', shortNames: ['mhc'], scope: 'Namespaced' },
];

/** The folder of the shared CRD schemas, beside the project. */
export function schemaDir(root: string = projectRoot()): string {
  return path.resolve(root, '..', 'shared', 'reference', 'schemas');
}

export interface CrdOptions {
  readonly root?: string;
  /** Cluster schema file in the schema folder. @default DEFAULT_CLUSTER_SCHEMA */
  readonly clusterSchema?: string;
}

/** A CustomResourceDefinition object (apiextensions.k8s.io/v1). */
export interface Crd {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly annotations: Record<string, string> };
  readonly spec: {
    readonly group: string;
    readonly scope: 'Namespaced' | 'Cluster';
    readonly names: { readonly kind: string; readonly listKind: string; readonly plural: string; readonly singular: string; readonly shortNames: readonly string[] };
    readonly versions: ReadonlyArray<{ readonly name: string; readonly served: true; readonly storage: true; readonly schema: { readonly openAPIV3Schema: object }; readonly subresources: { readonly status: object } }>;
  };
}

/** Every CRD: the schema-checked ones from the shared schema files, then the structure-only ones. */
export function buildCrds(opts: CrdOptions = {}): Crd[] {
  const dir = schemaDir(opts.root);
  if (!fs.existsSync(dir)) throw new Error(`CRD schemas not found at ${dir} (the shared folder beside the project)`);
  const checked = SCHEMA_CHECKED.map((k) => {
    const file = k.kind === 'Cluster' && opts.clusterSchema ? opts.clusterSchema : k.schemaFile;
    const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as object;
    return crd(k, schema, `schema from ../shared/reference/schemas/${file}`);
  });
  const structural = STRUCTURE_ONLY.map((k) =>
    crd(k, {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    }, 'structure only, not schema-checked'),
  );
  return [...checked, ...structural];
}

function crd(k: CrdKind, openAPIV3Schema: object, note: string): Crd {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${k.plural}.${k.group}`, annotations: { 'tanzu-edge-fleet/sim': note } },
    spec: {
      group: k.group,
      scope: k.scope,
      names: { kind: k.kind, listKind: `${k.kind}List`, plural: k.plural, singular: k.kind.toLowerCase(), shortNames: k.shortNames },
      versions: [{ name: k.version, served: true, storage: true, schema: { openAPIV3Schema }, subresources: { status: {} } }],
    },
  };
}

/** Creates the CRDs (an existing one is fine) and waits until each is Established. */
export async function installCrds(server: ApiServer, crds: readonly Crd[], timeoutMs = 30_000): Promise<void> {
  const base = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  for (const c of crds) {
    const res = await apiRequest(server, 'POST', base, c);
    if (res.status !== 201 && res.status !== 409) throw new Error(`CRD ${c.metadata.name} refused (${res.status}): ${statusMessage(res.body)}`);
  }
  const deadline = Date.now() + timeoutMs;
  for (const c of crds) {
    for (;;) {
      const res = await apiRequest(server, 'GET', `${base}/${c.metadata.name}`);
      const conditions = (JSON.parse(res.body) as { status?: { conditions?: Array<{ type: string; status: string; message?: string }> } }).status?.conditions ?? [];
      if (conditions.some((x) => x.type === 'Established' && x.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${c.metadata.name} not Established after ${timeoutMs / 1000} s: ${JSON.stringify(conditions)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The `message` of a Kubernetes Status body, or the body itself. */
export function statusMessage(body: string): string {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not JSON
  }
  return body.trim();
}
