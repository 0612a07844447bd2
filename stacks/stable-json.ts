/**
 * The JSON text cdktf writes for a stack and for manifest.json, written faster.
 *
 * cdktf 0.21 writes every `cdk.tf.json` with `json-stable-stringify` 1.3.0 (keys sorted,
 * `{ space: 2 }`): about a tenth of a fleet synth (profiled at 1000 sites: 1.5 of 14 s),
 * mostly in that package's generic machinery (a closure per object, bound
 * `Array.prototype` calls, indentation rebuilt for every value). This writes the same
 * bytes for the same value: keys sorted by UTF-16 code units, `toJSON` honoured,
 * `undefined` and functions left out of objects and written `null` in arrays, empty
 * objects and arrays opened and closed on two lines as that package does, a circular
 * value refused with the same error. The bundled app uses it for cdktf's two callers
 * (tools/run.js); `__tests__/stacks/stable-json.test.ts` compares both on generated
 * values and on real stacks.
 */

/** The options of json-stable-stringify that cdktf passes; any other is refused. */
export interface StableJsonOptions {
  readonly space?: number | string;
}

/** `JSON.stringify` of a leaf: `undefined` for what JSON has no text for (functions, symbols). */
const leaf = (value: unknown): string | undefined => JSON.stringify(value);

/** json-stable-stringify(value, options), byte for byte, for the options cdktf uses. */
export function stableStringify(value: unknown, options?: StableJsonOptions): string | undefined {
  const allowed = new Set(['space']);
  const extra = options === undefined ? [] : Object.keys(options).filter((k) => !allowed.has(k));
  if (typeof options === 'function' || extra.length > 0) {
    throw new Error(`internal error: stableStringify supports the option space only, not ${typeof options === 'function' ? 'a comparison function' : extra.join(', ')}`);
  }
  const raw = options?.space ?? '';
  const space = typeof raw === 'number' ? ' '.repeat(Math.max(0, raw)) : raw;
  const colon = space ? ': ' : ':';
  const indents: string[] = [];
  const indent = (level: number): string => (space ? (indents[level] ??= `\n${space.repeat(level)}`) : '');
  const ancestors = new Set<object>();

  const write = (input: unknown, level: number): string | undefined => {
    let node = input;
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return leaf(node);
    const inner = indent(level + 1);
    const close = indent(level);
    if (Array.isArray(node)) {
      let out = '[';
      for (let i = 0; i < node.length; i++) out += `${i > 0 ? ',' : ''}${inner}${write(node[i], level + 1) || 'null'}`;
      return `${out}${close}]`;
    }
    if (ancestors.has(node)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(node);
    const record = node as Record<string, unknown>;
    let out = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], level + 1);
      if (!text) continue;
      out += `${first ? '' : ','}${inner}${JSON.stringify(key)}${colon}${text}`;
      first = false;
    }
    ancestors.delete(node);
    return `${out}${close}}`;
  };
  return write(value, 0);
}
