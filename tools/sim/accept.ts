/**
 * Acceptance by a real API server: every Kubernetes object our stacks create on the
 * TKG management cluster is created on a local kube-apiserver (tools/sim/apiserver.ts)
 * with the CRDs of tools/sim/crds.ts installed, and the server's verdict recorded.
 *
 *   npm run accept:sim                          # reads ./cdktf.out (run `npx cdktf synth` first)
 *   npm run accept:sim -- --out /tmp/synth      # another synth output folder
 *   npm run accept:sim -- --cluster-schema cluster.x-k8s.io_v1beta1_Cluster.capi-v1.5.8.json
 *
 * It synthesizes nothing. Exit code 0: every object accepted; 1: a rejection (or an
 * object this tool cannot convert); 2: usage error or missing binaries / schemas.
 *
 * How objects are made, as Terraform would send them:
 * - kubernetes_manifest: the `manifest` attribute as is, created by server-side apply
 *   (the provider's method) with the resource's `field_manager` name and forcing.
 * - typed resources (kubernetes_namespace_v1, _secret_v1, ...): their Terraform
 *   attributes mapped to the API's fields by the tables below (only the attributes our
 *   stacks use: anything else is reported, not guessed), created by POST.
 * - every `${...}` is replaced by a placeholder of the type the field takes; Secret
 *   `data` is base64-encoded as the provider does.
 * All requests use fieldValidation=Strict, so an unknown or duplicate field is a
 * rejection (the server's default, Warn, would drop it silently with a warning).
 * Resources whose provider targets the hub shared-services cluster are skipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiServer, apiRequest, findBinaries, startApiServer } from './apiserver';
import { Crd, STRUCTURE_ONLY, buildCrds, installCrds, schemaDir, statusMessage } from './crds';
import { projectRoot } from '../project-root';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The Kubernetes object a resource creates. */
export interface KubeObject {
  readonly stack: string;
  /** Terraform address: kubernetes_secret_v1.addons_contour_values_F88B3550 */
  readonly address: string;
  /** Created by server-side apply (kubernetes_manifest) or POST (typed resources). */
  readonly method: 'apply' | 'create';
  /** kubernetes_manifest's `field_manager` (the provider's defaults: Terraform, no forcing). */
  readonly fieldManager: { readonly name: string; readonly force: boolean };
  readonly body: JsonObject;
}

export interface Verdict {
  readonly object: KubeObject;
  readonly outcome: 'accepted' | 'rejected' | 'unconverted';
  readonly message: string;
  readonly warnings: readonly string[];
}

export interface StackObjects {
  readonly stack: string;
  readonly objects: KubeObject[];
  /** Resources left out, with the reason. */
  readonly skipped: string[];
  /** Resources this tool cannot convert (an attribute missing from the tables). */
  readonly unconverted: Array<{ address: string; message: string }>;
}

// ---------------------------------------------------------------------------
// Placeholders for Terraform interpolations

const PLACEHOLDER = 'tf-placeholder';

/**
 * Replaces each `${...}` / `%{...}` template sequence (braces and quoted strings
 * inside it balanced; `$${` and `%%{` are literal) by PLACEHOLDER. `whole` is true when
 * the string is exactly one interpolation, so its value may be of any type.
 */
export function replaceInterpolations(s: string): { value: string; found: boolean; whole: boolean } {
  let out = '';
  let found = false;
  let whole = false;
  for (let i = 0; i < s.length; ) {
    const two = s.slice(i, i + 3);
    if (two === '$${' || two === '%%{') {
      out += two.slice(1);
      i += 3;
      continue;
    }
    if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{') {
      const end = interpolationEnd(s, i + 2);
      whole = i === 0 && end === s.length && !found;
      out += PLACEHOLDER;
      found = true;
      i = end;
      continue;
    }
    out += s[i];
    i += 1;
  }
  return { value: out, found, whole: whole && found };
}

