/**
 * The site Harbor (Tanzu package with a certificate the fleet CA signs) and the site
 * Harbor as the hub's replication target: synthesized properties and rejections.
 */
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { ReplicationPolicy } from '../../constructs/catalog/model';
import { HarborProvider } from '../../constructs/harbor/binding/provider';
import { HarborReplicationTarget, REPLICATION_ROBOT_ACCESS } from '../../constructs/harbor/replication-target';
import { HARBOR_PACKAGE, SiteHarbor, SiteHarborProps } from '../../constructs/harbor/site-harbor';
import { sampleFleet } from '../support/catalog';
import { all, only, synthJson, testStack } from '../support/stack';

const CA = sampleFleet().certificateAuthority;

function harborStack(): { stack: TerraformStack; key: string; password: string } {
  const stack = testStack();
  new TlsProvider(stack, 'tls', {});
  new RandomProvider(stack, 'random', {});
  const key = new TerraformVariable(stack, 'ca_key', { type: 'string', sensitive: true }).stringValue;
  const password = new TerraformVariable(stack, 'admin_password', { type: 'string', sensitive: true }).stringValue;
  return { stack, key, password };
}

function siteHarbor(overrides: Partial<SiteHarborProps> = {}) {
  const { stack, key, password } = harborStack();
  const harbor = new SiteHarbor(stack, 'harbor', {
    namespace: 'edge33',
    kubeconfigSecretName: 'tkg-edge33-wld01-kubeconfig',
    version: '2.7.1+vmware.1-tkg.1',
    hostname: 'harbor.edge33.tanzu.lab',
    caCertificate: CA,
    caPrivateKey: key,
    adminPassword: password,
    ...overrides,
  });
  return { harbor, json: synthJson(stack) };
}

