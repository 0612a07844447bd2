/**
 * Access as the site stacks synthesize it: the RBAC objects in each built site's access
 * Apps, the break-glass objects without any secret, the management cluster's Pinniped
 * checked at every plan, the cluster-admin policy rule and its waiver, and the review's
 * access warnings.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { SiteAccess } from '../../constructs/access/site-access';
import { GROUP_ANNOTATION, groupSlug } from '../../constructs/access/rbac';
import { parseCatalog } from '../../constructs/catalog/load';
import { findingsFor, mayBindClusterAdmin, PolicyError, yamlDocumentTexts } from '../../constructs/policy/fleet-policy';
import { FleetApp, buildFleet } from '../../stacks/fleet-app';
import { accessChanges, accessOf } from '../../tools/review/access';
import { stackWarnings } from '../../tools/review/warnings';
import { EditableCatalog, editableSample, sampleFleet, setPath, toSources } from '../support/catalog';
import { all, testStack } from '../support/stack';
import { TerraformJson, buildStacks, stackJson } from '../support/synth';

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; roleRef?: { name: string }; subjects?: Array<{ kind: string; name: string; namespace?: string }>; type?: string; data?: unknown } & Record<string, unknown>;
type App = { manifest: { kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: { cluster: unknown; fetch: Array<{ inline?: { paths?: Record<string, string> } }> } }; wait?: unknown; depends_on?: string[] };

const fleetOf = (edit?: (c: EditableCatalog) => void) => {
  if (!edit) return sampleFleet();
  const c = editableSample();
  edit(c);
  return parseCatalog(toSources(c));
};
const synthAll = (edit?: (c: EditableCatalog) => void): Record<string, TerraformJson> => Object.fromEntries(buildStacks(fleetOf(edit)).sites.map((s) => [s.node.id, stackJson(s)]));
const base = synthAll();

const apps = (json: TerraformJson): Record<string, App> =>
  Object.fromEntries((Object.values(all(json, 'kubernetes_manifest')) as unknown as App[]).filter((m) => m.manifest.kind === 'App').map((m) => [m.manifest.metadata.name, m]));
const docs = (app: App | undefined): Doc[] =>
  (app?.manifest.spec.fetch ?? []).flatMap((f) => Object.values(f.inline?.paths ?? {}).flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as Doc)));
const bindings = (app: App | undefined) =>
  docs(app)
    .filter((d) => d.kind.endsWith('RoleBinding'))
    .map((d) => `${d.kind} ${d.metadata.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata.name} -> ${d.roleRef?.name} (${(d.subjects ?? []).map((s) => `${s.kind} ${s.name}`).join(', ')})`);

describe('every built site carries the catalog access model as RBAC on its cluster', () => {
  test('edge33: the cluster App with the product roles, every cluster-wide binding and break-glass; the namespace App with the store operators', () => {
    const a = apps(base.edge33);
    expect(a.access.manifest.metadata).toEqual({ name: 'access', namespace: 'edge33', labels: { 'edge-fleet.tanzu/site': 'edge33', 'edge-fleet.tanzu/ring': 'canary' } });
    expect(a.access.manifest.spec.cluster).toEqual({ kubeconfigSecretRef: { name: 'tkg-edge33-wld01-kubeconfig', key: 'value' }, namespace: 'default' });
    expect(a.access.wait).toBeUndefined();
    expect(bindings(a.access)).toEqual([
      'ClusterRoleBinding edge-fleet:cluster-admin:tanzu-platform-admins -> cluster-admin (Group tanzu-platform-admins)',
      'ClusterRoleBinding edge-fleet:view:edge-noc -> view (Group edge-noc)',
      'ClusterRoleBinding edge-fleet:view-cluster:edge-noc -> edge-fleet:view-cluster (Group edge-noc)',
      'ClusterRoleBinding edge-fleet:view:edge-canary-testers -> view (Group edge-canary-testers)',
      'ClusterRoleBinding edge-fleet:view-cluster:edge-canary-testers -> edge-fleet:view-cluster (Group edge-canary-testers)',
      // operate reads everything: view cluster-wide.
      'ClusterRoleBinding edge-fleet:view:store-edge33-operators -> view (Group store-edge33-operators)',
      'ClusterRoleBinding edge-fleet:view-cluster:store-edge33-operators -> edge-fleet:view-cluster (Group store-edge33-operators)',
      'ClusterRoleBinding edge-fleet:break-glass:cluster-admin -> cluster-admin (ServiceAccount break-glass-g1)',
    ]);
    expect(bindings(a['access-namespaces'])).toEqual(['RoleBinding storefront/edge-fleet:operate:store-edge33-operators -> edge-fleet:operate (Group store-edge33-operators)']);
    // kapp waits for the application's namespace and never owns it.
    expect(docs(a['access-namespaces']).find((d) => d.kind === 'Namespace')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storefront', annotations: { 'kapp.k14s.io/exists': '' } } });
    expect(a['access-namespaces'].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.access_app_[0-9A-F]{8}$/)]));
  });

  test('the product roles: restart means patch workloads, delete pods, read logs; nothing else', () => {
    const operate = docs(apps(base.edge41).access).find((d) => d.metadata.name === 'edge-fleet:operate');
    expect(operate?.rules).toEqual([
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch', 'patch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    const viewCluster = docs(apps(base.edge41).access).find((d) => d.metadata.name === 'edge-fleet:view-cluster');
    expect(JSON.stringify(viewCluster?.rules)).not.toMatch(/secrets|"\*"|create|update|delete|patch/);
  });

  test('every object carries site and ring labels, role and layer; the group verbatim in an annotation', () => {
    for (const id of ['edge33', 'edge41', 'edge52']) {
      for (const app of Object.values(apps(base[id])).filter((x) => x.manifest.metadata.name.startsWith('access'))) {
        for (const d of docs(app).filter((x) => x.kind !== 'Config' && x.metadata.annotations?.['kapp.k14s.io/exists'] === undefined)) {
          if (!d.metadata.labels) throw new Error(`no labels on ${d.kind} ${d.metadata.name}`);
          expect(d.metadata.labels).toMatchObject({ 'edge-fleet.tanzu/site': id, 'edge-fleet.tanzu/ring': id === 'edge33' ? 'canary' : 'production' });
          if (d.kind.endsWith('RoleBinding') && !d.metadata.name.includes('break-glass')) {
            expect(d.metadata.labels).toHaveProperty(['edge-fleet.tanzu/access-role']);
            expect(d.metadata.annotations?.[GROUP_ANNOTATION]).toBe(d.subjects?.[0].name);
          }
        }
      }
    }
  });

  test('a bootstrapping site has none (no cluster yet); its full shape would', () => {
    expect(Object.keys(apps(base.edge60))).toEqual([]);
    expect(base.edge60.data?.kubernetes_config_map_v1).toBeUndefined();
  });

  test('group names that are not valid object names get a slug and a hash, distinct per group', () => {
    expect(groupSlug('edge-noc')).toBe('edge-noc');
    expect(groupSlug('CN=Store Ops,OU=Retail')).toMatch(/^cn-store-ops-ou-retail-[0-9a-f]{8}$/);
    expect(groupSlug('ops@corp')).not.toBe(groupSlug('ops#corp'));
  });
});

describe('break-glass', () => {
  test('a ServiceAccount of the generation, a token request without data, its binding, the kapp rule that keeps the token', () => {
    const d = docs(apps(base.edge52).access);
    expect(d.find((x) => x.kind === 'Namespace')?.metadata.name).toBe('edge-break-glass');
    expect(d.find((x) => x.kind === 'ServiceAccount')).toMatchObject({ metadata: { name: 'break-glass-g1', namespace: 'edge-break-glass' }, automountServiceAccountToken: false });
    const secret = d.find((x) => x.kind === 'Secret');
    expect(secret).toMatchObject({ type: 'kubernetes.io/service-account-token', metadata: { name: 'break-glass-g1-token', annotations: { 'kubernetes.io/service-account.name': 'break-glass-g1' } } });
    expect(secret).not.toHaveProperty('data');
    expect(secret).not.toHaveProperty('stringData');
    expect(d.find((x) => x.kind === 'Config')).toMatchObject({ rebaseRules: [{ paths: [['data'], ['metadata', 'annotations', 'kubernetes.io/service-account.uid']], type: 'copy', sources: ['existing', 'new'] }] });
  });

  test('no token, key or credential of break-glass anywhere in a site stack', () => {
    for (const id of ['edge33', 'edge41', 'edge52']) {
      const text = JSON.stringify(base[id]);
      expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|client-key-data|client-certificate-data/);
      // The only token in a stack is the management cluster provider's, a variable reference.
      expect(text.match(/"token":"[^"]*"/g)).toEqual(['"token":"${var.management_cluster_token}"']);
      expect(Object.values(all(base[id], 'kubernetes_secret_v1')).map((s) => (s as { metadata: { name: string } }).metadata.name).filter((n) => n.includes('break-glass') || n.includes('access'))).toEqual([]);
      for (const app of Object.values(apps(base[id]))) for (const d of docs(app)) if (d.kind === 'Secret') expect(Object.keys(d).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'type']);
    }
  });

  test('a new generation replaces the ServiceAccount and token; off removes them', () => {
    const next = synthAll((c) => setPath(c.sites.edge41, 'access.breakGlass.generation', 2));
    const d = docs(apps(next.edge41).access);
    expect(d.filter((x) => x.kind === 'ServiceAccount').map((x) => x.metadata.name)).toEqual(['break-glass-g2']);
    expect(bindings(apps(next.edge41).access)).toContain('ClusterRoleBinding edge-fleet:break-glass:cluster-admin -> cluster-admin (ServiceAccount break-glass-g2)');
    const off = synthAll((c) => setPath(c.sites.edge41, 'access.breakGlass.enabled', false));
    expect(docs(apps(off.edge41).access).filter((x) => x.metadata?.namespace === 'edge-break-glass' || x.metadata?.name === 'edge-break-glass')).toEqual([]);
  });

  test('role view binds view and view-cluster to the break-glass ServiceAccount', () => {
    const v = synthAll((c) => setPath(c.fleet, 'access.breakGlass.role', 'view'));
    expect(bindings(apps(v.edge41).access).filter((b) => b.includes('break-glass'))).toEqual([
      'ClusterRoleBinding edge-fleet:break-glass:view -> view (ServiceAccount break-glass-g1)',
      'ClusterRoleBinding edge-fleet:break-glass:view-cluster -> edge-fleet:view-cluster (ServiceAccount break-glass-g1)',
    ]);
  });
});

describe('identity: the management cluster Pinniped the sites rely on', () => {
  test("every built site reads kube-public/pinniped-info and fails the plan unless its issuer is the catalog's; the access App waits for the check", () => {
    for (const id of ['edge33', 'edge41', 'edge52']) {
      const data = base[id].data?.kubernetes_config_map_v1?.['pinniped-info'] as { metadata: unknown; lifecycle: { postcondition: Array<{ condition: string; error_message: string }> } };
      expect(data.metadata).toEqual({ namespace: 'kube-public', name: 'pinniped-info' });
      expect(data.lifecycle.postcondition[0].condition).toBe('${try(self.data["issuer"], "") == "https://pinniped.hub.tanzu.lab"}');
      expect(data.lifecycle.postcondition[0].error_message).toMatch(/^The management cluster's Pinniped supervisor is not the one fleet.yaml names/);
      expect(apps(base[id]).access.depends_on).toContain('data.kubernetes_config_map_v1.pinniped-info');
    }
  });

  test('without identity in fleet.yaml (and so no grants) no check is made; break-glass stays', () => {
    const none = synthAll((c) => {
      delete (c.fleet as { identity?: unknown }).identity;
      setPath(c.fleet, 'access', { breakGlass: { role: 'cluster-admin' } });
      delete (c.fleet.rings.canary as { access?: unknown }).access;
      delete (c.sites.edge33 as { access?: unknown }).access;
    });
    expect(none.edge33.data?.kubernetes_config_map_v1).toBeUndefined();
    expect(bindings(apps(none.edge33).access)).toEqual(['ClusterRoleBinding edge-fleet:break-glass:cluster-admin -> cluster-admin (ServiceAccount break-glass-g1)']);
    expect(apps(none.edge33)['access-namespaces']).toBeUndefined();
  });
});

describe('policy: cluster-admin only for platform administrators', () => {
  const edit = (c: EditableCatalog) => setPath(c.sites.edge33, 'access.grants', [{ group: 'store-edge33-operators', role: 'cluster-admin' }]);

  test('a site granting cluster-admin to its store operators stops synthesis, naming the binding and the group', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-policy-'));
    const app = new FleetApp({ outdir });
    buildFleet(app, fleetOf(edit), {});
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).violations.map((v) => `${v.stack}: ${v.rule}: ${v.message}`)).toEqual([
      "edge33: cluster-admin-grant: App document documents.yaml: ClusterRoleBinding edge-fleet:cluster-admin:store-edge33-operators binds cluster-admin to Group 'store-edge33-operators', which is not a platform administrator group (fleet.yaml access.platformAdmins: tanzu-platform-admins); allowed: a narrower role (view, operate, edit, admin), or the group in access.platformAdmins",
    ]);
  });

  test('waived in the site file: a warning, and the binding is synthesized', () => {
    const fleet = fleetOf((c) => {
      edit(c);
      setPath(c.sites.edge33, 'waivers', [{ rule: 'cluster-admin-grant', reason: 'store is a lab site run by the vendor (CHG-4711)' }]);
    });
    const stacks = buildStacks(fleet, ['edge33']);
    const site = stacks.sites[0];
    expect(site.policy.check(site)).toEqual([]);
    expect(bindings(apps(stackJson(site)).access)).toContain('ClusterRoleBinding edge-fleet:cluster-admin:store-edge33-operators -> cluster-admin (Group store-edge33-operators)');
  });

  test('the rule reads direct bindings and typed ones too; users and foreign ServiceAccounts are refused; platform groups and break-glass pass', () => {
    const crb = (subjects: unknown[]) => ({ manifest: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects } });
    const rules = (attrs: Record<string, unknown>, type = 'kubernetes_manifest') => findingsFor('resource', type, attrs, {}, ['platform']).map((f) => f.message);
    expect(rules(crb([{ kind: 'Group', name: 'platform' }, { kind: 'ServiceAccount', name: 'break-glass-g1', namespace: 'edge-break-glass' }]))).toEqual([]);
    expect(rules(crb([{ kind: 'User', name: 'jdoe' }]))).toEqual([expect.stringContaining("ClusterRoleBinding x binds cluster-admin to User 'jdoe'")]);
    expect(rules(crb([{ kind: 'ServiceAccount', name: 'ci', namespace: 'default' }]))).toEqual([expect.stringContaining("to ServiceAccount 'ci'")]);
    expect(rules({ metadata: [{ name: 'y' }], role_ref: [{ kind: 'ClusterRole', name: 'cluster-admin' }], subject: [{ kind: 'Group', name: 'others' }] }, 'kubernetes_cluster_role_binding_v1')).toEqual([expect.stringContaining("binds cluster-admin to Group 'others'")]);
    expect(rules(crb([{ kind: 'Group', name: 'others' }]).manifest.roleRef.name === 'cluster-admin' ? { manifest: { ...crb([]).manifest, roleRef: { kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'Group', name: 'others' }] } } : {})).toEqual([]);
  });
});

describe('the rule reads App documents however their YAML spells the binding', () => {
  const app = (text: string) => ({ manifest: { apiVersion: 'kappctrl.k14s.io/v1alpha1', kind: 'App', metadata: { name: 'a' }, spec: { fetch: [{ inline: { paths: { 'documents.yaml': text } } }] } } });
  const rules = (text: string) => findingsFor('resource', 'kubernetes_manifest', app(text), {}, ['platform']).map((f) => f.message);
  const binding = (kind: string, extra = '') => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${extra}kind: ${kind}\nmetadata: {name: x}\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: jdoe}]\n`;

  test.each([
    ['plain', binding('ClusterRoleBinding')],
    ['quoted', binding('"ClusterRoleBinding"')],
    ['a double-quoted escape', binding('"Cluster\\x52oleBinding"')],
    ['a unicode escape', binding('"\\u0043lusterRoleBinding"')],
    ['an alias', binding('*k', 'x-kinds: [&k ClusterRoleBinding]\n')],
    ['a block scalar', binding('>-\n  ClusterRoleBinding')],
    ['flow style', '{kind: RoleBinding, metadata: {name: x}, roleRef: {kind: ClusterRole, name: cluster-admin}, subjects: [{kind: User, name: jdoe}]}\n'],
  ])('%s', (_, text) => {
    expect(mayBindClusterAdmin(text)).toBe(true);
    expect(rules(text)).toEqual([expect.stringContaining("binds cluster-admin to User 'jdoe'")]);
  });

  test('only the documents that can bind cluster-admin are parsed, wherever they are in the stream', () => {
    const role = 'kind: ClusterRole\nmetadata: {name: r}\nrules: []\n';
    const view = 'kind: ClusterRoleBinding\nmetadata: {name: v}\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: User, name: jdoe}]\n';
    const admin = 'kind: ClusterRoleBinding\nmetadata: {name: a}\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: jdoe}]\n';
    const stream = [role, view, admin, role].join('---\n');
    expect(yamlDocumentTexts(stream).filter(mayBindClusterAdmin)).toEqual([`\n${admin}`]);
    expect(rules(stream)).toEqual([expect.stringContaining("ClusterRoleBinding a binds cluster-admin to User 'jdoe'")]);
    // cluster-admin named in one document and RoleBinding in another binds nothing.
    expect(rules(`${view}---\nkind: ConfigMap\ndata: {role: cluster-admin}\n`)).toEqual([]);
    // A marker with content after it starts a document; directives keep the stream whole.
    expect(yamlDocumentTexts('--- {a: 1}\n---\nb: 2\n')).toEqual(['', ' {a: 1}\n', '\nb: 2\n']);
    expect(rules(`%YAML 1.2\n---\n${admin}`)).toEqual([expect.stringContaining('binds cluster-admin')]);
    expect(yamlDocumentTexts(`%YAML 1.2\n---\n${admin}`)).toHaveLength(1);
  });

  test('a text without the kind and without escapes is not parsed, and holds no binding', () => {
    const text = 'kind: ClusterRole\nmetadata: {name: r}\nrules: []\n---\nkind: Role\nmetadata: {name: b}\n';
    expect(mayBindClusterAdmin(text)).toBe(false);
    expect(rules(text)).toEqual([]);
    // A folded line break inside the kind makes it another word, which YAML reads with a space.
    expect(rules('kind: Cluster\n  RoleBinding\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: jdoe}]\n')).toEqual([]);
  });
});

describe('SiteAccess props are checked before anything is built', () => {
  const ok = { namespace: 'edge33', kubeconfigSecretName: 'tkg-edge33-wld01-kubeconfig' };
  test.each<[string, ConstructorParameters<typeof SiteAccess>[2], string]>([
    ['nothing to grant', ok, "SiteAccess 'test/access': grants: nothing to grant; allowed: at least one grant or a break-glass ServiceAccount (or no SiteAccess)"],
    ['a group with a space', { ...ok, grants: [{ group: 'a b', role: 'view', layer: 'site' }] }, "SiteAccess 'test/access': grants[0].group: 'a b' is not allowed; allowed: a group name of 1-256 characters without whitespace, not a system: group"],
    ['operate without namespaces', { ...ok, grants: [{ group: 'g', role: 'operate', layer: 'site' }] }, "SiteAccess 'test/access': grants[0].namespaces: missing; required for role operate: the namespaces it acts in"],
    ['a platform namespace', { ...ok, grants: [{ group: 'g', role: 'edit', namespaces: ['velero'], layer: 'site' }] }, "SiteAccess 'test/access': grants[0].namespaces[0]: 'velero' is not allowed; allowed: an application namespace (a DNS label the platform does not own)"],
    ['the break-glass namespace', { ...ok, grants: [{ group: 'g', role: 'admin', namespaces: ['edge-break-glass'], layer: 'site' }] }, "SiteAccess 'test/access': grants[0].namespaces[0]: 'edge-break-glass' is not allowed"],
    ['cluster-admin in a namespace', { ...ok, grants: [{ group: 'g', role: 'cluster-admin', namespaces: ['pos'], layer: 'site' }] }, "SiteAccess 'test/access': grants[0].namespaces: not allowed with role cluster-admin; allowed: none (it is cluster-wide)"],
    ['generation 0', { ...ok, breakGlass: { role: 'cluster-admin', generation: 0 } }, "SiteAccess 'test/access': breakGlass.generation: 0 is not allowed; allowed: an integer of at least 1"],
  ])('%s', (_title, props, message) => {
    expect(() => new SiteAccess(testStack(), 'access', props)).toThrow(message);
  });
});

describe('review: access changes are their own warning kind, with the group, the role and the scope', () => {
  const item = (json: TerraformJson, name: string) => {
    const [address, body] = Object.entries(all(json, 'kubernetes_manifest')).find(([, m]) => (m as unknown as App).manifest.metadata.name === name) ?? [];
    if (!address) throw new Error(`no App ${name}`);
    return { address: `kubernetes_manifest.${address}`, body: body as never };
  };

  test('granted, revoked, rotated: one message each', () => {
    const after = synthAll((c) => {
      setPath(c.fleet, 'access.grants', [{ group: 'tanzu-platform-admins', role: 'cluster-admin' }, { group: 'edge-auditors', role: 'view' }]);
      setPath(c.sites.edge41, 'access.breakGlass.generation', 2);
    });
    expect(accessChanges(accessOf(item(base.edge41, 'access').body), accessOf(item(after.edge41, 'access').body))).toEqual([
      "grants group 'edge-auditors' role view (cluster-wide)",
      "revokes group 'edge-noc' role view (cluster-wide): kapp deletes the binding at the next sync",
      'rotates the break-glass ServiceAccount break-glass-g1 → break-glass-g2 (role cluster-admin): the old token stops working at the next sync; escrow the new one',
    ]);
  });

  test('stackWarnings: a changed access App gives access warnings; an unchanged one none; a per-namespace grant names its namespace', () => {
    const after = synthAll((c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'store-edge33-operators', role: 'operate', namespaces: ['storefront', 'kiosk'] }]));
    const [b, h] = [item(base.edge33, 'access-namespaces'), item(after.edge33, 'access-namespaces')];
    const change = { kind: 'changed' as const, block: 'resource' as const, address: b.address, type: 'kubernetes_manifest', manifestKind: 'App', stateful: false, attributes: [] };
    const warnings = stackWarnings('changed', [change as never], new Map([[b.address, b as never]]), new Map([[h.address, h as never]]));
    expect(warnings.map((w) => [w.kind, w.message])).toEqual([['access', "grants group 'store-edge33-operators' role operate (namespace kiosk)"]]);
    expect(stackWarnings('changed', [change as never], new Map([[b.address, b as never]]), new Map([[b.address, b as never]]))).toEqual([]);
  });
});