/** Index just past the `}` that closes an interpolation whose body starts at `start`. */
function interpolationEnd(s: string, start: number): number {
  let depth = 1;
  let inString = false;
  for (let i = start; i < s.length; i += 1) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(s.slice(0, 80))}`);
}

/** A placeholder for a whole-string interpolation, of the type an OpenAPI schema node asks for. */
function typedPlaceholder(type: string | undefined): Json {
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return PLACEHOLDER;
  }
}

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

/** Replaces interpolations throughout a manifest; whole-string ones by the type its CRD schema gives the field. */
function placeholdManifest(value: Json, schema: SchemaNode | undefined): Json {
  if (typeof value === 'string') {
    const r = replaceInterpolations(value);
    return r.whole ? typedPlaceholder(schema?.type) : r.value;
  }
  if (Array.isArray(value)) return value.map((v) => placeholdManifest(v, schema?.items));
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const extra = schema?.additionalProperties;
      out[k] = placeholdManifest(v, schema?.properties?.[k] ?? (typeof extra === 'object' ? extra : undefined));
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------
// Typed resources: Terraform attributes → API fields

/**
 * How a Terraform attribute maps to an API field. Leaves: 'string', 'int' (the
 * provider takes some integers as strings: "1"), 'bool', 'map' (string map, keys kept
 * verbatim), 'strings' (string list), 'base64map' (Secret data: the provider
 * base64-encodes each value). A nested block is a table of its own (Terraform JSON
 * may write a single block as an object or a one-element list); `[table]` is a block
 * list (Terraform's singular `container` → the API's `containers`).
 */
type Shape = 'string' | 'int' | 'bool' | 'map' | 'strings' | 'base64map' | Table | [Table];
interface Table { readonly [tfName: string]: readonly [apiName: string, shape: Shape] }

const metadata: Table = {
  name: ['name', 'string'],
  namespace: ['namespace', 'string'],
  labels: ['labels', 'map'],
  annotations: ['annotations', 'map'],
};

const seccompProfile: Table = { type: ['type', 'string'] };

const container: Table = {
  name: ['name', 'string'],
  image: ['image', 'string'],
  command: ['command', 'strings'],
  args: ['args', 'strings'],
  security_context: ['securityContext', {
    allow_privilege_escalation: ['allowPrivilegeEscalation', 'bool'],
    capabilities: ['capabilities', { add: ['add', 'strings'], drop: ['drop', 'strings'] }],
    privileged: ['privileged', 'bool'],
    read_only_root_filesystem: ['readOnlyRootFilesystem', 'bool'],
    run_as_non_root: ['runAsNonRoot', 'bool'],
    run_as_user: ['runAsUser', 'int'],
    run_as_group: ['runAsGroup', 'int'],
    seccomp_profile: ['seccompProfile', seccompProfile],
  }],
  volume_mount: ['volumeMounts', [{
    name: ['name', 'string'],
    mount_path: ['mountPath', 'string'],
    read_only: ['readOnly', 'bool'],
  }]],
};

const podSpec: Table = {
  automount_service_account_token: ['automountServiceAccountToken', 'bool'],
  container: ['containers', [container]],
  security_context: ['securityContext', {
    run_as_user: ['runAsUser', 'int'],
    run_as_group: ['runAsGroup', 'int'],
    run_as_non_root: ['runAsNonRoot', 'bool'],
    seccomp_profile: ['seccompProfile', seccompProfile],
  }],
  service_account_name: ['serviceAccountName', 'string'],
  termination_grace_period_seconds: ['terminationGracePeriodSeconds', 'int'],
  toleration: ['tolerations', [{ effect: ['effect', 'string'], key: ['key', 'string'], operator: ['operator', 'string'], value: ['value', 'string'] }]],
  volume: ['volumes', [{
    name: ['name', 'string'],
    secret: ['secret', {
      secret_name: ['secretName', 'string'],
      items: ['items', [{ key: ['key', 'string'], path: ['path', 'string'] }]],
    }],
  }]],
};

/** Per resource type: API group/version, kind, and the table of its top-level attributes. */
const TYPED: Record<string, { apiVersion: string; kind: string; table: Table }> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace', table: { metadata: ['metadata', metadata] } },
  kubernetes_secret_v1: {
    apiVersion: 'v1',
    kind: 'Secret',
    table: { metadata: ['metadata', metadata], type: ['type', 'string'], data: ['data', 'base64map'], immutable: ['immutable', 'bool'] },
  },
  kubernetes_service_account_v1: {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    table: { metadata: ['metadata', metadata], automount_service_account_token: ['automountServiceAccountToken', 'bool'] },
  },
  kubernetes_role_v1: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    table: {
      metadata: ['metadata', metadata],
      rule: ['rules', [{ api_groups: ['apiGroups', 'strings'], resources: ['resources', 'strings'], resource_names: ['resourceNames', 'strings'], verbs: ['verbs', 'strings'] }]],
    },
  },
  kubernetes_role_binding_v1: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    table: {
      metadata: ['metadata', metadata],
      role_ref: ['roleRef', { api_group: ['apiGroup', 'string'], kind: ['kind', 'string'], name: ['name', 'string'] }],
      subject: ['subjects', [{ api_group: ['apiGroup', 'string'], kind: ['kind', 'string'], name: ['name', 'string'], namespace: ['namespace', 'string'] }]],
    },
  },
  kubernetes_deployment_v1: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    table: {
      metadata: ['metadata', metadata],
      spec: ['spec', {
        replicas: ['replicas', 'int'],
        selector: ['selector', { match_labels: ['matchLabels', 'map'] }],
        template: ['template', { metadata: ['metadata', metadata], spec: ['spec', podSpec] }],
      }],
    },
  },
};

/** Terraform meta-arguments and provider-only settings: not part of the object. */
const NOT_OBJECT_FIELDS = new Set(['//', 'depends_on', 'provider', 'lifecycle', 'count', 'for_each', 'timeouts', 'wait_for_rollout', 'wait_for_service_account_token', 'wait_for_default_service_account', 'manifest', 'field_manager', 'computed_fields', 'wait']);

class MappingError extends Error {}

function convert(value: Json, shape: Shape, at: string): Json {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) throw new MappingError(`${at}: expected a list of blocks`);
    return value.map((v, i) => convert(v, shape[0], `${at}[${i}]`));
  }
  if (typeof shape === 'object') {
    // A single nested block: an object, or a one-element list in Terraform JSON.
    const block = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (block === null || typeof block !== 'object' || Array.isArray(block)) throw new MappingError(`${at}: expected a block`);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(block)) {
      const field = shape[k];
      if (!field) throw new MappingError(`${at}.${k}: attribute not in the mapping table of tools/sim/accept.ts (add it there)`);
      out[field[0]] = convert(v, field[1], `${at}.${k}`);
    }
    return out;
  }
  switch (shape) {
    case 'string':
      if (typeof value !== 'string') throw new MappingError(`${at}: expected a string`);
      return replaceInterpolations(value).value;
    case 'int': {
      const r = typeof value === 'string' ? replaceInterpolations(value) : undefined;
      if (r?.found) return 1;
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(n)) throw new MappingError(`${at}: expected an integer, got ${JSON.stringify(value)}`);
      return n;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      if (typeof value === 'string' && replaceInterpolations(value).found) return false;
      throw new MappingError(`${at}: expected a boolean`);
    case 'strings':
      if (!Array.isArray(value)) throw new MappingError(`${at}: expected a list`);
      return value.map((v, i) => convert(v, 'string', `${at}[${i}]`));
    case 'map':
    case 'base64map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MappingError(`${at}: expected a map`);
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const s = convert(v, 'string', `${at}.${k}`) as string;
        out[k] = shape === 'base64map' ? Buffer.from(s, 'utf8').toString('base64') : s;
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------------------
// Reading a synth output folder

interface TfJson {
  provider?: Record<string, JsonObject[]>;
  resource?: Record<string, Record<string, JsonObject>>;
}

const MANAGEMENT_TYPES = ['kubernetes_manifest', ...Object.keys(TYPED)];
/** The typed resources create by POST; the manager name only labels managedFields. */
const TYPED_MANAGER = { name: 'Terraform', force: false };

/** The provider configuration a resource uses (`provider: "kubernetes.alias"`, or the default one). */
function providerConfig(tf: TfJson, type: string, resource: JsonObject): JsonObject | undefined {
  const ref = typeof resource.provider === 'string' ? resource.provider : type.split('_')[0];
  const [name, alias] = ref.split('.');
  return (tf.provider?.[name] ?? []).find((p) => (alias === undefined ? p.alias === undefined : p.alias === alias));
}

/** The management-cluster objects of every stack in a synth output folder. */
export function loadStacks(outDir: string, crds: readonly Crd[]): StackObjects[] {
  const stacksDir = path.join(outDir, 'stacks');
  if (!fs.existsSync(stacksDir)) throw new Error(`no stacks in ${outDir} (synthesize first: npx cdktf synth)`);
  const schemas = new Map(crds.map((c) => [`${c.spec.group}/${c.spec.versions[0].name}/${c.spec.names.kind}`, c.spec.versions[0].schema.openAPIV3Schema as SchemaNode]));
  const result: StackObjects[] = [];
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const tf = JSON.parse(fs.readFileSync(file, 'utf8')) as TfJson;
    const entry: StackObjects = { stack, objects: [], skipped: [], unconverted: [] };
    for (const type of MANAGEMENT_TYPES) {
      for (const [name, resource] of Object.entries(tf.resource?.[type] ?? {})) {
        const address = `${type}.${name}`;
        // The hub's Kubernetes provider points at the shared-services cluster, not the management cluster.
        if (JSON.stringify(providerConfig(tf, type, resource) ?? {}).includes('var.shared_services_')) {
          entry.skipped.push(`${address} (its provider targets the hub shared-services cluster)`);
          continue;
        }
        try {
          if (type === 'kubernetes_manifest') {
            const manifest = resource.manifest as JsonObject;
            const [group, version] = String(manifest.apiVersion).includes('/') ? String(manifest.apiVersion).split('/') : ['', String(manifest.apiVersion)];
            const schema = schemas.get(`${group}/${version}/${String(manifest.kind)}`);
            const fm = (resource.field_manager ?? {}) as JsonObject;
            const fieldManager = { name: typeof fm.name === 'string' ? fm.name : 'Terraform', force: fm.force_conflicts === true };
            entry.objects.push({ stack, address, method: 'apply', fieldManager, body: placeholdManifest(manifest, schema) as JsonObject });
          } else {
            const { apiVersion, kind, table } = TYPED[type];
            const attrs = Object.fromEntries(Object.entries(resource).filter(([k]) => !NOT_OBJECT_FIELDS.has(k)));
            const body = convert(attrs, table, address) as JsonObject;
            entry.objects.push({ stack, address, method: 'create', fieldManager: TYPED_MANAGER, body: { apiVersion, kind, ...body } });
          }
        } catch (error) {
          if (!(error instanceof MappingError)) throw error;
          entry.unconverted.push({ address, message: error.message });
        }
      }
    }
    if (entry.objects.length + entry.skipped.length + entry.unconverted.length > 0) result.push(entry);
  }
  return result;
}

// ---------------------------------------------------------------------------
// Creating the objects

/** Creation order: Namespaces, then what others refer to, custom resources, workloads last. */
const KIND_ORDER = ['Namespace', 'ServiceAccount', 'Secret', 'ConfigMap', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
function rank(o: KubeObject): number {
  const i = KIND_ORDER.indexOf(String(o.body.kind));
  return i >= 0 ? i : o.body.kind === 'Deployment' ? KIND_ORDER.length + 1 : KIND_ORDER.length;
}

interface ApiResource { name: string; kind: string; namespaced: boolean }

/** Sends each object to the API server in dependency order, with the field manager Terraform would use. */
export async function acceptObjects(server: ApiServer, stack: StackObjects): Promise<Verdict[]> {
  const discovery = new Map<string, ApiResource[] | string>();
  const verdicts: Verdict[] = stack.unconverted.map(({ address, message }) => ({
    object: { stack: stack.stack, address, method: 'create', fieldManager: TYPED_MANAGER, body: {} },
    outcome: 'unconverted',
    message,
    warnings: [],
  }));
  const ordered = [...stack.objects].sort((a, b) => rank(a) - rank(b));
  for (const object of ordered) {
    const { apiVersion, kind } = object.body;
    const meta = (object.body.metadata ?? {}) as JsonObject;
    const av = String(apiVersion);
    if (!discovery.has(av)) {
      const res = await apiRequest(server, 'GET', av.includes('/') ? `/apis/${av}` : `/api/${av}`);
      discovery.set(av, res.status === 200 ? (JSON.parse(res.body) as { resources: ApiResource[] }).resources : `the API server serves no ${av} (${res.status}): is its CRD in tools/sim/crds.ts?`);
    }
    const resources = discovery.get(av) as ApiResource[] | string;
    const resource = typeof resources === 'string' ? undefined : resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!resource) {
      verdicts.push({ object, outcome: 'rejected', message: typeof resources === 'string' ? resources : `the API server has no kind ${String(kind)} in ${av}`, warnings: [] });
      continue;
    }
    const prefix = av.includes('/') ? `/apis/${av}` : `/api/${av}`;
    const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(String(meta.namespace ?? 'default'))}` : '';
    const query = `fieldManager=${encodeURIComponent(object.fieldManager.name)}&fieldValidation=Strict${object.fieldManager.force ? '&force=true' : ''}`;
    const res =
      object.method === 'apply'
        ? await apiRequest(server, 'PATCH', `${prefix}${ns}/${resource.name}/${encodeURIComponent(String(meta.name))}?${query}`, object.body, 'application/apply-patch+yaml')
        : await apiRequest(server, 'POST', `${prefix}${ns}/${resource.name}?${query}`, object.body);
    const ok = res.status === 200 || res.status === 201;
    verdicts.push({ object, outcome: ok ? 'accepted' : 'rejected', message: ok ? '' : `${res.status}: ${statusMessage(res.body)}`, warnings: res.warnings });
  }
  return verdicts;
}

