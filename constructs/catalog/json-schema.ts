/**
 * JSON Schemas for editors, generated from the validator's own zod definition so the
 * two cannot disagree. Cross-field rules (overlaps, references) are only in the
 * validator; the schemas carry types, ranges, patterns, required and unknown keys.
 */
import { z } from 'zod';
import { BUILT_IN_DEFAULTS } from './defaults';
import { FleetFileSchema, SiteFileSchema } from './schema';

const BASE = 'https://github.com/tanzu-edge-fleet/schemas';

type Node = { properties?: Record<string, Node>; default?: unknown };

/**
 * Adds the built-in default of every site setting as `default` (editors show it), so
 * the defaults are written once, in defaults.ts.
 */
function addDefaults(node: Node | undefined, defaults: unknown): void {
  if (!node?.properties || typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) return;
  for (const [key, value] of Object.entries(defaults)) {
    const child = node.properties[key];
    if (!child) continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) addDefaults(child, value);
    else child.default = value;
  }
}

function toSchema(schema: z.ZodType, id: string, title: string, settings: (root: Node) => Node | undefined): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown> & Node;
  addDefaults(settings(json), BUILT_IN_DEFAULTS);
  const { $schema, ...rest } = json;
  return { $schema, $id: `${BASE}/${id}`, title, ...rest };
}

/** The schema files by file name. */
export function catalogJsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    'site.schema.json': toSchema(SiteFileSchema, 'site.schema.json', 'Tanzu edge fleet: site file (sites/<id>.yaml)', (root) => root),
    'fleet.schema.json': toSchema(FleetFileSchema, 'fleet.schema.json', 'Tanzu edge fleet: fleet.yaml', (root) => root.properties?.defaults),
  };
}

interface JsonSchemaNode {
  type?: string | string[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  propertyNames?: JsonSchemaNode;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchemaNode[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

function allowedText(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (node.anyOf) return node.anyOf.map(allowedText).join(' or ');
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  const type = Array.isArray(node.type) ? node.type.join('/') : node.type;
  if (type === 'integer' || type === 'number') return node.minimum !== undefined && node.maximum !== undefined ? `${type} ${node.minimum}-${node.maximum}` : String(type);
  if (type === 'array') {
    const count = node.minItems !== undefined && node.minItems === node.maxItems ? `exactly ${node.minItems} ` : node.minItems ? `${node.minItems}+ ` : '';
    return `list of ${count}${node.items?.properties ? 'mappings' : allowedText(node.items ?? {})}`;
  }
  if (type === 'object') return 'mapping';
  return String(type ?? 'any');
}

function rows(node: JsonSchemaNode, prefix: string, out: string[]): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${prefix}${key}`;
    const description = child.description ?? '';
    const fallback = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    out.push(`| \`${name}\` | ${required.has(key) ? 'yes' : ''} | ${allowedText(child)} | ${fallback} | ${description.replace(/\|/g, '\\|')} |`);
    if (child.properties) rows(child, `${name}.`, out);
    if (child.items?.properties) rows(child.items, `${name}[].`, out);
    if (typeof child.additionalProperties === 'object' && child.additionalProperties.properties) rows(child.additionalProperties, `${name}.<name>.`, out);
  }
}

/** Markdown tables of every catalog key (docs/catalog-reference.md), from the JSON Schemas. */
export function catalogReferenceMarkdown(): string {
  const schemas = catalogJsonSchemas();
  const table = (schema: Record<string, unknown>) => {
    const out = ['| key | required | allowed | default | meaning |', '| --- | --- | --- | --- | --- |'];
    rows(schema as JsonSchemaNode, '', out);
    return out.join('\n');
  };
  return [
    '## Site file (`sites/<id>.yaml`)',
    '',
    table(schemas['site.schema.json']),
    '',
    '## `sites/fleet.yaml`',
    '',
    'Keys under `defaults` are the site settings above (every site key except `id`, `ring`, `witness`, `hosts`, `networks` and `tkg.controlPlane.endpoint`).',
    '',
    table(schemas['fleet.schema.json']).split('\n').filter((line) => !line.startsWith('| `defaults.')).join('\n'),
  ].join('\n');
}
