/**
 * Catalog problems: every fault is one line, `<file>: <field path>: <message>`, and a
 * catalog with any fault is rejected with all of them at once.
 */
import { z } from 'zod';
import { keysAt } from './zod-walk';

export interface CatalogProblem {
  /** Catalog file, as the loader was given it (e.g. `sites/edge33.yaml`). */
  readonly file: string;
  /** Field path inside the file (`networks.vsan.vlan`, `hosts[1].fqdn`), or a line position for YAML syntax. */
  readonly path: string;
  /** What is wrong, and what is allowed. */
  readonly message: string;
}

export function formatProblem(problem: CatalogProblem): string {
  return `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** Thrown when a catalog has problems; `problems` holds every one, in file order. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly CatalogProblem[]) {
    super(`the site catalog has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'CatalogError';
  }
}

/** Root of a document, for problems that concern the whole file. */
export const DOCUMENT = '(document)';

/** Renders a field path the way a reader writes it: `hosts[1].fqdn`, `rings.canary.tkgVersion`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return DOCUMENT;
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(String(part))) text += text ? `.${String(part)}` : String(part);
    else text += `[${JSON.stringify(String(part))}]`;
  }
  return text;
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest candidate to a mistyped word, if one is close enough to be a typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = candidate.toLowerCase() === word.toLowerCase() ? 0 : distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 4)) ? best : undefined;
}

/** `unknown X 'y'; did you mean 'z'? known: a, b` */
/** Site ids for a message: sorted, the first five, then how many more. */
export function someSites(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  return sorted.length <= 5 ? sorted.join(', ') : `${sorted.slice(0, 5).join(', ')} and ${sorted.length - 5} more`;
}

export function unknownName(kind: string, name: string, known: readonly string[]): string {
  const hint = suggest(name, known);
  return `unknown ${kind} '${name}'${hint ? `; did you mean '${hint}'?` : ';'} ${known.length ? `allowed: ${known.join(', ')}` : 'none is declared'}`;
}

type AnySchema = z.core.$ZodType;

/**
 * Turns zod issues into problems. Unknown keys get one line each, with the keys the
 * mapping allows and a suggestion when the key looks like a typo. Paths already
 * reported (for example as secrets) are skipped.
 */
export function problemsFromIssues(file: string, schema: AnySchema, issues: readonly z.core.$ZodIssue[], skip: ReadonlySet<string>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const seen = new Set<string>();
  const add = (path: ReadonlyArray<PropertyKey>, message: string) => {
    const text = formatPath(path);
    if (skip.has(text) || seen.has(`${text}\0${message}`)) return;
    seen.add(`${text}\0${message}`);
    problems.push({ file, path: text, message });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = suggest(key, allowed);
        add([...issue.path, key], `unknown key${hint ? `; did you mean '${hint}'?` : ';'} allowed keys here: ${allowed.join(', ')}`);
      }
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Unions carry one custom message on the union itself; the branch errors repeat it.
      add(issue.path, issue.message);
    } else {
      add(issue.path, issue.message);
    }
  }
  return problems;
}

const SECRET_KEY = /(password|passwd|passphrase|secret|token|api[-_]?key|private[-_]?key|credential)/i;
/** Keys that name or point at a secret rather than hold one: `tlsSecretName`, `passwordRef`. */
const SECRET_REFERENCE = /(name|names|ref)$/i;
const SECRET_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** The secret-hygiene message: where secrets belong instead. */
export const SECRET_MESSAGE =
  'looks like a secret, and the catalog never holds secrets (it is committed and shown in every review); ' +
  'pass it as a sensitive Terraform variable (TF_VAR_<name>) or a provider environment variable: docs/secrets.md lists them';

/**
 * Finds keys that look like secrets (password, token, secret, ...) and values that
 * hold a private key, anywhere in a parsed document.
 */
export function findSecrets(file: string, value: unknown, path: PropertyKey[] = []): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => problems.push(...findSecrets(file, item, [...path, index])));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (SECRET_KEY.test(key) && !SECRET_REFERENCE.test(key)) problems.push({ file, path: formatPath([...path, key]), message: `key '${key}' ${SECRET_MESSAGE}` });
      else problems.push(...findSecrets(file, child, [...path, key]));
    }
  } else if (typeof value === 'string' && SECRET_VALUE.test(value)) {
    problems.push({ file, path: formatPath(path), message: `this value is a private key, which ${SECRET_MESSAGE}` });
  }
  return problems;
}
