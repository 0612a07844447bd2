/**
 * Add-ons as the site stacks synthesize them: one PackageInstall per enabled add-on,
 * in dependency order, every one valid against the kapp-controller schema; metrics and
 * logs set up to survive a lost WAN link; the site Harbor fed by the hub as its ring
 * says; and add-ons a site turns off are simply absent.
 */
import { ADDON_NAMES } from '../../constructs/catalog/model';
import { INSTALL_NAMES, SiteAddons } from '../../constructs/addons/site-addons';
import { sampleFleet, setPath } from '../support/catalog';
import { crdValidator, describeWithSchemas } from '../support/crd-schemas';
import { all, testStack } from '../support/stack';
import { TerraformJson, siteStacksAfter } from '../support/synth';

type Manifest = { manifest: { kind: string; metadata: { name: string; namespace: string; annotations?: Record<string, string> }; spec: Record<string, unknown> }; depends_on?: string[] };
type Secret = { metadata: { name: string }; data: Record<string, string> };

const synthAll = siteStacksAfter;
const base = synthAll();

const installs = (json: TerraformJson): Record<string, Manifest> =>
  Object.fromEntries(
    (Object.values(all(json, 'kubernetes_manifest')) as unknown as Manifest[]).filter((m) => m.manifest.kind === 'PackageInstall').map((m) => [m.manifest.metadata.name, m]),
  );
const secret = (json: TerraformJson, name: string): Secret | undefined =>
  (Object.values(all(json, 'kubernetes_secret_v1')) as unknown as Secret[]).find((s) => s.metadata.name === name);
const addressOf = (json: TerraformJson, name: string): string =>
  `kubernetes_manifest.${Object.entries(all(json, 'kubernetes_manifest')).find(([, m]) => (m as Manifest).manifest.metadata.name === name)?.[0]}`;

