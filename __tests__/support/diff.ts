/** A minimal JSON diff for tests: every leaf path whose value differs, with old and new values. */
export type Change = [path: string, before: unknown, after: unknown];

export function jsonDiff(before: unknown, after: unknown, path = ''): Change[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => jsonDiff(before[k], after[k], Array.isArray(before) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [[path, before, after]];
}
