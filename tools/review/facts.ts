/**
 * What a stack's Terraform JSON says about the stack as a whole: its `phase` output,
 * the secret variables it requires, what it creates that other stacks look up (a node
 * image, a host) and what it looks up itself, and where it keeps its state. The
 * headlines (headlines.ts) and the messages about removed stacks (warnings.ts) are
 * built from these. Pure.
 */
import { isObject, valueAt } from './json';
import { stackApplications } from './applications';
import { Dependency, JsonValue, StackSide, TerraformJson } from './types';

/** The entries of an object, without cdktf's `"//"` metadata. */
function entries(value: JsonValue | undefined): [string, JsonValue][] {
  return isObject(value) ? Object.entries(value).filter(([k]) => k !== '//') : [];
}

/** The string value of an output, or undefined. */
export function outputValue(json: TerraformJson | undefined, name: string): string | undefined {
  const value = valueAt(json, ['output', name, 'value']);
  return typeof value === 'string' ? value : undefined;
}

/** Required secret variables: `sensitive = true` and no `default`; name → description. */
function secretVariables(json: TerraformJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, body] of entries(json.variable)) {
    if (!isObject(body) || body.sensitive !== true || 'default' in body) continue;
    out[name] = typeof body.description === 'string' ? body.description : '';
  }
  return out;
}

/**
 * The attribute that names a resource the way a data source of the same type looks it
 * up: `hostname` for a vsphere_host (its data source's `name` is the host name), else `name`.
 */
const IDENTITY: Readonly<Record<string, string>> = { vsphere_host: 'hostname' };

/** Node images (content library items) and named objects a stack's resources create. */
function provides(json: TerraformJson): Dependency[] {
  const out: Dependency[] = [];
  for (const [type, byName] of entries(json.resource)) {
    for (const [name, body] of entries(byName)) {
      const value = valueAt(body, [IDENTITY[type] ?? 'name']);
      if (typeof value !== 'string' || value.includes('${')) continue;
      const address = `${type}.${name}`;
      out.push({ kind: type === 'vsphere_content_library_item' ? 'node-image' : 'object', type, value, address });
    }
  }
  return out;
}

/** Objects a stack's data sources look up by name, and the TKR versions of its workload clusters. */
function needs(json: TerraformJson): Dependency[] {
  const out: Dependency[] = [];
  for (const [type, byName] of entries(json.data)) {
    for (const [name, body] of entries(byName)) {
      const value = valueAt(body, ['name']);
      if (typeof value === 'string' && !value.includes('${')) out.push({ kind: 'object', type, value, address: `data.${type}.${name}` });
    }
  }
  for (const [name, body] of entries(valueAt(json, ['resource', 'kubernetes_manifest']))) {
    if (valueAt(body, ['manifest', 'kind']) !== 'Cluster') continue;
    const version = valueAt(body, ['manifest', 'spec', 'topology', 'version']);
    if (typeof version === 'string') out.push({ kind: 'node-image', type: 'vsphere_content_library_item', value: version, address: `kubernetes_manifest.${name}` });
  }
  return out;
}

/**
 * One side of a stack for the headlines. `applications: false` leaves them out (empty):
 * for a stack whose two sides are the same text, whose applications cannot change and
 * which no application headline reads, so that the review does not parse the App
 * documents of every unchanged site.
 */
export function stackSide(json: TerraformJson, options: { readonly applications?: boolean } = {}): StackSide {
  const phase = outputValue(json, 'phase');
  const applications = Object.fromEntries(
    (options.applications === false ? [] : Object.values(stackApplications(json))).map((a) => [a.name, { version: a.version, ...(a.versionSource === undefined ? {} : { versionSource: a.versionSource }) }]),
  );
  return { ...(phase === undefined ? {} : { phase }), secretVariables: secretVariables(json), provides: provides(json), needs: needs(json), applications };
}

/**
 * Where a stack keeps its state, for messages: `terraform.edge41.tfstate` (local
 * backend: the file name), `Terraform Cloud workspace edge-fleet-edge41`, `backend s3`.
 */
export function stateLocation(json: TerraformJson): string {
  const workspace = valueAt(json, ['terraform', 'cloud', 'workspaces', 'name']);
  if (typeof workspace === 'string') return `Terraform Cloud workspace ${workspace}`;
  if (isObject(valueAt(json, ['terraform', 'cloud']))) return 'its Terraform Cloud workspace';
  const local = valueAt(json, ['terraform', 'backend', 'local', 'path']);
  if (typeof local === 'string') return local.split('/').pop() as string;
  const backend = valueAt(json, ['terraform', 'backend']);
  const names = isObject(backend) ? Object.keys(backend).sort() : [];
  return names.length > 0 ? `backend ${names.join(', ')}` : 'terraform.tfstate';
}
