/**
 * The applications a site stack delivers (constructs/delivery): read from the Argo CD
 * `Application`s among the documents of its kapp-controller Apps, and the replication
 * filters of its ring (the hub's `harbor_replication` rules to the site), so the review
 * can say which application changes version in which ring, at which sites, and whether
 * the ring's replication can bring the new version to the site Harbor at all.
 */
import { appDocuments } from './app-documents';
import { APPLICATION_LABEL, HARBOR_PROJECT_ANNOTATION as PROJECT_ANNOTATION, VERSION_SOURCE_ANNOTATION as SOURCE_ANNOTATION } from '../../constructs/delivery/delivery-values';
import { isObject, valueAt } from './json';
import { JsonValue, TerraformJson } from './types';

/** One application as a site stack delivers it. */
export interface DeliveredApplication {
  readonly name: string;
  /** Chart version (`spec.source.targetRevision`). */
  readonly version: string;
  /** Hub Harbor project of its chart and images (annotation). */
  readonly project?: string;
  /** `ring` or `site` (annotation): where the version comes from. */
  readonly versionSource?: string;
}

/** The replication filter of one project, as the hub's push rule to the site has it. */
export interface ProjectFilter {
  /** Tag pattern (Harbor doublestar glob), if the rule filters by tag. */
  readonly tag?: string;
  /** Harbor labels, if the rule filters by label. */
  readonly labels?: readonly string[];
}


/** The Argo CD Applications among a kubernetes_manifest body's App documents. */
export function applicationsOf(body: JsonValue | undefined): DeliveredApplication[] {
  const out: DeliveredApplication[] = [];
  for (const doc of appDocuments(body, 'Application')) {
    const o = doc as { metadata?: { name?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }; spec?: { source?: { targetRevision?: unknown } } };
    if (typeof o.metadata?.name !== 'string' || o.metadata.labels?.[APPLICATION_LABEL] === undefined) continue;
    const version = o.spec?.source?.targetRevision;
    if (typeof version !== 'string') continue;
    const project = o.metadata.annotations?.[PROJECT_ANNOTATION];
    const source = o.metadata.annotations?.[SOURCE_ANNOTATION];
    out.push({ name: o.metadata.name, version, ...(typeof project === 'string' ? { project } : {}), ...(typeof source === 'string' ? { versionSource: source } : {}) });
  }
  return out;
}

/** Every application a stack delivers, by name. */
export function stackApplications(json: TerraformJson): Record<string, DeliveredApplication> {
  const out: Record<string, DeliveredApplication> = {};
  const manifests = valueAt(json, ['resource', 'kubernetes_manifest']);
  if (!isObject(manifests)) return out;
  for (const [name, body] of Object.entries(manifests)) {
    if (name === '//') continue;
    for (const app of applicationsOf(body)) out[app.name] = app;
  }
  return out;
}

/** The hub's replication filter per project of a site stack (its `harbor_replication` rules). */
export function replicationFilters(json: TerraformJson | undefined): Record<string, ProjectFilter> {
  const out: Record<string, ProjectFilter> = {};
  const rules = valueAt(json, ['resource', 'harbor_replication']);
  if (!isObject(rules)) return out;
  for (const [name, body] of Object.entries(rules)) {
    const filters = valueAt(body, ['filters']);
    if (name === '//' || !Array.isArray(filters)) continue;
    let project: string | undefined;
    let filter: ProjectFilter = {};
    for (const f of filters) {
      const n = valueAt(f, ['name']);
      const tag = valueAt(f, ['tag']);
      const labels = valueAt(f, ['labels']);
      if (typeof n === 'string' && n.endsWith('/**')) project = n.slice(0, -3);
      if (typeof tag === 'string') filter = { ...filter, tag };
      if (Array.isArray(labels)) filter = { ...filter, labels: labels.filter((l): l is string => typeof l === 'string') };
    }
    if (project !== undefined) out[project] = filter;
  }
  return out;
}

/**
 * True when a tag matches a Harbor tag filter pattern. Harbor matches tags with
 * doublestar globs: `*` and `**` any characters, `?` one, `[...]` a class, `{a,b}`
 * alternatives. A pattern this function cannot read is reported as not matching.
 */
export function matchesTagPattern(tag: string, pattern: string): boolean {
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      re += '.*';
    } else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  if (depth !== 0) return false;
  try {
    return new RegExp(`^${re}$`).test(tag);
  } catch {
    return false;
  }
}