/** One line per stack, then every rejection, warning, skip and what the stand-in did not check. */
export function report(stacks: readonly StackObjects[], verdicts: readonly Verdict[]): string[] {
  const lines: string[] = [];
  for (const s of stacks) {
    const mine = verdicts.filter((v) => v.object.stack === s.stack);
    const count = (o: Verdict['outcome']) => mine.filter((v) => v.outcome === o).length;
    const [accepted, rejected, unconverted] = [count('accepted'), count('rejected'), count('unconverted')];
    const parts = [
      mine.length === 0 ? 'no management-cluster objects' : accepted === mine.length ? `${accepted} objects accepted` : `${accepted} of ${mine.length} objects accepted`,
      ...(rejected ? [`${rejected} rejected`] : []),
      ...(unconverted ? [`${unconverted} not converted (unchecked)`] : []),
      ...(s.skipped.length ? [`${s.skipped.length} skipped (not on the management cluster)`] : []),
    ];
    lines.push(`${s.stack}: ${parts.join(', ')}`);
  }
  for (const v of verdicts) {
    const meta = (v.object.body.metadata ?? {}) as JsonObject;
    const what = v.outcome === 'unconverted' ? 'not converted' : `${String(v.object.body.kind)} ${meta.namespace ? `${String(meta.namespace)}/` : ''}${String(meta.name)}`;
    if (v.outcome !== 'accepted') lines.push(`  ${v.outcome === 'rejected' ? 'REJECTED' : 'UNCHECKED'} ${v.object.stack} ${v.object.address} (${what}): ${v.message}`);
    for (const w of v.warnings) lines.push(`  warning ${v.object.stack} ${v.object.address}: ${w}`);
  }
  for (const s of stacks) for (const k of s.skipped) lines.push(`  skipped ${s.stack} ${k}`);
  const structural = STRUCTURE_ONLY.map((k) => [k.kind, verdicts.filter((v) => v.object.body.kind === k.kind && v.object.body.apiVersion === `${k.group}/${k.version}`).length] as const).filter(([, n]) => n > 0);
  if (structural.length) lines.push(`structure only, not schema-checked: ${structural.map(([k, n]) => `${k} (${n})`).join(', ')}`);
  return lines;
}

