/**
 * Policy waivers: the fleet policy (constructs/policy/fleet-policy.ts) records a
 * waived finding as a cdktf warning annotation on the element,
 * `policy <rule> waived (<reason>): <finding>`, stored under
 * `stacks.<stack>.annotations` of manifest.json. This module reads those
 * annotations and compares them between base and head: waived findings added,
 * removed, or whose reason changed. Pure apart from the manifest already parsed.
 */
import { isObject } from './json';
import { naturalCompare } from './order';
import { typeLabel } from './warnings';
import { JsonValue, TerraformJson, Warning, WaiverChange, WaiverOp } from './types';

/** One waived finding of a stack, as its annotation says. */
export interface WaivedFinding {
  /** Construct path of the element (`edge41/hosts/preferred`). */
  readonly constructPath: string;
  readonly rule: string;
  readonly reason: string;
  /** What the policy found (the text after the reason). */
  readonly finding: string;
}

/** Annotation levels of a warning: cdktf writes `@cdktf/warn`; `WARN` is what `cdktf synth` prints. */
const WARN_LEVEL = /^(@cdktf\/)?warn(ing)?$/i;

/** Start of a waived finding's message: the rule, then the reason in parentheses. */
const WAIVED_PREFIX = /^policy ([^\s()]+) waived \(/;

/** True when the parentheses of a text are balanced (never more closing than opening ones so far). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Splits `<reason>): <finding>` (the text after `waived (`). The reason is free text
 * from the catalog and may itself hold `): `; the finding comes from the policy code.
 * The end of the reason is the first `): ` before which the reason's parentheses are
 * balanced (`ticket (CHG-1234)` is whole); when there is none (a reason such as
 * `step 1) of the runbook`), the last `): `. Undefined when there is no `): ` at all.
 */
export function splitReason(rest: string): { reason: string; finding: string } | undefined {
  const ends: number[] = [];
  for (let i = rest.indexOf('): '); i >= 0; i = rest.indexOf('): ', i + 1)) ends.push(i);
  if (ends.length === 0) return undefined;
  const end = ends.find((i) => balanced(rest.slice(0, i))) ?? ends[ends.length - 1];
  return { reason: rest.slice(0, end), finding: rest.slice(end + 3) };
}

/**
 * The waived finding an annotation records, or undefined for any other annotation
 * (errors, infos, warnings that are not the policy's, malformed entries).
 */
export function parseWaivedAnnotation(entry: JsonValue): WaivedFinding | undefined {
  if (!isObject(entry)) return undefined;
  const { level, message, constructPath } = entry;
  if (typeof level !== 'string' || !WARN_LEVEL.test(level) || typeof message !== 'string' || typeof constructPath !== 'string') return undefined;
  const prefix = WAIVED_PREFIX.exec(message);
  if (prefix === null) return undefined;
  const split = splitReason(message.slice(prefix[0].length));
  if (split === undefined) return undefined;
  return { constructPath, rule: prefix[1], reason: split.reason, finding: split.finding };
}

/** The waived findings of a manifest's stack entry (`stacks.<stack>`). */
export function waivedFindings(stackEntry: JsonValue | undefined): WaivedFinding[] {
  const annotations = isObject(stackEntry) ? stackEntry.annotations : undefined;
  if (!Array.isArray(annotations)) return [];
  return annotations.map(parseWaivedAnnotation).filter((w): w is WaivedFinding => w !== undefined);
}

/** The Terraform element a construct path stands for. */
interface Element {
  readonly address: string;
  readonly type: string;
}

/** Resources and data sources of a stack by their construct path (cdktf's `"//".metadata.path`). */
function elementsByPath(json: TerraformJson | undefined): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const block of ['resource', 'data'] as const) {
    const byType = json?.[block];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        const meta = isObject(body) && isObject(body['//']) ? body['//'].metadata : undefined;
        if (!isObject(meta) || typeof meta.path !== 'string') continue;
        const manifest = isObject(body) ? body.manifest : undefined;
        const manifestKind = type === 'kubernetes_manifest' && isObject(manifest) && typeof manifest.kind === 'string' ? manifest.kind : undefined;
        out.set(meta.path, { address: `${block === 'data' ? 'data.' : ''}${type}.${name}`, type: typeLabel({ block, type, manifestKind }) });
      }
    }
  }
  return out;
}

