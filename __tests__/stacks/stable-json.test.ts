/**
 * stacks/stable-json.ts must write exactly what json-stable-stringify 1.3.0 (cdktf's
 * writer) writes, since the bundled app writes every stack file with it.
 */
import { Testing } from 'cdktf';
import { loadCatalog } from '../../constructs/catalog/load';
import { FleetApp, buildFleet } from '../../stacks/fleet-app';
import { stableStringify } from '../../stacks/stable-json';
import { SAMPLE_DIR } from '../support/catalog';

// cdktf's own dependency, as its synthesizer requires it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(require.resolve('json-stable-stringify', { paths: [require.resolve('cdktf')] })) as (value: unknown, options?: { space?: number | string }) => string | undefined;

/** A deterministic pseudo-random value of every kind JSON and the writer meet. */
function randomValue(seed: number): unknown {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const keys = ['a', 'b', 'B', '_', '10', '9', '0', '', 'é', 'z z', 'key"q', '\u2028', 'ü', '1e3', '-1', 'toString', '__proto__x'];
  const leaves: unknown[] = [0, -0, 1.5, -3e21, 1e-7, NaN, Infinity, true, false, null, undefined, '', 'text', 'quote " and \\ and \n', '\u0000\u001f', 'emoji 😀', () => 1, Symbol('s'), new Date(0), { toJSON: () => ({ z: 1, a: [undefined] }) }];
  const build = (depth: number): unknown => {
    const r = next();
    if (depth > 4 || r < 0.35) return leaves[Math.floor(next() * leaves.length)];
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => build(depth + 1));
    const out: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) out[keys[Math.floor(next() * keys.length)]] = build(depth + 1);
    return out;
  };
  return build(0);
}

describe('stableStringify writes what json-stable-stringify writes', () => {
  test.each([2, 0, 4, '\t', '', undefined])('on 2000 generated values, space %p', (space) => {
    for (let seed = 1; seed <= 2000; seed++) {
      const value = randomValue(seed);
      const options = space === undefined ? undefined : { space };
      expect([seed, stableStringify(value, options)]).toEqual([seed, original(value, options)]);
    }
  });

  test('on empty and top-level values', () => {
    for (const value of [{}, [], [[]], { a: {} }, { a: [] }, 'x', 1, null, undefined, [undefined, () => 1], { u: undefined, f: () => 1 }]) {
      expect(stableStringify(value, { space: 2 })).toEqual(original(value, { space: 2 }));
    }
  });

  test('on every stack of the default catalog', () => {
    const app = new FleetApp({ outdir: Testing.app().outdir });
    const stacks = buildFleet(app, loadCatalog(SAMPLE_DIR), {});
    for (const stack of [stacks.hub, ...stacks.sites]) {
      const document = stack.toTerraform();
      expect(stableStringify(document, { space: 2 })).toEqual(original(document, { space: 2 }));
    }
  });

  test('a circular value is refused as json-stable-stringify refuses it; other options are refused', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    expect(() => original(loop, { space: 2 })).toThrow('Converting circular structure to JSON');
    expect(() => stableStringify(loop, { space: 2 })).toThrow(new TypeError('Converting circular structure to JSON'));
    // The same object twice, not inside itself, is no cycle.
    const shared = { x: 1 };
    expect(stableStringify({ a: shared, b: [shared] }, { space: 2 })).toEqual(original({ a: shared, b: [shared] }, { space: 2 }));
    expect(() => stableStringify({}, { cycles: true } as never)).toThrow('internal error: stableStringify supports the option space only, not cycles');
  });
});
