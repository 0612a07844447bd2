/**
 * What the YAML of a catalog file may hold: every construct the YAML reader would
 * crash on (alias bombs, aliases inside their own anchor or without one, merge keys of
 * scalars), silently drop (custom tags, tags that do not fit their value) or turn into
 * something else (binary, timestamps, sets) ends in one line naming the file and the
 * line and column; so do nesting beyond the limit and more than one document.
 */
import { MAX_ALIAS_COPIES, MAX_NESTING, readYaml } from '../../constructs/catalog/yaml-text';
import { CatalogProblem } from '../../constructs/catalog/problems';
import { problemsAfter, sampleSources } from '../support/catalog';

const TAG_ALLOWED = 'allowed: a value without a tag, or one of !!str, !!int, !!float, !!bool, !!null, !!map, !!seq on a value of that type';
const NESTING = 'allowed: at most 32 levels of nested mappings and lists';

/** The fixture catalog's edge41.yaml, as written. */
function edge41(): string {
  const source = sampleSources().sites.find((s) => s.path === 'sites/edge41.yaml');
  if (!source) throw new Error('the fixture catalog has no edge41.yaml');
  return source.text;
}

/** The problem lines of the default catalog with edge41.yaml replaced by `text`. */
const withEdge41 = (text: string) => problemsAfter((c) => (c.raw.edge41 = text));

/** `a0: &a0 [x, ...]` and nine more levels of ten aliases each: 10^10 values once expanded. */
const BILLION_LAUGHS = [
  'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
  '',
].join('\n');

type Case = [name: string, text: string, expected: unknown[]];

