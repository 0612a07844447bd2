/**
 * The bad-catalog corpus (`__tests__/corpus/<fault>/`): each folder holds the catalog
 * files that differ from the default catalog (one fault each, or several in
 * many-faults), an optional case.yaml (`clone: { site, count }` adds copies of a site
 * on fresh networks) and expected.txt, the exact lines the real app command prints.
 * Every case must exit 1 and write no stack.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { SAMPLE_DIR } from './support/catalog';
import { runApp } from './support/synth';

const CORPUS = path.join(__dirname, 'corpus');
const CASES = fs.readdirSync(CORPUS).sort();

/** A folder with `sites/` = the default catalog, overlaid with the case's files. */
function caseCatalog(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `corpus-${name}-`));
  const sites = path.join(dir, 'sites');
  fs.mkdirSync(sites);
  for (const f of fs.readdirSync(SAMPLE_DIR)) fs.copyFileSync(path.join(SAMPLE_DIR, f), path.join(sites, f));
  for (const f of fs.readdirSync(path.join(CORPUS, name))) {
    if (f.endsWith('.yaml') && f !== 'case.yaml') fs.copyFileSync(path.join(CORPUS, name, f), path.join(sites, f));
  }
  const spec = path.join(CORPUS, name, 'case.yaml');
  if (fs.existsSync(spec)) {
    const { clone } = parse(fs.readFileSync(spec, 'utf8')) as { clone: { site: string; count: number } };
    const text = fs.readFileSync(path.join(sites, `${clone.site}.yaml`), 'utf8');
    const octet = Number(/10\.(\d+)\./.exec(text)?.[1]);
    for (let i = 0; i < clone.count; i++) {
      const id = `store${100 + i}`;
      // Each copy's hosts get thumbprints of their own: a copied thumbprint is a fault of its own.
      let host = 0;
      const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
      const copy = text
        .replace(new RegExp(`\\b${clone.site}\\b`, 'g'), id)
        .replace(new RegExp(`\\b10\\.${octet}\\.`, 'g'), `10.${100 + i}.`)
        .replace(/"((?:[0-9A-F]{2}:){18})[0-9A-F]{2}:[0-9A-F]{2}"/g, (_match, head: string) => `"${head}${hex(i)}:${hex(host++)}"`);
      fs.writeFileSync(path.join(sites, `${id}.yaml`), copy);
    }
  }
  return dir;
}

describe('bad-catalog corpus through the app command', () => {
  test('the corpus covers the faults the guardrails promise', () => {
    expect(CASES).toEqual(
      expect.arrayContaining(['wrong-host-count', 'duplicate-id', 'overlapping-cidr', 'bad-vlan', 'unknown-ring', 'unknown-key', 'malformed-yaml', 'secret-in-catalog', 'witness-over-capacity', 'many-faults']),
    );
  });

  test.each(CASES)('%s', (name) => {
    const cwd = caseCatalog(name);
    const run = runApp({ SITE_CATALOG: 'sites' }, cwd);
    const expected = fs.readFileSync(path.join(CORPUS, name, 'expected.txt'), 'utf8');
    expect(run.stderr).toBe(expected);
    expect(run.status).toBe(1);
    expect(run.stacks).toEqual([]);
  });
});
