/**
 * The command itself, run as `npm run review` runs it (node tools/run.js
 * tools/review/main.ts): exit codes 0 / 2 / 1, messages for bad arguments and
 * inputs, both formats.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runReview } from '../../tools/review/cli';
import { openSynthDir, readStackPair } from '../../tools/review/load';
import { ReviewReport } from '../../tools/review/types';
import { clone, fleet, runCli, runJson, set, writeSynth } from './fixtures';

const SITES = { edge01: 'canary', edge02: 'canary', edge03: 'production' };

describe('review command (process)', () => {
  test('exit 0 and "no changes" when nothing changed', () => {
    const dir = writeSynth(fleet(SITES));
    const run = runCli(['--base', dir, '--head', writeSynth(fleet(SITES))]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^## Fleet review: no changes \(4 stacks\)\n/);
  });

  test('exit 2 when something changed; --format json prints the report', () => {
    const head = fleet(SITES);
    set(head.edge02, 'resource.vsphere_datacenter.dc.folder', '/edge');
    const { status, report } = runJson(writeSynth(fleet(SITES)), writeSynth(head));
    expect(status).toBe(2);
    expect(report.changed).toBe(true);
    expect(report.groups.map((g) => g.sites)).toEqual([['edge02']]);
    expect(report.warnings.map((w) => [w.kind, w.address, w.sites])).toEqual([
      ['replace', 'vsphere_compute_cluster.cluster', ['edge02']],
      ['replace', 'vsphere_datacenter.dc', ['edge02']],
      ['replace', 'vsphere_distributed_virtual_switch.vds', ['edge02']],
    ]);
  });

  test('exit 1 with a message naming the folder without manifest.json', () => {
    const empty = fs.mkdtempSync(path.join(writeSynth({}), 'cdktf.out.base'));
    const run = runCli(['--base', empty, '--head', writeSynth(fleet(SITES))]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`review: --base ${empty}: no manifest.json (not a cdktf output folder)\n`);
  });

  test('exit 1 with usage for a missing argument', () => {
    const run = runCli(['--base', writeSynth(fleet(SITES))]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^review: missing --head <synth dir>\n\nusage: npm run review -- --base <synth dir> --head <synth dir> \[--format markdown\|json\]/);
  });
});

describe('arguments and inputs (in-process)', () => {
  const good = writeSynth(fleet(SITES));

  test.each([
    [['--base', good, '--head', good, '--format', 'xml'], 'review: --format xml: expected markdown or json'],
    [['--base', good, '--head', good, '--verbose'], 'review: unknown argument --verbose'],
    [['--head', good], 'review: missing --base <synth dir>'],
    [['--base', good, '--head'], 'review: --head needs a value'],
    [['--base', good, '--base', good, '--head', good], 'review: --base given twice'],
    [['--base', '/nonexistent/out', '--head', good], 'review: --base /nonexistent/out: no such folder'],
  ])('%j → %s', (args, message) => {
    const run = runReview(args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(message);
  });

  test('a stack the manifest lists but whose file is missing, or invalid JSON', () => {
    const missing = writeSynth(fleet(SITES));
    fs.rmSync(path.join(missing, 'stacks', 'edge02', 'cdk.tf.json'));
    expect(runReview(['--base', good, '--head', missing]).stderr).toBe(`review: --head ${missing}: stack edge02: missing stacks/edge02/cdk.tf.json\n`);
    const broken = writeSynth(fleet(SITES));
    fs.writeFileSync(path.join(broken, 'stacks', 'edge01', 'cdk.tf.json'), '{ "resource": ');
    const run = runReview(['--base', broken, '--head', good]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^review: --base ${path.join(broken, 'stacks', 'edge01', 'cdk.tf.json')}: invalid JSON: `));
  });

  test('--help prints the usage and exits 0; --flag=value works', () => {
    expect(runReview(['--help'])).toMatchObject({ code: 0, stderr: '' });
    expect(runReview(['--help']).stdout).toContain('exit codes: 0 no change, 2 changes found, 1 usage or input error');
    const head = clone(fleet(SITES));
    set(head.edge03, 'output.ring.value', 'canary');
    const run = runReview([`--base=${good}`, `--head=${writeSynth(head)}`, '--format=json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as ReviewReport;
    expect(report.groups[0]).toMatchObject({ sites: ['edge03'], rings: [{ ring: 'canary', sites: 1 }] });
    expect(report.groups[0].changes[0].attributes).toEqual([{ path: 'value', op: 'changed', before: 'production', after: 'canary' }]);
  });
});

describe('reading a stack from both folders', () => {
  test('byte-identical files are read and parsed once; differing ones apart; a missing side is undefined', () => {
    const head = fleet(SITES);
    set(head.edge02, 'resource.vsphere_datacenter.dc.folder', '/edge');
    const [base, changed] = [openSynthDir('--base', writeSynth(fleet(SITES))), openSynthDir('--head', writeSynth(head))];
    const [a, b] = readStackPair(base, changed, 'edge01');
    expect(a).toBe(b);
    expect(a?.json).toEqual(fleet(SITES).edge01);
    const [c, d] = readStackPair(base, changed, 'edge02');
    expect(c).not.toBe(d);
    expect([c?.text === d?.text, (d?.json as { resource: { vsphere_datacenter: { dc: { folder: string } } } }).resource.vsphere_datacenter.dc.folder]).toEqual([false, '/edge']);
    const fewer = fleet(SITES);
    delete (fewer as Record<string, unknown>).edge03;
    const [e, f] = readStackPair(base, openSynthDir('--head', writeSynth(fewer)), 'edge03');
    expect([e?.name, f]).toEqual(['edge03', undefined]);
  });

  test('a file that is not JSON is named with its side, whether or not the other side has the same bytes', () => {
    for (const same of [true, false]) {
      const [baseDir, headDir] = [writeSynth(fleet(SITES)), writeSynth(fleet(SITES))];
      fs.writeFileSync(path.join(headDir, 'stacks', 'edge01', 'cdk.tf.json'), '{ not json');
      if (same) fs.writeFileSync(path.join(baseDir, 'stacks', 'edge01', 'cdk.tf.json'), '{ not json');
      const [base, head] = [openSynthDir('--base', baseDir), openSynthDir('--head', headDir)];
      expect(() => readStackPair(base, head, 'edge01')).toThrow(same ? `--base ${path.join(baseDir, 'stacks', 'edge01', 'cdk.tf.json')}: invalid JSON` : `--head ${path.join(headDir, 'stacks', 'edge01', 'cdk.tf.json')}: invalid JSON`);
    }
  });
});