export interface AcceptOptions {
  readonly out: string;
  readonly clusterSchema?: string;
  readonly root?: string;
}

/** Starts the stand-in, installs the CRDs, sends every stack's objects; the report and exit code. */
export async function runAccept(opts: AcceptOptions): Promise<{ code: number; lines: string[] }> {
  const root = opts.root ?? projectRoot();
  const bins = findBinaries({ root });
  if (bins.missing.length) return { code: 2, lines: bins.missing };
  if (!fs.existsSync(schemaDir(root))) return { code: 2, lines: [`CRD schemas not found at ${schemaDir(root)}: the shared folder must be beside the project`] };
  const crds = buildCrds({ root, clusterSchema: opts.clusterSchema });
  const stacks = loadStacks(opts.out, crds);
  const server = await startApiServer({ root });
  try {
    await installCrds(server, crds);
    const verdicts: Verdict[] = [];
    for (const s of stacks) verdicts.push(...(await acceptObjects(server, s)));
    return { code: verdicts.every((v) => v.outcome === 'accepted') ? 0 : 1, lines: report(stacks, verdicts) };
  } finally {
    await server.stop();
  }
}

function parseArgs(argv: readonly string[]): AcceptOptions {
  let out = 'cdktf.out';
  let clusterSchema: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    if (argv[i] === '--out' && value) out = argv[++i];
    else if (argv[i] === '--cluster-schema' && value) clusterSchema = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (usage: accept:sim [--out <synth dir>] [--cluster-schema <file in ../shared/reference/schemas>])`);
  }
  return { out: path.resolve(out), clusterSchema };
}

// Only as the entry point: tools/run.js sets argv[1] to the bundle it runs (dist/run/
// tools__sim__accept.js); tests import this file. The name check keeps another bundle
// that imports this module (where __filename is that bundle) from running it.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename && /accept(\.traces)?\.[jt]s$/.test(__filename)) {
  let opts: AcceptOptions | undefined;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`accept:sim: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
  if (opts) {
    runAccept(opts).then(
      ({ code, lines }) => {
        (code === 2 ? process.stderr : process.stdout).write(lines.map((l) => `${l}\n`).join(''));
        process.exitCode = code;
      },
      (error: Error) => {
        process.stderr.write(`accept:sim: ${error.message}\n`);
        process.exitCode = 2;
      },
    );
  }
}
