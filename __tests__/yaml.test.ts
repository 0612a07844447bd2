/**
 * The YAML emitter: layout, and that every document reads back as the same data under
 * YAML 1.2 and YAML 1.1 rules (ytt and Go readers differ on `on`, `0755`, `1:20`).
 */
import { parse } from 'yaml';
import { toYaml } from '../constructs/yaml';

const readBack = (text: string, version: '1.1' | '1.2') => parse(text, { version });

/** Strings that are easy to get wrong. */
const TRICKY = [
  '', ' ', 'a', 'true', 'True', 'false', 'yes', 'no', 'on', 'Off', 'y', 'N', 'null', 'Null', '~', '-', '--', '---', '...',
  '0', '1', '-1', '+1', '1.5', '.5', '1e3', '1E-3', '0x1F', '0o17', '0755', '1_000', '1:20', '12:30:00', '2001-12-14', '.inf', '-.inf', '.nan',
  '10.0.0.1', '10.41.0.0/24', 'v1.26.5+vmware.2', '1.26.5', '7d', '40GB', '15m', '2h', '0.58.2',
  'a: b', 'a:b', 'a:', ':a', 'a #b', 'a#b', '#a', '- a', '-a', '? a', '@a', '`a', '!a', '&a', '*a', '%a', '|', '>', '[a]', '{a}', 'a, b', ',a',
  "it's", 'say "hi"', 'back\\slash', '${var.x}', '${TfToken[TOKEN.12]}', '%{ if x }', 'tab\there', 'trailing ', ' leading',
  'line1\nline2', 'line1\nline2\n', 'ends with two\n\n', '\nleading newline', ' indented\nsecond', 'a\n  indented\n', 'blank\n\nlines\n', 'cr\r\nlf',
  'bell\u0007', 'del\u007f', 'nel\u0085', 'ls\u2028', 'bom\ufeff', 'é ü 日本', '😀', '<<', '=', 'http://x.y/z?a=b&c=d', 'storage.type filesystem',
  '[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n',
];

describe('toYaml', () => {
  test.each(TRICKY.map((s) => [JSON.stringify(s), s]))('the string %s reads back the same, as value, key and list item, in YAML 1.1 and 1.2', (_name, s) => {
    const doc = { value: s, [s]: 'key', list: [s, { nested: s }], deep: { deeper: [[s]] } };
    const text = toYaml(doc);
    expect(readBack(text, '1.2')).toEqual(doc);
    expect(readBack(text, '1.1')).toEqual(doc);
  });

  test('numbers, booleans and null keep their types', () => {
    const doc = { int: 3, neg: -7, float: 1.5, big: 1e21, small: 1e-7, zero: 0, t: true, f: false, n: null, list: [1, 'one', true, null] };
    expect(readBack(toYaml(doc), '1.2')).toEqual(doc);
    expect(readBack(toYaml(doc), '1.1')).toEqual(doc);
    expect(toYaml({ inf: Infinity, ninf: -Infinity })).toBe('inf: .inf\nninf: -.inf\n');
  });

  test('block layout: nested mappings and sequences, insertion order, literal blocks, empty collections', () => {
    const doc = {
      zeta: 1,
      alpha: { b: 'x', a: ['p', 'q'] },
      rules: [{ alert: 'A', labels: { severity: 'warning' } }, [1, 2], []],
      config: '[INPUT]\n    Name tail\n',
      stripped: 'one\ntwo',
      empty: {},
      none: [],
      skipped: undefined,
    };
    expect(toYaml(doc)).toBe(
      [
        'zeta: 1',
        'alpha:',
        '  b: x',
        '  a:',
        '    - p',
        '    - q',
        'rules:',
        '  - alert: A',
        '    labels:',
        '      severity: warning',
        '  - - 1',
        '    - 2',
        '  - []',
        'config: |',
        '  [INPUT]',
        '      Name tail',
        'stripped: |-',
        '  one',
        '  two',
        'empty: {}',
        'none: []',
        '',
      ].join('\n'),
    );
  });

  test('quotes what some YAML reader would not read as the same string', () => {
    expect(toYaml({ a: 'on', b: '0755', c: '1:20', d: '10.41.2.10', e: 'a: b', f: '' })).toBe('a: "on"\nb: "0755"\nc: "1:20"\nd: "10.41.2.10"\ne: "a: b"\nf: ""\n');
    expect(toYaml({ ok: 'tkg-edge33-wld01', cidr: '10.41.0.0/24', url: 'https://metrics.hub.tanzu.lab/api/v1/write' })).toBe(
      'ok: tkg-edge33-wld01\ncidr: 10.41.0.0/24\nurl: https://metrics.hub.tanzu.lab/api/v1/write\n',
    );
  });

  test('top-level values of every kind', () => {
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml([])).toBe('[]\n');
    expect(toYaml(['a', { b: 1 }])).toBe('- a\n- b: 1\n');
    expect(toYaml('x')).toBe('x\n');
    expect(readBack(toYaml('two\nlines'), '1.2')).toBe('two\nlines');
  });

  test('refuses what is not plain data, naming where it is', () => {
    expect(() => toYaml({ a: [{ b: new Date(0) }] })).toThrow('toYaml: $.a[0].b: a Date is not plain data; allowed: mappings, sequences, strings, numbers, booleans, null');
    expect(() => toYaml({ f: () => 1 })).toThrow('toYaml: $.f: function is not plain data');
  });
});
