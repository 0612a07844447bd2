/**
 * Building blocks for catalog schemas whose error messages say what was given and
 * what is allowed. Every leaf of the catalog schema is built through `rule()`, so a
 * rejected value always produces `<value> is not allowed; allowed: <text>` or
 * `missing; required: <text>`.
 */
import { X509Certificate } from 'crypto';
import { z } from 'zod';

/** Renders a catalog value for an error message: short, quoted, never multi-line. */
export function show(value: unknown): string {
  if (value === null) return 'an empty value (null)';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const flat = value.replace(/\s+/g, ' ');
    return `'${flat.length > 60 ? `${flat.slice(0, 57)}...` : flat}'`;
  }
  return String(value);
}

type ErrorParams = { error: (issue: z.core.$ZodRawIssue) => string | undefined };

/** Error parameters for a leaf schema: the message names the value and what is allowed. */
export function rule(allowed: string): ErrorParams {
  return {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return undefined;
      if (issue.input === undefined) return `missing; required: ${allowed}`;
      return `${show(issue.input)} is not allowed; allowed: ${allowed}`;
    },
  };
}

/** An integer within [min, max]. */
export function int(min: number, max: number, what = 'an integer'): z.ZodInt {
  return z.int(rule(`${what} from ${min} to ${max}`)).min(min).max(max);
}

/** A string matching a pattern, described in words for the message. */
export function pattern(regex: RegExp, allowed: string): z.ZodString {
  return z.string(rule(allowed)).regex(regex);
}

/** One of a fixed set of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, rule(values.join(', ')));
}

/** A boolean. */
export function bool(): z.ZodBoolean {
  return z.boolean(rule('true or false'));
}

/** A mapping with a fixed set of keys; any other key is an error (typos are never ignored). */
export function mapping<T extends z.core.$ZodLooseShape>(shape: T, allowed: string): z.ZodObject<T, z.core.$strict> {
  return z.strictObject(shape, rule(allowed));
}

/** A list of items with a minimum and maximum length. */
export function list<T extends z.ZodType>(item: T, allowed: string, min = 0, max = Number.MAX_SAFE_INTEGER): z.ZodArray<T> {
  let schema = z.array(item, rule(allowed));
  if (min > 0) schema = schema.min(min, rule(allowed));
  if (max < Number.MAX_SAFE_INTEGER) schema = schema.max(max, rule(allowed));
  return schema;
}

// Patterns shared by several fields.

/** RFC 1123 host name with at least two labels. */
export const FQDN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS-1123 label (Kubernetes names, vSphere name parts). */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** SHA-1 thumbprint as vCenter shows it: 20 colon-separated hex bytes. */
export const SHA1_THUMBPRINT = /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/;
/** TKR version as `spec.topology.version` wants it, e.g. v1.26.5+vmware.2-tkg.1. */
export const TKR_VERSION = /^v\d+\.\d+\.\d+\+vmware\.\d+-tkg\.\d+(\.[0-9A-Za-z-]+)*$/;

/** The Kubernetes build of a TKR version or node OVA, and its TKG release when it names one. */
export interface KubernetesBuild {
  /** `v1.25.7+vmware.2` */
  readonly build: string;
  /** `tkg.1` */
  readonly release?: string;
}

const BUILD = String.raw`(v\d+\.\d+\.\d+\+vmware\.\d+)(?:-(tkg\.\d+))?`;
const TKR_BUILD = new RegExp(`^${BUILD}`);
const NODE_IMAGE_NAME = new RegExp(`-kube-${BUILD}`);

function buildOf(match: RegExpExecArray | null): KubernetesBuild | undefined {
  if (!match) return undefined;
  return match[2] !== undefined ? { build: match[1], release: match[2] } : { build: match[1] };
}

/** The build and release of a TKR version: v1.25.7+vmware.2-tkg.1 → v1.25.7+vmware.2, tkg.1. */
export function tkrBuild(tkrVersion: string): KubernetesBuild | undefined {
  return buildOf(TKR_BUILD.exec(tkrVersion));
}

/**
 * The Kubernetes version of a node image (OVA) in the hub content library, read from
 * its item name as TKG names its OVAs: `<os>-<os version>-kube-<version>`, e.g.
 * photon-3-kube-v1.25.7+vmware.2, optionally with `-tkg.<n>` and a hash
 * (photon-3-kube-v1.25.7+vmware.2-tkg.1-8a74b9f1...); undefined for an item that is
 * not named like a node image.
 */
export function nodeImageVersion(itemName: string): KubernetesBuild | undefined {
  return buildOf(NODE_IMAGE_NAME.exec(itemName));
}

