/**
 * Partial validation: the part of a stack that the providers at hand can check.
 *
 * `terraform init` refuses a configuration when any provider it requires cannot be
 * installed, so a stack that needs a provider this machine cannot build would go
 * unchecked entirely. `withoutProviders` cuts such a stack down instead: every
 * resource and data source of a missing provider becomes an input variable of
 * `type = any` (unknown at validate time, so every attribute access on it is
 * accepted), and every reference to it is rewritten to that variable. What remains,
 * the resources of the providers at hand and every expression, is validated by the
 * real providers' schemas. What was cut is counted, so a report never calls a
 * partial check complete.
 */

/** A Terraform JSON configuration as cdktf writes it. */
export type TerraformConfig = Record<string, unknown>;
type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export interface PartialStack {
  /** The configuration without the missing providers' objects. */
  readonly config: TerraformConfig;
  /** Resources and data sources cut, by provider local name. */
  readonly cut: Readonly<Record<string, number>>;
  /** Resources and data sources left to validate. */
  readonly kept: number;
}

/** Local name of the provider an object belongs to: its `provider` meta-argument, else its type's prefix. */
export function providerOf(type: string, body: Record<string, unknown>): string {
  const explicit = body.provider;
  if (typeof explicit === 'string') return explicit.split('.')[0];
  return type.split('_')[0];
}

const REFERENCE = /(?<![\w.-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** The variable name that stands in for a cut object. */
export function stubName(address: string): string {
  return `cut__${address.replace(/\./g, '__')}`;
}

/**
 * The configuration with every object of the `missing` providers replaced by an
 * input variable. `missing` holds provider local names (`vsphere`, `harbor`).
 */
export function withoutProviders(config: TerraformConfig, missing: ReadonlySet<string>): PartialStack {
  const cutAddresses = new Set<string>();
  const cut: Record<string, number> = {};
  let kept = 0;
  const result: TerraformConfig = JSON.parse(JSON.stringify(config)) as TerraformConfig;

  for (const [section, prefix] of [['resource', ''], ['data', 'data.']] as const) {
    const blocks = result[section] as Blocks | undefined;
    if (!blocks) continue;
    for (const [type, byName] of Object.entries(blocks)) {
      for (const [name, body] of Object.entries(byName)) {
        const provider = providerOf(type, body);
        if (!missing.has(provider)) {
          kept++;
          continue;
        }
        cutAddresses.add(`${prefix}${type}.${name}`);
        cut[provider] = (cut[provider] ?? 0) + 1;
        delete byName[name];
      }
      if (Object.keys(byName).length === 0) delete blocks[type];
    }
    if (Object.keys(blocks).length === 0) delete result[section];
  }
  const isCut = (text: string) => {
    const match = /^(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*/.exec(text);
    return match !== null && cutAddresses.has(match[0]);
  };
  // removed, moved and import blocks name addresses of their own, often of objects no
  // longer in the configuration: Terraform needs the provider of each, so those of a
  // missing provider's types go.
  const ofMissing = (address: unknown) => typeof address === 'string' && missing.has(address.replace(/^data\./, '').split('_')[0]);
  for (const key of ['removed', 'moved', 'import'] as const) {
    const list = result[key];
    if (!Array.isArray(list)) continue;
    const left = list.filter((block: Record<string, unknown>) => !['from', 'to'].some((f) => ofMissing(block[f])));
    if (left.length > 0) result[key] = left;
    else delete result[key];
  }

  const rewrite = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      // Only strings with an interpolation hold references; nested braces inside one
      // make its end hard to find, so the whole string is searched (only exact
      // addresses of cut objects are replaced).
      if (!value.includes('${')) return value;
      return value.replace(REFERENCE, (whole, data: string | undefined, type: string, name: string) => {
        const address = `${data ?? ''}${type}.${name}`;
        return cutAddresses.has(address) ? `var.${stubName(address)}` : whole;
      });
    }
    if (Array.isArray(value)) {
      // depends_on and replace_triggered_by list bare addresses, which a variable cannot stand in for.
      const list = key === 'depends_on' || key === 'replace_triggered_by' ? value.filter((item) => !(typeof item === 'string' && isCut(item))) : value;
      return list.map((item) => rewrite(item));
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const rewritten = rewrite(v, k);
        if (Array.isArray(rewritten) && rewritten.length === 0 && (k === 'depends_on' || k === 'replace_triggered_by')) continue;
        out[k] = rewritten;
      }
      return out;
    }
    return value;
  };
  const rewritten = rewrite(result) as TerraformConfig;
  const variables = (rewritten.variable ?? {}) as Record<string, unknown>;
  for (const address of [...cutAddresses].sort()) {
    variables[stubName(address)] = { type: 'any', description: `stands in for ${address}, whose provider is not available` };
  }
  if (Object.keys(variables).length > 0) rewritten.variable = variables;
  return dropProviders(rewritten, missing, cut, kept);
}

function dropProviders(config: TerraformConfig, missing: ReadonlySet<string>, cut: Record<string, number>, kept: number): PartialStack {
  const providers = config.provider as Record<string, unknown> | undefined;
  if (providers) {
    for (const name of missing) delete providers[name];
    if (Object.keys(providers).length === 0) delete config.provider;
  }
  const terraform = config.terraform as { required_providers?: Record<string, unknown> } | undefined;
  if (terraform?.required_providers) {
    for (const name of missing) delete terraform.required_providers[name];
  }
  return { config, cut, kept };
}
