/** Shared inputs and checks of the add-on values tests. */
import { SiteIdentity } from '../../../constructs/addons/values/types';

/** A self-signed test CA (EC P-256, CN "Fleet Test Hub CA", valid until 2126). */
export const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUcrmdFsv4yivnsEMXtK7aQ3zMAtIwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRRmxlZXQgVGVzdCBIdWIgQ0EwIBcNMjYxMTIxMTY1NTA5WhgP
MjEyNjEwMjgxNjU1MDlaMBwxGjAYBgNVBAMMEUZsZWV0IFRlc3QgSHViIENBMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEuU1pv/E5w5cRQuY1wYSc8mxiRHpCR+Xu
Z84awuBKcphY6dM62KXBbvUsRpZ2dR9bgOm4xCsUlcQkWy5i7+/3cqNTMFEwHQYD
VR0OBBYEFGnaoHmDDRRH5dCV77IZAQDFYEnbMB8GA1UdIwQYMBaAFGnaoHmDDRRH
5dCV77IZAQDFYEnbMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
AIpVmm3GhEhAgP1qRWWsBzez1TqZKf6f+vNRAfQ01bgZAiBZ+GaN1OMSihJq7ZHW
D1w+1op9+exJbJhhimxXl5SZ+g==
-----END CERTIFICATE-----
`;

export const IDENTITY: SiteIdentity = { site: 'edge33', ring: 'canary', cluster: 'tkg-edge33-wld01' };

export const HUB_WRITE_URL = 'https://prometheus.hub.tanzu.lab/api/v1/write';

/** Strips quoted strings so brackets inside label values do not count. */
function unquoted(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/**
 * Problems that make a PromQL expression implausible: unbalanced (), {}, [];
 * no known metric; an empty selector; a dangling operator.
 */
export function promqlProblems(expr: string, metrics: readonly string[]): string[] {
  const problems: string[] = [];
  const text = unquoted(expr);
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (const ch of text) {
    if (ch === '(' || ch === '{' || ch === '[') stack.push(ch);
    else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) problems.push(`unbalanced ${ch}`);
    }
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join('')}`);
  if (!metrics.some((m) => new RegExp(`(^|[^a-zA-Z0-9_:])${m}([^a-zA-Z0-9_:]|$)`).test(text))) problems.push('references no known metric');
  if (/\{\s*\}/.test(text)) problems.push('empty selector');
  if (/(\+|-|\*|\/|>|<|==|and|or|unless)\s*$/.test(text.trim())) problems.push('dangling operator');
  if (/\[\s*\]/.test(text)) problems.push('empty range');
  return problems;
}

/** Every string in a value, deep. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return [...Object.keys(value), ...Object.values(value).flatMap(strings)];
  return [];
}

/**
 * Strings that Terraform would read as interpolation or a directive, other than the
 * tokens the test put in on purpose.
 */
export function terraformHazards(value: unknown, allowedTokens: readonly string[] = []): string[] {
  return strings(value).filter((s) => {
    let rest = s;
    for (const token of allowedTokens) rest = rest.split(token).join('');
    return rest.includes('${') || rest.includes('%{');
  });
}

/**
 * Parsed YAML/JSON for tests: every property access yields another Json, so nested
 * access reads naturally; assert on it with toEqual/toBe, and use `text`/`list` where a
 * string or a list is needed.
 */
export interface Json {
  readonly [key: string]: Json;
}

/** A parsed value seen as Json. */
export function json(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** A Json that holds a string. */
export function text(value: Json): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A Json that holds a list. */
export function list(value: Json): Json[] {
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
  return value as Json[];
}