/** Identity of a waived finding without its reason. */
const findingKey = (w: WaivedFinding) => JSON.stringify([w.constructPath, w.rule, w.finding]);
/** Identity of a waived finding with its reason. */
const fullKey = (w: WaivedFinding) => JSON.stringify([w.constructPath, w.rule, w.finding, w.reason]);

/** Removes one entry per key of `other` from `list` (multiset difference); returns what is left. */
function without(list: readonly WaivedFinding[], other: readonly WaivedFinding[], key: (w: WaivedFinding) => string): WaivedFinding[] {
  const counts = new Map<string, number>();
  for (const w of other) counts.set(key(w), (counts.get(key(w)) ?? 0) + 1);
  return list.filter((w) => {
    const n = counts.get(key(w)) ?? 0;
    if (n > 0) counts.set(key(w), n - 1);
    return n === 0;
  });
}

const OP_ORDER: readonly WaiverOp[] = ['added', 'changed', 'removed'];

/** Order of waiver changes: added, changed, removed; then construct path, rule, finding. */
export function compareWaivers(a: WaiverChange, b: WaiverChange): number {
  return (
    OP_ORDER.indexOf(a.op) - OP_ORDER.indexOf(b.op) ||
    naturalCompare(a.constructPath, b.constructPath) ||
    naturalCompare(a.rule, b.rule) ||
    naturalCompare(a.finding, b.finding) ||
    naturalCompare(a.reason, b.reason)
  );
}

/**
 * The waived findings a change adds, removes, or gives another reason, for one stack.
 * A finding is the same on both sides when its construct path, rule and finding text
 * are: then only a different reason is a change. A finding whose text changed is a
 * new waived finding (added) and an old one (removed). `baseJson`/`headJson` (the
 * stack's Terraform JSON, undefined when the stack is missing on that side) give the
 * Terraform address of each element.
 */
export function diffWaivers(
  base: readonly WaivedFinding[],
  head: readonly WaivedFinding[],
  baseJson: TerraformJson | undefined,
  headJson: TerraformJson | undefined,
): WaiverChange[] {
  const gone = without(base, head, fullKey);
  const come = without(head, base, fullKey);
  const previous = new Map<string, WaivedFinding[]>();
  for (const w of gone) previous.set(findingKey(w), [...(previous.get(findingKey(w)) ?? []), w]);
  const headElements = elementsByPath(headJson);
  const baseElements = elementsByPath(baseJson);
  const change = (op: WaiverOp, w: WaivedFinding, elements: ReadonlyMap<string, Element>, previousReason?: string): WaiverChange => {
    const element = elements.get(w.constructPath);
    return {
      op,
      rule: w.rule,
      constructPath: w.constructPath,
      ...(element === undefined ? {} : { address: element.address, type: element.type }),
      reason: w.reason,
      ...(previousReason === undefined ? {} : { previousReason }),
      finding: w.finding,
    };
  };
  const out: WaiverChange[] = [];
  const paired: WaivedFinding[] = [];
  for (const w of come) {
    const old = previous.get(findingKey(w))?.shift();
    if (old === undefined) out.push(change('added', w, headElements));
    else {
      paired.push(old);
      out.push(change('changed', w, headElements, old.reason));
    }
  }
  for (const w of without(gone, paired, fullKey)) out.push(change('removed', w, baseElements));
  return out.sort(compareWaivers);
}

/** A quoted reason: `"vendor support needs direct host access"`. */
function quoted(reason: string): string {
  return `"${reason}"`;
}

/** The warning of an added or changed waived finding; undefined for a removed one (good news, not a warning). */
export function waiverWarning(waiver: WaiverChange): Warning | undefined {
  if (waiver.op === 'removed') return undefined;
  const reason = waiver.op === 'changed' ? `${quoted(waiver.previousReason ?? '')} → ${quoted(waiver.reason)}` : quoted(waiver.reason);
  const what = waiver.op === 'changed' ? 'policy waiver reason changed' : 'policy waiver added';
  return {
    kind: 'waiver',
    address: waiver.address ?? waiver.constructPath,
    type: waiver.type ?? 'provider',
    message: `${what}: ${waiver.rule} at ${waiver.constructPath} — ${reason}: ${waiver.finding}`,
    waiver,
  };
}
