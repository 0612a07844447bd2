/**
 * The review tool on real synthesized outputs of the default catalog and changed
 * copies of it, synthesized by the app command as CI does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parse, parseDocument } from 'yaml';
import { runReview } from '../../tools/review/cli';
import { ROOT, setPath } from '../support/catalog';
import { runApp, synthAfter } from '../support/synth';

const base = runApp({}).outdir;

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

  test('a ring upgrade names exactly the sites of that ring, the changed spec.topology.version, and a rollout warning per site', () => {
    const r = review(
      synthAfter((c) => {
        setPath(c.fleet, 'rings.production.tkgVersion', 'v1.25.7+vmware.2-tkg.1');
        // edge52 autoscales: the ring's cluster-autoscaler must be the new minor's (the validator refuses otherwise).
        setPath(c.fleet, 'rings.production.clusterAutoscalerImage', 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1');
      }),
    );
    expect(r.code).toBe(2);
    expect(r.json.groups.flatMap((g) => g.sites).sort()).toEqual(['edge41', 'edge52']);
    for (const group of r.json.groups) {
      const cluster = group.changes.find((c) => c.address.startsWith('kubernetes_manifest.workload-cluster_'));
      expect(cluster?.attributes).toEqual([{ path: 'manifest.spec.topology.version', op: 'changed', before: 'v1.24.10+vmware.1-tkg.1', after: 'v1.25.7+vmware.2-tkg.1' }]);
    }
    expect(r.json.warnings.filter((w) => w.kind === 'rollout').flatMap((w) => w.sites).sort()).toEqual(['edge41', 'edge52']);
    expect(r.json.summary.rings.find((ring) => ring.ring === 'production')?.sites).toEqual(['edge41', 'edge52']);
    expect(r.markdown).toContain('`manifest.spec.topology.version`: `"v1.24.10+vmware.1-tkg.1"` → `"v1.25.7+vmware.2-tkg.1"`');
    expect(r.markdown).toContain('rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes v1.24.10+vmware.1-tkg.1 → v1.25.7+vmware.2-tkg.1');
  });

  test('one field of one site: that site only, that path only', () => {
    const r = review(synthAfter((c) => setPath(c.sites.edge33, 'tkg.workers.replicas', 3)));
    expect(r.json.groups.map((g) => g.sites)).toEqual([['edge33']]);
    const paths = r.json.groups[0].changes.flatMap((c) => c.attributes.map((a) => a.path));
    expect(paths).toEqual(['manifest.spec.topology.workers.machineDeployments[0].replicas']);
  });

  test('a new site is reported as added', () => {
    const r = review(
      synthAfter((c) => {
        c.sites.edge70 = parse(JSON.stringify(c.sites.edge60).replace(/edge60/g, 'edge70').replace(/10\.60\./g, '10.70.')) as typeof c.sites.edge60;
      }),
    );
    expect(r.json.summary.stacks).toMatchObject({ added: 1, removed: 0, changed: 0 });
    expect(r.json.groups).toEqual([expect.objectContaining({ status: 'added', sites: ['edge70'] })]);
  });

  test('a removed site is reported with a warning for each stateful resource it would destroy', () => {
    const r = review(synthAfter((c) => delete c.sites.edge41));
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
    const r = review(synthAfter((c) => setPath(c.sites.edge33, 'addons.harbor', { enabled: false })));
    const forgotten = r.json.warnings.filter((w) => w.kind === 'forget').map((w) => w.address);
    expect(forgotten).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.addons_harbor_package_install_/), expect.stringMatching(/^harbor_registry\./)]));
    expect(r.json.warnings.filter((w) => w.kind === 'destroy' && forgotten.includes(w.address))).toEqual([]);
    expect(r.markdown).toContain('leaves Terraform, not destroyed (removed block, destroy = false)');
  });
});

type Step = { id?: string; name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> };
type Workflow = {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; needs?: string; if?: string }>;
};

function readWorkflow(file: string): { text: string; workflow: Workflow } {
  const text = fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8');
  return { text, workflow: parse(text) as Workflow };
}

const allSteps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);

describe('the pull-request workflow', () => {
  const { text: reviewText, workflow } = readWorkflow('fleet-review.yml');
  const { text: commentText, workflow: comment } = readWorkflow('fleet-review-comment.yml');
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const plans = workflow.jobs['speculative-plans'];
  const planStep = plans.steps.find((s) => s.run?.includes('terraform plan')) as Step;
  const commentSteps = comment.jobs.comment.steps;

  test('both files are YAML without errors or warnings', () => {
    for (const text of [reviewText, commentText]) {
      const doc = parseDocument(text, { uniqueKeys: true });
      expect([...doc.errors, ...doc.warnings].map((e) => e.message)).toEqual([]);
    }
  });

  test('runs on pull requests with a read-only token, and has the review and plan jobs', () => {
    expect(workflow.name).toBe('Fleet review');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(workflow.jobs)).toEqual(['review', 'speculative-plans']);
    expect(plans.needs).toBe('review');
    expect(allSteps(workflow).some((s) => s.uses?.startsWith('actions/github-script'))).toBe(false);
  });

  test('installs, tests, synthesizes base and head, reviews, keeps the report and the PR number as an artifact', () => {
    const steps = workflow.jobs.review.steps;
    const runs = steps.map((s) => s.run ?? s.uses ?? '').join('\n');
    for (const expected of ['npm ci', 'npm test', 'npx cdktf synth --output "$RUNNER_TEMP/head"', 'npx cdktf synth --output "$RUNNER_TEMP/base"', 'npm run --silent review --', '>> "$GITHUB_STEP_SUMMARY"']) {
      expect(runs).toContain(expected);
    }
    expect(scripts.review).toBe('node tools/run.js tools/review/main.ts');
    const keep = steps.find((s) => s.run?.includes('pr-number')) as Step;
    expect(keep.env).toEqual({ PR_NUMBER: '${{ github.event.pull_request.number }}' });
    const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4') as Step;
    expect(steps.indexOf(upload)).toBe(steps.length - 1);
    expect(upload.with).toMatchObject({ name: 'fleet-review', path: '${{ runner.temp }}/fleet-review/', 'if-no-files-found': 'error' });
  });

  test('installs Terraform (the catalog\'s version with terraformCloud: cdktf checks the binary for the cloud block) before testing and synthesizing', () => {
    const steps = workflow.jobs.review.steps;
    const tfc = steps.findIndex((s) => s.run === 'npm run --silent tfc-settings >> "$GITHUB_OUTPUT"');
    const setup = steps.findIndex((s) => s.uses === 'hashicorp/setup-terraform@v3');
    const test = steps.findIndex((s) => s.run === 'npm test');
    const synth = steps.findIndex((s) => s.run?.includes('npx cdktf synth'));
    expect([tfc >= 0, tfc < setup, setup < test, setup < synth]).toEqual([true, true, true, true]);
    expect(steps[setup].if).toBeUndefined();
    expect(steps[setup].with).toMatchObject({ terraform_version: '${{ steps.tfc.outputs.cli_version }}' });
  });

  test('builds the providers and the API server and installs etcd before the tests (GitHub sets CI=true: missing tools fail them), validates after', () => {
    const steps = workflow.jobs.review.steps;
    const at = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);
    const go = at((s) => s.uses === 'actions/setup-go@v5');
    const etcd = at((s) => s.run?.includes('apt-get install') === true && s.run.includes('etcd-server'));
    const build = at((s) => s.run === 'npm run providers && npm run apiserver');
    const test = at((s) => s.run === 'npm test');
    const validate = at((s) => s.run === 'npm run validate');
    expect([go >= 0, go < build, etcd >= 0, etcd < test, build < test, test < validate]).toEqual([true, true, true, true, true, true]);
    expect(steps[go].with).toMatchObject({ 'go-version': '1.26' });
    expect([scripts.providers, scripts.apiserver, scripts.validate]).toEqual(['node tools/run.js tools/providers/build.ts', 'node tools/run.js tools/sim/build.ts', 'node tools/run.js tools/validate/validate.ts']);
  });

  test('the comment workflow: after "Fleet review", may comment, never checks out the pull request', () => {
    expect(comment.on).toEqual({ workflow_run: { workflows: ['Fleet review'], types: ['completed'] } });
    expect(comment.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
    expect(comment.jobs.comment.if).toContain("github.event.workflow_run.event == 'pull_request'");
    for (const step of allSteps(comment)) {
      expect(step.uses ?? '').not.toMatch(/^actions\/checkout/);
      expect(step.run ?? '').not.toMatch(/\b(npm|npx|node|git)\b/);
    }
    const download = commentSteps.find((s) => s.uses === 'actions/download-artifact@v4') as Step;
    expect(download.with).toMatchObject({ name: 'fleet-review', 'run-id': '${{ github.event.workflow_run.id }}', 'github-token': '${{ github.token }}' });
  });

  test('the comment workflow validates the PR number before posting the single marker comment', () => {
    const validate = commentSteps.find((s) => s.id === 'pr') as Step;
    expect(validate.run).toContain('[[ "$number" =~ ^[0-9]{1,10}$ ]]');
    expect(validate.run).toMatch(/exit 1/);
    const post = commentSteps.find((s) => s.uses === 'actions/github-script@v7') as Step;
    expect(commentSteps.indexOf(post)).toBeGreaterThan(commentSteps.indexOf(validate));
    expect(post.env).toMatchObject({ PR_NUMBER: '${{ steps.pr.outputs.number }}', HEAD_SHA: '${{ github.event.workflow_run.head_sha }}' });
    const script = post.with?.script ?? '';
    expect(script).toContain("const marker = '<!-- tanzu-edge-fleet-review -->'");
    expect(script).toContain('pull.head.sha !== process.env.HEAD_SHA');
    expect(script).toMatch(/updateComment[\s\S]*createComment/);
  });

  test('plans only for same-repository pull requests, only the changed stacks, only with a token and terraformCloud', () => {
    expect(plans.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(plans.if).toContain("needs.review.outputs.changed == 'true'");
    const settings = plans.steps.find((s) => s.id === 'tfc') as Step;
    expect(settings.if).toBe("steps.token.outputs.present == 'true'");
    expect(settings.run).toContain('npm run --silent tfc-settings');
    expect(settings.run).toContain('>> "$GITHUB_OUTPUT"');
    expect(settings.run).toMatch(/No terraformCloud in .* >> "\$GITHUB_STEP_SUMMARY"/);
    expect(scripts['tfc-settings']).toBe('node tools/run.js tools/ci/tfc-settings.ts');
    const after = plans.steps.slice(plans.steps.indexOf(settings) + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.if === "steps.tfc.outputs.enabled == 'true'")).toBe(true);
    expect(planStep.run).toMatch(/SITES="\$sites" npx cdktf synth/);
  });

  test('Terraform version and host come from the catalog settings, not literals', () => {
    const setup = plans.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform')) as Step;
    expect(setup.with).toMatchObject({
      terraform_version: '${{ steps.tfc.outputs.terraform_version }}',
      cli_config_credentials_hostname: '${{ steps.tfc.outputs.hostname }}',
      cli_config_credentials_token: '${{ secrets.TF_API_TOKEN }}',
    });
    expect(reviewText).not.toMatch(/\b\d+\.\d+\.\d+\b/);
    expect(planStep.env).toEqual({
      TFC_HOSTNAME: '${{ steps.tfc.outputs.hostname }}',
      TFC_ORGANIZATION: '${{ steps.tfc.outputs.organization }}',
      WORKSPACE_PREFIX: '${{ steps.tfc.outputs.workspace_prefix }}',
    });
  });

  test('checks that the workspace exists before terraform init, and skips a missing one', () => {
    const run = planStep.run as string;
    expect(run).toContain('"https://$TFC_HOSTNAME/api/v2/organizations/$TFC_ORGANIZATION$1"');
    expect(run).toContain('--header "Authorization: Bearer $TF_API_TOKEN"');
    expect(run).toContain('--header "Content-Type: application/vnd.api+json"');
    const check = run.indexOf('status=$(tfc_status "/workspaces/$workspace")');
    const init = run.indexOf('terraform init -input=false');
    expect(check).toBeGreaterThan(0);
    expect(check).toBeLessThan(init);
    const missing = run.slice(check, init);
    expect(missing).toContain('if [ "$status" = "404" ]');
    expect(missing).toContain('workspace created when the fleet stack is applied; no plan.');
    expect(missing).toMatch(/continue/);
    expect(missing).toMatch(/if \[ "\$status" != "200" \]; then[\s\S]*exit 1/);
  });

  test('both files: every run: block is valid bash, every github-script valid JavaScript', () => {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    const steps = [...allSteps(workflow), ...allSteps(comment)];
    expect(steps.filter((s) => s.run).length).toBeGreaterThanOrEqual(12);
    for (const step of steps) {
      if (step.run) {
        // GitHub replaces ${{ ... }} before bash sees the script.
        const script = step.run.replace(/\$\{\{[^}]*\}\}/g, 'x');
        const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
        expect({ step: step.name ?? step.run, status: check.status, stderr: check.stderr }).toEqual({ step: step.name ?? step.run, status: 0, stderr: '' });
      }
      if (step.uses?.startsWith('actions/github-script')) {
        expect(() => new AsyncFunction('require', 'github', 'context', 'core', step.with?.script ?? '')).not.toThrow();
      }
    }
  });
});