const refused: Case[] = [
  // Aliases: before, the reader threw ReferenceError / RangeError out of the app.
  [
    'an alias bomb ("billion laughs")',
    BILLION_LAUGHS,
    ['sites/edge41.yaml: line 4, column 45: with this alias *a2, the aliases of the file copy more than 10000 values; allowed: aliases that copy at most 10000 values (scalars, mappings, lists) in one file, a guard against alias bombs ("billion laughs")'],
  ],
  [
    'an alias inside its own anchor (a value that contains itself)',
    'id: edge41\ntkg: &t\n  workers: { replicas: 0 }\n  again: *t\n',
    ['sites/edge41.yaml: line 4, column 10: the alias *t is inside its own anchor &t, so the value would contain itself; allowed: an alias of a value that ends before the alias'],
  ],
  ['an alias inside its own anchor, in a flow list', 'id: &x [*x]\n', ['sites/edge41.yaml: line 1, column 9: the alias *x is inside its own anchor &x, so the value would contain itself; allowed: an alias of a value that ends before the alias']],
  ['an alias without an anchor', 'id: edge41\nring: *production\n', ['sites/edge41.yaml: line 2, column 7: the alias *production has no anchor &production before it; allowed: an alias of an anchor set earlier in the file']],
  ['an alias before its anchor', 'ring: *r\nwitness: &r witness-01\n', ['sites/edge41.yaml: line 1, column 7: the alias *r has no anchor &r before it; allowed: an alias of an anchor set earlier in the file']],
  // Merge keys: before, the reader threw "Merge sources must be maps or map aliases".
  ['a merge key of a scalar', 'id: edge41\n<<: 5\n', ['sites/edge41.yaml: line 2, column 1: the merge key << takes something other than a mapping; allowed: << with a mapping, an alias of a mapping, or a list of them']],
  [
    'a merge key of an alias of a scalar',
    'ring: &r production\ntkg:\n  <<: *r\n',
    ['sites/edge41.yaml: line 3, column 3: the merge key << takes something other than a mapping; allowed: << with a mapping, an alias of a mapping, or a list of them'],
  ],
  [
    'a merge key of a list holding a scalar',
    'base: &b { replicas: 2 }\ntkg:\n  workers:\n    <<: [*b, 3]\n',
    ['sites/edge41.yaml: line 4, column 5: the merge key << takes something other than a mapping; allowed: << with a mapping, an alias of a mapping, or a list of them'],
  ],
  // Tags: before, a custom tag was dropped without a word (the value read as if untagged).
  ['a custom tag', 'id: edge41\nring: !vault production\n', [`sites/edge41.yaml: line 2, column 14: the YAML tag !vault is not allowed; ${TAG_ALLOWED}`]],
  ['a custom tag on a mapping', 'tkg: !secret\n  workers: { replicas: 0 }\n', [`sites/edge41.yaml: line 2, column 3: the YAML tag !secret is not allowed; ${TAG_ALLOWED}`]],
  ['!!binary (read as bytes)', 'id: !!binary ZWRnZTQx\n', [`sites/edge41.yaml: line 1, column 14: the YAML tag !!binary is not allowed; ${TAG_ALLOWED}`]],
  ['!!timestamp (read as a date)', 'id: !!timestamp 2026-11-29\n', [`sites/edge41.yaml: line 1, column 17: the YAML tag !!timestamp is not allowed; ${TAG_ALLOWED}`]],
  ['!!set (read as a mapping of nulls)', 'ntpServers: !!set { ntp1.hub.tanzu.lab }\n', [`sites/edge41.yaml: line 1, column 19: the YAML tag !!set is not allowed; ${TAG_ALLOWED}`]],
  ['!!omap on a list (its items dropped)', 'ntpServers: !!omap [a: 1]\n', [`sites/edge41.yaml: line 1, column 20: the YAML tag !!omap is not allowed; ${TAG_ALLOWED}`]],
  ['a plain tag that does not fit its value (read as a string)', 'phase: !!bool active\n', [`sites/edge41.yaml: line 1, column 8: the YAML tag !!bool does not fit this value; ${TAG_ALLOWED}`]],
  ['!!int on text (read as a string)', 'networks:\n  vsan: { vlan: !!int four-twelve }\n', [`sites/edge41.yaml: line 2, column 17: the YAML tag !!int does not fit this value; ${TAG_ALLOWED}`]],
  // Nesting: a parsed document deeper than the limit, and one too deep to parse at all.
  [
    `mappings and lists nested ${MAX_NESTING + 1} levels deep`,
    `id: ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}\n`,
    [`sites/edge41.yaml: line 1, column ${4 + MAX_NESTING}: mappings and lists nested more than 32 levels deep; ${NESTING}`],
  ],
  [
    'aliases that nest a value deeper than the limit',
    `deep: &d ${'['.repeat(20)}${']'.repeat(20)}\nid: ${'['.repeat(12)}*d${']'.repeat(12)}\n`,
    [`sites/edge41.yaml: line 2, column 17: mappings and lists nested more than 32 levels deep (through the alias *d, at level 33); ${NESTING}`],
  ],
  [
    'nesting too deep for the YAML reader (it overflowed its stack: "malformed YAML: Maximum call stack size exceeded")',
    `id: ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
    [expect.stringMatching(new RegExp(`^sites/edge41\\.yaml: line 1, column \\d+: mappings and lists nested too deep for the YAML reader \\(it ran out of stack here\\); ${NESTING}( \\(\\d+ more errors? may follow from it\\))?$`))],
  ],
  // Documents
  [
    'a second document',
    'id: edge41\n---\nid: edge42\n',
    ['sites/edge41.yaml: line 2, column 1: a second YAML document starts here; allowed: one YAML document per catalog file (each site has a file of its own)'],
  ],
  [
    'a second, empty document (a trailing ---)',
    'id: edge41\n---\n',
    ['sites/edge41.yaml: line 2, column 1: a second YAML document starts here; allowed: one YAML document per catalog file (each site has a file of its own)'],
  ],
  ['a document that is only null', '~\n', ['sites/edge41.yaml: (document): the file holds only null; allowed: a YAML mapping']],
  ['a document that is text', 'edge41\n', ["sites/edge41.yaml: (document): the file holds the text 'edge41', not a YAML mapping; allowed: a mapping of keys to values"]],
  ['a document that is a number', '41\n', ['sites/edge41.yaml: (document): the file holds the number 41, not a YAML mapping; allowed: a mapping of keys to values']],
  [
    'a duplicate key, named with where it first appears',
    'id: edge41\nring: production\nnetworks:\n  vsan: { vlan: 412, vlan: 413 }\nring: canary\n',
    ["sites/edge41.yaml: line 4, column 22: malformed YAML: the key 'vlan' appears twice in this mapping (first at line 4, column 11); allowed: each key once per mapping (1 more error may follow from it)"],
  ],
];

describe('YAML a catalog file may not hold', () => {
  test.each(refused)('%s', (_name, text, expected) => {
    expect(withEdge41(text)).toEqual(expected);
  });

  test('fleet.yaml that is a list or a scalar', () => {
    expect(problemsAfter((c) => (c.raw.fleet = '- edge33\n- edge41\n'))).toEqual(['sites/fleet.yaml: (document): the file holds a list, not a YAML mapping; allowed: a mapping of keys to values']);
    expect(problemsAfter((c) => (c.raw.fleet = 'true\n'))).toEqual(['sites/fleet.yaml: (document): the file holds the boolean true, not a YAML mapping; allowed: a mapping of keys to values']);
  });
});

describe('YAML a catalog file may hold', () => {
  test.each([
    ['an anchor and its alias', (t: string) => t.replace('gateway: 10.41.0.1 }', 'gateway: 10.41.0.1, mtu: &mtu 1500 }').replace('gateway: 10.41.2.1 }', 'gateway: 10.41.2.1, mtu: *mtu }')],
    ['a merge key (<<) of a mapping', (t: string) => t.replace(/^tkg:$/m, 'tkg:\n  <<: { cni: antrea }')],
    ['plain tags on values of their type', (t: string) => t.replace(/^ring: production$/m, 'ring: !!str production').replace(/^phase: active$/m, 'phase: !!str active')],
    ['a UTF-8 byte order mark', (t: string) => `\ufeff${t}`],
    ['a document end marker', (t: string) => `${t}...\n`],
    ['Windows line ends', (t: string) => t.replace(/\n/g, '\r\n')],
  ])('%s', (_name, edit) => {
    const text = edit(edge41());
    expect(text).not.toBe(edge41());
    expect(withEdge41(text)).toEqual([]);
  });
});

describe('readYaml limits', () => {
  const read = (text: string) => {
    const problems: CatalogProblem[] = [];
    const value = readYaml('f.yaml', text, problems);
    return { value, problems: problems.map((p) => `${p.path}: ${p.message}`) };
  };

  test(`aliases may copy ${MAX_ALIAS_COPIES} values (before: more than 100 alias uses threw "Excessive alias count")`, () => {
    const text = `a: &a x\nb: [${Array(MAX_ALIAS_COPIES).fill('*a').join(', ')}]\n`;
    const { value, problems } = read(text);
    expect(problems).toEqual([]);
    expect((value as { b: string[] }).b).toHaveLength(MAX_ALIAS_COPIES);
  });

  test(`the ${MAX_ALIAS_COPIES + 1}st copied value is refused, at the alias that copies it`, () => {
    const { value, problems } = read(`a: &a x\nb: [${Array(MAX_ALIAS_COPIES + 1).fill('*a').join(', ')}]\n`);
    expect(value).toBeUndefined();
    expect(problems).toEqual([
      `line 2, column ${5 + 4 * MAX_ALIAS_COPIES}: with this alias *a, the aliases of the file copy more than 10000 values; allowed: aliases that copy at most 10000 values (scalars, mappings, lists) in one file, a guard against alias bombs ("billion laughs")`,
    ]);
  });

  test(`${MAX_NESTING} levels are read, ${MAX_NESTING + 1} are not`, () => {
    const nested = (levels: number) => `${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}`;
    expect(read(`a: ${nested(MAX_NESTING)}\n`).problems).toEqual([]);
    expect(read(`a: ${nested(MAX_NESTING + 1)}\n`).problems).toEqual([`line 1, column ${3 + MAX_NESTING}: mappings and lists nested more than 32 levels deep; ${NESTING}`]);
  });

  test('an anchor may be set again; an alias copies the last one before it', () => {
    expect(read('a: &x 1\nb: *x\nc: &x [2]\nd: *x\n').value).toEqual({ a: 1, b: 1, c: [2], d: [2] });
  });
});
