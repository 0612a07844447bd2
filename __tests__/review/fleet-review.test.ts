/**
 * The review tool on real synthesized outputs of the default catalog and changed
 * copies of it, synthesized by the app command as CI does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { runReview } from '../../tools/review/cli';
import { ROOT, EditableCatalog, editableSample, setPath, toSources, writeCatalog } from '../support/catalog';
import { runApp } from '../support/synth';

const base = runApp({}).outdir;

function headAfter(edit: (c: EditableCatalog) => void): string {
  const c = editableSample();
  edit(c);
  const run = runApp({ SITE_CATALOG: writeCatalog(toSources(c)) });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.outdir;
}

type Report = {
  changed: boolean;
  summary: { stacks: Record<string, number>; rings: Array<{ ring: string; sites: string[] }> };
  warnings: Array<{ kind: string; address: string; sites: string[] }>;
  groups: Array<{ status: string; sites: string[]; changes: Array<{ address: string; kind: string; attributes: Array<{ path: string; before?: unknown; after?: unknown }> }> }>;
};

function review(head: string): { code: number; markdown: string; json: Report } {
  const md = runReview(['--base', base, '--head', head]);
  const json = runReview(['--base', base, '--head', head, '--format', 'json']);
  return { code: md.code, markdown: md.stdout, json: JSON.parse(json.stdout) as Report };
}

describe('fleet review of real synth outputs', () => {
  test('no change: exit 0', () => {
    const r = review(runApp({}).outdir);
    expect(r.code).toBe(0);
    expect(r.json.changed).toBe(false);
  });

  test('a ring upgrade names exactly the sites of that ring and the changed spec.topology.version', () => {
    const r = review(headAfter((c) => setPath(c.fleet, 'rings.production.tkgVersion', 'v1.25.7+vmware.2-tkg.1')));
    expect(r.code).toBe(2);
    expect(r.json.groups).toHaveLength(1);
    const [group] = r.json.groups;
    expect(group.sites).toEqual(['edge41', 'edge52']);
    const cluster = group.changes.find((c) => c.address.startsWith('kubernetes_manifest.workload-cluster_'));
    expect(cluster?.attributes).toEqual([{ path: 'manifest.spec.topology.version', op: 'changed', before: 'v1.24.10+vmware.1-tkg.1', after: 'v1.25.7+vmware.2-tkg.1' }]);
    expect(r.json.summary.rings.find((ring) => ring.ring === 'production')?.sites).toEqual(['edge41', 'edge52']);
    expect(r.markdown).toContain('`manifest.spec.topology.version`: `"v1.24.10+vmware.1-tkg.1"` → `"v1.25.7+vmware.2-tkg.1"`');
    expect(r.markdown).toMatch(/2 sites \(production\)/);
  });

  test('one field of one site: that site only, that path only', () => {
    const r = review(headAfter((c) => setPath(c.sites.edge33, 'tkg.workers.replicas', 3)));
    expect(r.json.groups.map((g) => g.sites)).toEqual([['edge33']]);
    const paths = r.json.groups[0].changes.flatMap((c) => c.attributes.map((a) => a.path));
    expect(paths).toEqual(['manifest.spec.topology.workers.machineDeployments[0].replicas']);
  });

  test('a new site is reported as added', () => {
    const r = review(
      headAfter((c) => {
        c.sites.edge70 = parse(JSON.stringify(c.sites.edge60).replace(/edge60/g, 'edge70').replace(/10\.60\./g, '10.70.')) as typeof c.sites.edge60;
      }),
    );
    expect(r.json.summary.stacks).toMatchObject({ added: 1, removed: 0, changed: 0 });
    expect(r.json.groups).toEqual([expect.objectContaining({ status: 'added', sites: ['edge70'] })]);
  });

  test('a removed site is reported with a warning for each stateful resource it would destroy', () => {
    const r = review(headAfter((c) => delete c.sites.edge41));
    expect(r.json.summary.stacks).toMatchObject({ removed: 1 });
    const destroyed = r.json.warnings.filter((w) => w.kind === 'destroy').map((w) => w.address);
    expect(destroyed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vsphere_host\.hosts_preferred_/),
        expect.stringMatching(/^vsphere_compute_cluster\.cluster_/),
        expect.stringMatching(/^kubernetes_manifest\.workload-cluster_[0-9A-F]+$/),
        'vsphere_datacenter.datacenter',
      ]),
    );
    expect(r.markdown).toMatch(/edge41/);
  });

  test('Harbor turned off at a site: its Harbor leaves Terraform (removed blocks), reported as such, not as destroyed', () => {
    const r = review(headAfter((c) => setPath(c.sites.edge33, 'addons.harbor', { enabled: false })));
    const forgotten = r.json.warnings.filter((w) => w.kind === 'forget').map((w) => w.address);
    expect(forgotten).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.addons_harbor_package_install_/), expect.stringMatching(/^harbor_registry\./)]));
    expect(r.json.warnings.filter((w) => w.kind === 'destroy' && forgotten.includes(w.address))).toEqual([]);
    expect(r.markdown).toContain('leaves Terraform, not destroyed (removed block, destroy = false)');
  });
});

describe('the pull-request workflow', () => {
  const workflow = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/fleet-review.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Array<{ run?: string; uses?: string; if?: string }>; needs?: string }>;
  };
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  test('runs on pull requests, may comment, and has the review and plan jobs', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(Object.keys(workflow.jobs)).toEqual(['review', 'speculative-plans']);
    expect(workflow.jobs['speculative-plans'].needs).toBe('review');
  });

  test('installs, tests, synthesizes base and head, reviews, comments', () => {
    const runs = workflow.jobs.review.steps.map((s) => s.run ?? s.uses ?? '').join('\n');
    for (const expected of ['npm ci', 'npm test', 'npx cdktf synth --output "$RUNNER_TEMP/head"', 'npx cdktf synth --output "$RUNNER_TEMP/base"', 'npm run --silent review --', 'actions/github-script']) {
      expect(runs).toContain(expected);
    }
    expect(scripts.review).toBe('node tools/run.js tools/review/main.ts');
  });

  test('plans only the changed stacks, and only with a token', () => {
    const steps = workflow.jobs['speculative-plans'].steps;
    expect(steps.filter((s) => s.uses || s.run?.includes('terraform plan')).every((s) => s.if === "steps.token.outputs.present == 'true'")).toBe(true);
    expect(steps.map((s) => s.run ?? '').join('\n')).toMatch(/SITES="\$sites" npx cdktf synth/);
  });
});
