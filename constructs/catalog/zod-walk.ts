/**
 * Walks catalog schemas. Two uses: naming the keys a mapping allows (for unknown-key
 * messages) and salvaging the valid parts of an invalid file, so that cross-field
 * rules still run and every problem of a catalog is reported in one pass.
 */
import { z } from 'zod';

type AnySchema = z.core.$ZodType;
type Def = { type: string } & Record<string, unknown>;

/** A value with every part optional: what salvage returns for an invalid document. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? ReadonlyArray<DeepPartial<U> | undefined>
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function def(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** Strips optional/default/pipe wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  const d = def(schema);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return unwrap(d.innerType as AnySchema);
    case 'pipe':
      return unwrap(d.in as AnySchema);
    default:
      return schema;
  }
}

function child(schema: AnySchema, key: PropertyKey): AnySchema | undefined {
  const d = def(unwrap(schema));
  if (d.type === 'object') return (d.shape as Record<string, AnySchema>)[String(key)];
  if (d.type === 'array') return d.element as AnySchema;
  if (d.type === 'record') return d.valueType as AnySchema;
  return undefined;
}

/** The keys a mapping allows at a path of a schema; empty when the path is not a mapping. */
export function keysAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>): string[] {
  let current: AnySchema | undefined = schema;
  for (const key of path) current = current && child(current, key);
  if (!current) return [];
  const d = def(unwrap(current));
  return d.type === 'object' ? Object.keys(d.shape as Record<string, unknown>) : [];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The valid parts of a value: the value itself when it passes the schema; otherwise,
 * for mappings and lists, each part salvaged on its own; undefined for an invalid
 * scalar. Positions in lists are kept (invalid items become undefined).
 */
export function salvage<T extends AnySchema>(schema: T, value: unknown): DeepPartial<z.output<T>> | undefined {
  return salvageAny(schema, value) as DeepPartial<z.output<T>> | undefined;
}

function salvageAny(schema: AnySchema, value: unknown): unknown {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  if (value === undefined) return undefined;
  const inner = unwrap(schema);
  const d = def(inner);
  if (d.type === 'object' && isMapping(value)) {
    const shape = d.shape as Record<string, AnySchema>;
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const part = salvageAny(shape[key], value[key]);
      if (part !== undefined) result[key] = part;
    }
    return result;
  }
  if (d.type === 'record' && isMapping(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = salvageAny(d.valueType as AnySchema, item) ?? {};
    return result;
  }
  if (d.type === 'array' && Array.isArray(value)) return value.map((item) => salvageAny(d.element as AnySchema, item));
  return undefined;
}