/**
 * True when a library item is the node image of a TKR version. A workload cluster
 * names no template: it sets `spec.topology.version` and the annotation
 * `run.tanzu.vmware.com/resolve-os-image` (`constructs/tkg/workload-cluster.ts`), and
 * TKG's TKR resolver picks the OVA of that Kubernetes version. So the item's build must
 * be the version's, and its TKG release too when the name carries one.
 */
export function isNodeImageFor(itemName: string, tkrVersion: string): boolean {
  const image = nodeImageVersion(itemName);
  const version = tkrBuild(tkrVersion);
  if (!image || !version) return false;
  return image.build === version.build && (image.release === undefined || image.release === version.release);
}

/** A Kubernetes minor version: v1.25.7+vmware.2-tkg.1 → { major: 1, minor: 25 }. */
export interface KubernetesMinor {
  readonly major: number;
  readonly minor: number;
}

/** The minor version of a TKR version or an image tag (`v1.24.0_vmware.1`); undefined when it names none. */
export function kubernetesMinor(version: string): KubernetesMinor | undefined {
  const match = /^v(\d+)\.(\d+)\./.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** `v1.25`, for messages. */
export function minorText(version: KubernetesMinor): string {
  return `v${version.major}.${version.minor}`;
}

/**
 * Minor versions from `a` to `b` (negative when `b` is older); undefined across major
 * versions, which no upgrade path crosses.
 */
export function minorDistance(a: KubernetesMinor, b: KubernetesMinor): number | undefined {
  return a.major === b.major ? b.minor - a.minor : undefined;
}

/** A Go-style duration as Kubernetes objects take them: 90s, 5m, 2h. */
export const DURATION = /^[1-9]\d*(s|m|h)$/;

/** Seconds of a duration such as `30s`, `10m` or `2h`; undefined when it is not one. */
export function durationSeconds(value: string): number | undefined {
  const m = /^(\d+)(s|m|h)$/.exec(value);
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : undefined;
}

/** True when the text is one PEM-encoded X.509 certificate. */
export function isPemCertificate(text: string): boolean {
  if (!/^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+\r?\n-----END CERTIFICATE-----\s*$/.test(text)) return false;
  // A fleet has a handful of distinct certificates checked thousands of times (each
  // site's constructs check the fleet CA): parse each once.
  const known = PEM_VERDICTS.get(text);
  if (known !== undefined) return known;
  let verdict: boolean;
  try {
    new X509Certificate(text);
    verdict = true;
  } catch {
    verdict = false;
  }
  if (PEM_VERDICTS.size >= 1024) PEM_VERDICTS.clear();
  PEM_VERDICTS.set(text, verdict);
  return verdict;
}
const PEM_VERDICTS = new Map<string, boolean>();

/** A PEM certificate (public: never a key). */
export function pemCertificate(what: string): z.ZodString {
  const allowed = `${what}: one PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)`;
  return z.string(rule(allowed)).refine(isPemCertificate, rule(allowed)) as unknown as z.ZodString;
}

const CRON_FIELDS: ReadonlyArray<readonly [name: string, min: number, max: number, names?: readonly string[]]> = [
  ['seconds', 0, 59],
  ['minutes', 0, 59],
  ['hours', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12, ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']],
  ['day of week', 0, 6, ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']],
];

/**
 * Why a Harbor schedule is not a valid 6-field cron (seconds first, as Harbor's
 * scheduler takes it), or undefined when it is valid.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) return `has ${fields.length} field${fields.length === 1 ? '' : 's'}; allowed: 6 fields, seconds first, such as "0 0 2 * * *"`;
  for (let i = 0; i < 6; i++) {
    const [name, min, max, names] = CRON_FIELDS[i];
    const value = (token: string) => {
      const index = names?.indexOf(token.toUpperCase()) ?? -1;
      return index >= 0 ? index + min : /^\d+$/.test(token) ? Number(token) : NaN;
    };
    for (const item of fields[i].split(',')) {
      if (item === '?' && i >= 3 && i !== 4) continue;
      const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      const bounds = match && match[1] !== '*' ? match[1].split('-').map(value) : [];
      if (!match || bounds.some((n) => Number.isNaN(n) || n < min || n > max) || (match[2] !== undefined && Number(match[2]) === 0)) {
        return `field ${i + 1} (${name}) '${item}' is not allowed; allowed: *, a number from ${min} to ${max}${names ? ' or a name' : ''}, a range a-b, a list a,b, a step */n`;
      }
    }
  }
  return undefined;
}
