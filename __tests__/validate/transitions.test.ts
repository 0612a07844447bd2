/**
 * Catalog edits planned by real Terraform from the state of the shape before, with the
 * providers built here (random, tls; vsphere, kubernetes and harbor objects are cut out:
 * the module proxy refuses those releases, see tools/providers/releases.ts). The state
 * comes from applying the active shape of edge33 (its Harbor's generated secrets and TLS
 * key and certificate). For each edit: Terraform's plan must not destroy what the
 * previous shape ran (only decommissioning may), must not fail (no missing provider
 * configuration), and the review tool must report exactly what the plan forgets.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { runReview } from '../../tools/review/cli';
import { CLI_CONFIG, mirrorEnv, mirroredProviders, platform } from '../../tools/providers/mirror';
import { PROVIDER_REQUIREMENTS } from '../../stacks/fleet-stack-base';
import { TerraformConfig } from '../../tools/validate/partial';
import { PartialWorkspace, PlannedChange, applyPartial, planPartial, writePartial } from '../../tools/validate/plan-partial';
import { EditableCatalog, setPath } from '../support/catalog';
import { synthAfter } from '../support/synth';
import { HAVE_TERRAFORM, haveBuiltProviders, testWhen } from '../support/tools';

const ready = HAVE_TERRAFORM && haveBuiltProviders() && fs.existsSync(CLI_CONFIG);
const withProviders = testWhen(ready, 'transitions.test: terraform or the providers of `npm run providers` are missing; plans from state cannot run');

const mirrored = ready ? new Set(mirroredProviders(platform()).keys()) : new Set<string>();
const missing = new Set(Object.entries(PROVIDER_REQUIREMENTS).filter(([, r]) => !mirrored.has(r.source)).map(([name]) => name));
const stackOf = (outdir: string): TerraformConfig => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'edge33', 'cdk.tf.json'), 'utf8')) as TerraformConfig;

describe('catalog edits planned from the previous shape’s state (edge33)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'transitions-'));
  const env = mirrorEnv(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  // A fleet CA of the test's own, so the tls provider can sign the site Harbor's
  // certificate with a key that matches the catalog's certificateAuthority.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=Test Fleet CA', '-keyout', path.join(root, 'ca.key'), '-out', path.join(root, 'ca.crt')], { stdio: 'ignore' });
  const ca = { certificate: fs.readFileSync(path.join(root, 'ca.crt'), 'utf8'), key: fs.readFileSync(path.join(root, 'ca.key'), 'utf8') };
  const synth = (edit: (c: EditableCatalog) => void = () => undefined) =>
    synthAfter((c) => {
      setPath(c.fleet, 'certificateAuthority', ca.certificate);
      edit(c);
    });
  const active = synth();

  /** A workspace holding the applied active shape's state, with `next` written over it. */
  function fromActive(name: string, next: string): PartialWorkspace {
    const workspace = { dir: path.join(root, name), binary: 'terraform', env };
    writePartial(workspace, stackOf(active), missing, { fleet_ca_private_key: ca.key });
    applyPartial(workspace);
    writePartial(workspace, stackOf(next), missing, { fleet_ca_private_key: ca.key });
    return workspace;
  }
  const withAction = (changes: readonly PlannedChange[], action: string) => changes.filter((c) => c.actions.includes(action)).map((c) => c.address).sort();
  const reviewWarnings = (head: string) =>
    (JSON.parse(runReview(['--base', active, '--head', head, '--format', 'json']).stdout) as { warnings: Array<{ kind: string; address: string }> }).warnings;

  withProviders('no edit: the applied active shape plans no change', () => {
    const plan = planPartial(fromActive('unchanged', active));
    expect(plan.error).toBe('');
    expect(plan.changes.length).toBeGreaterThanOrEqual(9);
    expect(plan.changes.filter((c) => c.actions.join() !== 'no-op')).toEqual([]);
  });

  for (const [edit, change] of [
    [
      'Harbor turned off',
      (c: EditableCatalog) => {
        setPath(c.sites.edge33, 'addons.harbor', { enabled: false });
        // Velero's chart and images come from the site Harbor: backups go off with it, and delivery (Argo CD, Flagger) too.
        setPath(c.sites.edge33, 'backup', { enabled: false });
        setPath(c.sites.edge33, 'delivery', { enabled: false });
      },
    ],
    ['back to bootstrap', (c: EditableCatalog) => setPath(c.sites.edge33, 'phase', 'bootstrap')],
  ] as const) {
    withProviders(`${edit}: the plan forgets Harbor's secrets and certificate, destroys nothing, and the review says so`, () => {
      const head = synth(change);
      const plan = planPartial(fromActive(edit.replace(/ /g, '-'), head));
      expect(plan.error).toBe('');
      const forgotten = withAction(plan.changes, 'forget');
      expect(forgotten).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^random_password\.addons_harbor_secret-key_/),
          expect.stringMatching(/^tls_private_key\.addons_harbor_tls-key_/),
          expect.stringMatching(/^tls_locally_signed_cert\.addons_harbor_tls-certificate_/),
        ]),
      );
      expect(forgotten).toHaveLength(9);
      expect(withAction(plan.changes, 'delete')).toEqual([]);
      // The review reports each forgotten object as leaving Terraform, none as destroyed.
      const warnings = reviewWarnings(head);
      // Only backups and delivery switched off destroy anything: their Apps, Secrets and robots (uninstalls, said in the review).
      expect(warnings.filter((w) => w.kind === 'destroy' && !/^(kubernetes_manifest|kubernetes_secret_v1)\.(velero|delivery)_|^harbor_robot_account\.(velero|delivery)-robot$/.test(w.address))).toEqual([]);
      if (edit === 'back to bootstrap') expect(warnings.filter((w) => w.kind === 'destroy')).toEqual([]);
      const reviewed = new Set(warnings.filter((w) => w.kind === 'forget').map((w) => w.address));
      expect(forgotten.filter((address) => !reviewed.has(address))).toEqual([]);
    });
  }

  withProviders('no credential variable has a validation block: Terraform prints a sensitive value whose validation fails', () => {
    // Measured with the Terraform the tests run: a failed validation's message shows the
    // value of a sensitive variable. If Terraform ever redacts it, this part fails, and
    // validations of credentials may come back.
    const workspace = { dir: path.join(root, 'sensitive-validation'), binary: 'terraform', env };
    fs.mkdirSync(workspace.dir, { recursive: true });
    const probe = { variable: { key: { type: 'string', sensitive: true, validation: [{ condition: '${length(var.key) > 100}', error_message: 'key is too short.' }] } } };
    fs.writeFileSync(path.join(workspace.dir, 'main.tf.json'), JSON.stringify(probe));
    fs.writeFileSync(path.join(workspace.dir, 'terraform.tfvars.json'), JSON.stringify({ key: 'Zq9-not-to-be-printed' }));
    const plan = planPartial(workspace);
    expect(plan.ok).toBe(false);
    expect(plan.error).toContain('key is too short.');
    expect(plan.error).toContain('Zq9-not-to-be-printed');
    // So the stacks validate no credential: their values are checked where they are used.
    const variables = (stackOf(active).variable ?? {}) as Record<string, { validation?: unknown }>;
    expect(Object.entries(variables).filter(([, v]) => v.validation !== undefined)).toEqual([]);
  });

  withProviders('decommissioning: destroying is possible only then; an active site’s destroy plan fails on prevent_destroy', () => {
    const decommissioning = synth((c) => setPath(c.sites.edge33, 'phase', 'decommissioning'));
    const workspace = fromActive('decommissioning', decommissioning);
    const plan = planPartial(workspace);
    expect(plan.error).toBe('');
    expect(withAction(plan.changes, 'delete')).toEqual([]);
    const destroy = planPartial(workspace, 'destroy');
    expect(destroy.error).toBe('');
    expect(withAction(destroy.changes, 'delete')).toHaveLength(9);

    const activeDestroy = planPartial(fromActive('active-destroy', active), 'destroy');
    expect(activeDestroy.ok).toBe(false);
    expect(activeDestroy.error).toMatch(/Instance cannot be destroyed/);
  });
});