describe('add-ons of the default sites', () => {
  test('each active site installs exactly the add-ons its catalog enables', () => {
    expect(Object.keys(installs(base.edge33)).sort()).toEqual(['cert-manager', 'contour', 'fluent-bit', 'grafana', 'harbor', 'prometheus']);
    expect(Object.keys(installs(base.edge41)).sort()).toEqual(['cert-manager', 'contour', 'fluent-bit', 'harbor', 'prometheus']);
    expect(Object.keys(installs(base.edge52)).sort()).toEqual(['cert-manager', 'contour', 'external-dns', 'fluent-bit', 'grafana', 'harbor', 'multus', 'prometheus']);
    expect(installs(base.edge60)).toEqual({});
    expect(secret(base.edge41, 'grafana-values')).toBeUndefined();
  });

  test('installs come from the ring’s repository and package versions, into the site namespace', () => {
    const ring = sampleFleet().rings.find((r) => r.name === 'canary')?.packages;
    const edge33 = installs(base.edge33);
    expect(edge33.contour.manifest.spec).toMatchObject({
      packageRef: { refName: 'contour.tanzu.vmware.com', versionSelection: { constraints: ring?.versions.contour } },
      cluster: { kubeconfigSecretRef: { name: 'tkg-edge33-wld01-kubeconfig', key: 'value' } },
    });
    const repositories = Object.values(all(base.edge33, 'kubernetes_manifest')).filter((m) => (m as Manifest).manifest.kind === 'PackageRepository') as unknown as Manifest[];
    expect(repositories.map((r) => [r.manifest.metadata.namespace, (r.manifest.spec as { fetch: { imgpkgBundle: { image: string } } }).fetch.imgpkgBundle.image])).toEqual([['edge33', ring?.repository]]);
  });

  test('each install waits for the workload cluster, the repository and the add-ons it needs', () => {
    const edge52 = installs(base.edge52);
    const cluster = expect.stringMatching(/^kubernetes_manifest\.workload-cluster_[0-9A-F]+$/);
    const repository = expect.stringMatching(/^kubernetes_manifest\.addons_repository_[0-9A-F]+$/);
    expect(edge52['cert-manager'].depends_on).toEqual(expect.arrayContaining([cluster, repository]));
    expect(edge52.grafana.depends_on).toEqual(
      expect.arrayContaining([addressOf(base.edge52, 'cert-manager'), addressOf(base.edge52, 'contour'), addressOf(base.edge52, 'prometheus')]),
    );
    expect(edge52['external-dns'].depends_on).toContain(addressOf(base.edge52, 'contour'));
    expect(edge52.harbor.depends_on).toEqual(expect.arrayContaining([addressOf(base.edge52, 'contour')]));
    expect(edge52['fluent-bit'].depends_on).not.toContain(addressOf(base.edge52, 'contour'));
  });

  test('Prometheus keeps the site’s history locally and remote-writes to the hub with a queue that rides out an outage', () => {
    const values = secret(base.edge33, 'prometheus-values') as Secret;
    expect(values.data['values.yaml']).toContain('--storage.tsdb.retention.time=7d');
    expect(values.data['values.yaml']).toContain('--storage.tsdb.retention.size=40GB');
    const remote = values.data['secret-values.yaml'];
    expect(remote).toContain('remote_write:\\n  - url: https://metrics.hub.tanzu.lab/api/v1/write');
    // Quoted in the YAML (a hex password could read as a number), the quotes escaped for HCL.
    expect(remote).toContain('username: edge33\\n      password: \\"${sha256(join(":", [var.metrics_remote_write_key, "edge33"]))}\\"');
    expect(remote).toContain('ca_file: /etc/prometheus/hub-ca/ca.crt\\n      insecure_skip_verify: false');
    expect(remote).toMatch(/queue_config:\\n\s+capacity: \d+/);
    expect(remote).toContain('external_labels:\\n    site: edge33\\n    ring: canary');
    expect(secret(base.edge41, 'prometheus-values')?.data['values.yaml']).toContain('--storage.tsdb.retention.time=3d');
  });

  test('Fluent Bit buffers on disk with a cap, retries for ever, and forwards over verified TLS', () => {
    const values = secret(base.edge33, 'fluent-bit-values') as Secret;
    expect(values.data['values.yaml']).toMatch(/storage\.path\s+\/var\/log\/flb-storage\//);
    expect(values.data['values.yaml']).toMatch(/storage\.type\s+filesystem/);
    const output = values.data['secret-values.yaml'];
    expect(output).toMatch(/Host\s+logs\.hub\.tanzu\.lab/);
    expect(output).toMatch(/Shared_Key\s+\$\{var\.log_sink_shared_key\}/);
    expect(output).toMatch(/storage\.total_limit_size 2G/);
    expect(output).toMatch(/Retry_Limit\s+False/);
    expect(output).toMatch(/tls\.verify\s+On/);
    // The hub CA reaches the pod through a ytt extension named on the install.
    const annotations = installs(base.edge33)['fluent-bit'].manifest.metadata.annotations ?? {};
    expect(Object.values(annotations)).toEqual([expect.stringMatching(/^fluent-bit-/)]);
    expect(secret(base.edge33, Object.values(annotations)[0])?.data).toBeDefined();
  });

  test('readable values hold no Terraform reference and no key: every credential went to the encoded part', () => {
    for (const json of Object.values(base)) {
      for (const s of Object.values(all(json, 'kubernetes_secret_v1')) as unknown as Secret[]) {
        expect(s.data['values.yaml'] ?? '').not.toMatch(/\$\{|BEGIN [A-Z ]*PRIVATE KEY/);
        if (s.data['secret-values.yaml']) expect(s.data['secret-values.yaml']).toMatch(/^\$\{yamlencode\(/);
      }
    }
  });

  test('the site Harbor’s generated secrets and key keep their addresses (a new address would rotate them)', () => {
    const names = (type: string) => Object.keys(all(base.edge33, type)).sort();
    expect(names('random_password')).toEqual([
      'addons_harbor_core-secret_581199CD',
      'addons_harbor_database-password_1152B5F6',
      'addons_harbor_jobservice-secret_40B9DEE4',
      'addons_harbor_registry-secret_30F4AFED',
      'addons_harbor_secret-key_B983421E',
      'addons_harbor_xsrf-key_1764BFE9',
    ]);
    expect(names('tls_private_key')).toEqual(['addons_harbor_tls-key_5200F845']);
    expect(names('harbor_registry')).toEqual(['harbor-replication_registry_D4FCA1E3']);
  });
});

describe('the hub feeds each site Harbor as its ring says', () => {
  test('canary edge33: every push at once; production edge52: nightly, promoted artifacts only', () => {
    const rules = (json: TerraformJson) => Object.values(all(json, 'harbor_replication')).map((r) => [r.name, r.schedule, r.filters]);
    expect(rules(base.edge33)).toEqual([
      ['edge33-edge-apps', 'event_based', [{ name: 'edge-apps/**' }, { resource: 'artifact' }]],
      ['edge33-edge-platform', 'event_based', [{ name: 'edge-platform/**' }, { resource: 'artifact' }]],
    ]);
    expect(rules(base.edge52)).toEqual([
      ['edge52-edge-apps', '0 0 2 * * *', [{ name: 'edge-apps/**' }, { resource: 'artifact' }, { labels: ['promoted'] }]],
      ['edge52-edge-platform', '0 0 2 * * *', [{ name: 'edge-platform/**' }, { resource: 'artifact' }, { labels: ['promoted'] }]],
    ]);
  });

  test('the site registry is the hub’s push target, and the site projects wait for the Harbor install', () => {
    const [registry] = Object.values(all(base.edge33, 'harbor_registry'));
    expect(registry).toMatchObject({ provider: 'harbor.hub', provider_name: 'harbor', endpoint_url: 'https://harbor.edge33.tanzu.lab', insecure: false });
    for (const project of Object.values(all(base.edge33, 'harbor_project'))) {
      expect(project.provider).toBe('harbor.site');
      expect(project.depends_on).toEqual([addressOf(base.edge33, 'harbor')]);
    }
  });
});

describe('turning add-ons off', () => {
  const edited = synthAll((c) => {
    for (const name of ['harbor', 'prometheus', 'grafana', 'contour'] as const) setPath(c.sites.edge33, `addons.${name}.enabled`, false);
    setPath(c.sites.edge33, 'backup.enabled', false); // Velero comes from the site Harbor
    setPath(c.sites.edge33, 'delivery.enabled', false); // Argo CD and Flagger too, and Flagger needs Contour and Prometheus
  });
  const edge33 = edited.edge33;
  const cluster = Object.values(all(edge33, 'kubernetes_manifest')).map((m) => (m as Manifest).manifest).find((m) => m.kind === 'Cluster') as unknown as {
    spec: { topology: { variables: Array<{ name: string; value: unknown }> } };
  };

  test('a site without Harbor, Prometheus, Grafana and Contour synthesizes without them', () => {
    expect(Object.keys(installs(edge33)).sort()).toEqual(['cert-manager', 'fluent-bit']);
    for (const type of ['harbor_registry', 'harbor_replication', 'harbor_project', 'random_password', 'tls_private_key']) expect([type, all(edge33, type)]).toEqual([type, {}]);
    expect(edge33.provider?.harbor).toBeUndefined();
  });

  test('without Harbor the nodes pull from the hub only; without Contour kube-vip serves no load balancers', () => {
    const variable = (name: string) => cluster.spec.topology.variables.find((v) => v.name === name)?.value;
    expect(variable('additionalImageRegistries')).toEqual([expect.objectContaining({ host: 'harbor.hub.tanzu.lab' })]);
    expect(variable('kubeVipLoadBalancerProvider')).toBeUndefined();
  });

  test('other sites do not change', () => {
    expect(edited.edge41).toEqual(base.edge41);
    expect(edited.edge52).toEqual(base.edge52);
  });
});

describe('SiteAddons on its own', () => {
  const props = {
    namespace: 'edge33',
    kubeconfigSecretName: 'tkg-edge33-wld01-kubeconfig',
    repository: 'projects.registry.vmware.com/tkg/packages/standard/repo:v2.2.0_update.2',
  };

  test('installs in the fixed add-on order', () => {
    const addons = new SiteAddons(testStack(), 'addons', { ...props, versions: { multus: '3.8.0', certManager: '1.10.2' }, addons: { multus: {}, certManager: {} } });
    expect(Object.keys(addons.installs)).toEqual(['certManager', 'multus']);
    expect(ADDON_NAMES.map((n) => INSTALL_NAMES[n])).toEqual(['cert-manager', 'contour', 'harbor', 'prometheus', 'grafana', 'fluent-bit', 'external-dns', 'multus']);
  });

  test('rejects an add-on without a version, or without the add-ons it needs', () => {
    expect(() => new SiteAddons(testStack(), 'addons', { ...props, versions: { contour: '1.23.5' }, addons: { contour: { ingressVip: '10.33.3.11' }, multus: {} } })).toThrow(
      [
        "SiteAddons 'test/addons': addons.contour: needs addons.certManager, which is not installed; allowed: install certManager too",
        "SiteAddons 'test/addons': versions.multus: missing; allowed: the package version of every add-on installed",
      ].join('\n'),
    );
  });
});

describeWithSchemas('every synthesized PackageInstall against the kapp-controller CRD schema', () => {
  test('all add-ons of all default sites, and of a site with every add-on', () => {
    const validate = crdValidator('packaging.carvel.dev_v1alpha1_PackageInstall.json');
    const results = Object.entries(base).flatMap(([id, json]) => Object.entries(installs(json)).map(([name, m]) => [id, name, validate(m.manifest), validate.errors ?? []]));
    expect(results.length).toBeGreaterThanOrEqual(19);
    for (const r of results) expect(r).toEqual([r[0], r[1], true, []]);
  });
});