describe('SiteHarbor', () => {
  const { harbor, json } = siteHarbor();

  test('a certificate for its host name, signed by the fleet CA with the key from a sensitive variable', () => {
    expect(only(json, 'tls_cert_request')).toMatchObject({ subject: [{ common_name: 'harbor.edge33.tanzu.lab' }], dns_names: ['harbor.edge33.tanzu.lab'] });
    expect(only(json, 'tls_locally_signed_cert')).toMatchObject({
      ca_cert_pem: CA,
      ca_private_key_pem: '${var.ca_key}',
      validity_period_hours: 8760,
      early_renewal_hours: 720,
      allowed_uses: ['digital_signature', 'key_encipherment', 'server_auth'],
    });
    expect(only(json, 'tls_private_key')).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    expect(harbor.url).toBe('https://harbor.edge33.tanzu.lab');
  });

  test('the Harbor package with readable values; every secret is generated or a variable, never a literal', () => {
    expect(harbor.install.object).toMatchObject({ spec: { packageRef: { refName: HARBOR_PACKAGE, versionSelection: { constraints: '2.7.1+vmware.1-tkg.1' } } } });
    const secret = only(json, 'kubernetes_secret_v1') as { data: Record<string, string> };
    expect(secret.data['values.yaml']).toContain('hostname: harbor.edge33.tanzu.lab\n');
    expect(secret.data['values.yaml']).toContain('enableContourHttpProxy: true\n');
    expect(secret.data['values.yaml']).toContain('      size: 100Gi\n');
    const secretValues = secret.data['secret-values.yaml'];
    expect(secretValues).toMatch(/^\$\{yamlencode\(\{/);
    expect(secretValues).toContain('"harborAdminPassword" = var.admin_password');
    expect(secretValues).toMatch(/"secretKey" = random_password\.harbor_secret-key_[0-9A-F]+\.result/);
    expect(secretValues).toMatch(/"tls.key" = tls_private_key\.harbor_tls-key_[0-9A-F]+\.private_key_pem/);
    const passwords = all(json, 'random_password');
    expect(Object.values(passwords).map((p) => p.length).sort((a, b) => Number(a) - Number(b))).toEqual([16, 24, 24, 24, 24, 32]);
    expect(Object.values(passwords).every((p) => p.special === false)).toBe(true);
  });

  test('rejects a bad host name, CA, storage size and certificate lifetime', () => {
    expect(() => siteHarbor({ hostname: 'harbor', caCertificate: 'not a certificate', registryStorage: '100GB', certificateValidityHours: 24 })).toThrow(
      [
        "SiteHarbor 'test/harbor': hostname: 'harbor' is not allowed; allowed: a fully qualified host name",
        "SiteHarbor 'test/harbor': caCertificate: not a PEM certificate; allowed: one PEM-encoded X.509 certificate",
        "SiteHarbor 'test/harbor': registryStorage: '100GB' is not allowed; allowed: a Kubernetes quantity such as 100Gi",
        "SiteHarbor 'test/harbor': certificateValidityHours: 24 is not allowed; allowed: whole hours, at least 720 (the renewal window)",
      ].join('\n'),
    );
  });
});

const canary: ReplicationPolicy = { trigger: 'event_based', projects: ['edge-apps', 'edge-platform'], deletion: false };
const production: ReplicationPolicy = { trigger: 'scheduled', schedule: '0 0 2 * * *', filter: { label: 'promoted' }, projects: ['edge-apps'], deletion: true };

function replication(policy: ReplicationPolicy, overrides: { siteUrl?: string; siteCaCertificate?: string } = {}) {
  const stack = testStack();
  const hub = new HarborProvider(stack, 'hub', { url: 'https://harbor.hub.tanzu.lab', username: 'admin', password: 'x', insecure: false, alias: 'hub' });
  const site = new HarborProvider(stack, 'site', { url: 'https://harbor.edge33.tanzu.lab', username: 'admin', password: 'x', insecure: false, alias: 'site' });
  new HarborReplicationTarget(stack, 'replication', {
    site: 'edge33',
    siteUrl: overrides.siteUrl ?? 'https://harbor.edge33.tanzu.lab',
    siteCaCertificate: overrides.siteCaCertificate ?? CA,
    hubProvider: hub,
    siteProvider: site,
    policy,
  });
  return synthJson(stack);
}

describe('HarborReplicationTarget', () => {
  test('on the site: the projects and a robot that may push to exactly them', () => {
    const json = replication(canary);
    expect(Object.values(all(json, 'harbor_project')).map((p) => [p.name, p.provider, p.public])).toEqual([
      ['edge-apps', 'harbor.site', false],
      ['edge-platform', 'harbor.site', false],
    ]);
    const robot = only(json, 'harbor_robot_account') as { provider: string; level: string; permissions: Array<{ kind: string; namespace: string; access: unknown[] }> };
    expect(robot.provider).toBe('harbor.site');
    expect(robot.level).toBe('system');
    expect(robot.permissions.map((p) => [p.kind, p.namespace])).toEqual([
      ['project', expect.stringMatching(/^\$\{harbor_project\.replication_site-project-edge-apps_[0-9A-F]+\.name\}$/)],
      ['project', expect.stringMatching(/^\$\{harbor_project\.replication_site-project-edge-platform_[0-9A-F]+\.name\}$/)],
    ]);
    expect(robot.permissions[0].access).toEqual(REPLICATION_ROBOT_ACCESS.map((a) => ({ ...a })));
  });

  test('on the hub: the site as a Harbor registry, TLS verified with the fleet CA, robot credentials', () => {
    const registry = only(replication(canary), 'harbor_registry');
    expect(registry).toMatchObject({
      provider: 'harbor.hub',
      provider_name: 'harbor',
      name: 'edge33',
      endpoint_url: 'https://harbor.edge33.tanzu.lab',
      insecure: false,
      ca_certificate: CA,
      access_id: expect.stringMatching(/^\$\{harbor_robot_account\.replication_robot_[0-9A-F]+\.full_name\}$/),
      access_secret: expect.stringMatching(/^\$\{harbor_robot_account\.replication_robot_[0-9A-F]+\.secret\}$/),
    });
  });

  test('a canary ring: every push replicated at once, one rule per project', () => {
    const rules = Object.values(all(replication(canary), 'harbor_replication'));
    expect(rules.map((r) => [r.name, r.action, r.schedule, r.dest_namespace, r.filters])).toEqual([
      ['edge33-edge-apps', 'push', 'event_based', 'edge-apps', [{ name: 'edge-apps/**' }, { resource: 'artifact' }]],
      ['edge33-edge-platform', 'push', 'event_based', 'edge-platform', [{ name: 'edge-platform/**' }, { resource: 'artifact' }]],
    ]);
    for (const rule of rules) {
      expect(rule.registry_id).toMatch(/^\$\{harbor_registry\.replication_registry_[0-9A-F]+\.registry_id\}$/);
      expect(rule.provider).toBe('harbor.hub');
    }
  });

  test('an artifact lands on the site under the same path as on the hub', () => {
    // Harbor's rule for a push with a destination namespace (replaceNamespace in Harbor's
    // replication flow; the provider documents the values): -1 keeps only the last path
    // component, 0 puts the whole source path under the namespace, N drops N leading
    // components first. Source repositories always start with their project.
    const destination = (repository: string, namespace: string, flatten: number): string => {
      const parts = repository.split('/');
      if (flatten < 0) return `${namespace}/${parts[parts.length - 1]}`;
      if (flatten > parts.length - 1) throw new Error(`Harbor refuses flattening ${flatten} for ${repository}`);
      return [namespace, ...parts.slice(flatten)].join('/');
    };
    for (const rule of Object.values(all(replication(canary), 'harbor_replication'))) {
      const project = rule.dest_namespace as string;
      for (const repository of [`${project}/app`, `${project}/team/app`]) {
        expect(destination(repository, project, rule.dest_namespace_replace as number)).toBe(repository);
      }
    }
  });

  test('a production ring: on its schedule, promoted artifacts only, deletions too when asked', () => {
    const [rule] = Object.values(all(replication(production), 'harbor_replication'));
    expect(rule).toMatchObject({ schedule: '0 0 2 * * *', deletion: true, filters: [{ name: 'edge-apps/**' }, { resource: 'artifact' }, { labels: ['promoted'] }] });
    const tagged = Object.values(all(replication({ ...production, filter: { tag: 'v*' } }), 'harbor_replication'))[0];
    expect(tagged.filters).toEqual([{ name: 'edge-apps/**' }, { resource: 'artifact' }, { tag: 'v*' }]);
  });

  test('rejects a plain-HTTP URL, a bad CA, no projects and a bad schedule', () => {
    expect(() => replication({ trigger: 'scheduled', schedule: '0 2 * * *', projects: [], deletion: false }, { siteUrl: 'http://harbor.edge33', siteCaCertificate: 'x' })).toThrow(
      [
        "HarborReplicationTarget 'test/replication': siteUrl: 'http://harbor.edge33' is not allowed; allowed: an https:// URL of a host",
        "HarborReplicationTarget 'test/replication': siteCaCertificate: not a PEM certificate; allowed: one PEM-encoded X.509 certificate",
        "HarborReplicationTarget 'test/replication': policy.projects: an empty list is not allowed; allowed: at least one project",
        "HarborReplicationTarget 'test/replication': policy.schedule: '0 2 * * *' has 5 fields; allowed: 6 fields, seconds first, such as \"0 0 2 * * *\"",
      ].join('\n'),
    );
    expect(() => replication({ trigger: 'scheduled', projects: ['a'], deletion: false })).toThrow('policy.schedule: missing; allowed: a 6-field cron, seconds first, with trigger scheduled');
  });
});
