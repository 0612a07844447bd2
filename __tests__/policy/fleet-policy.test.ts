/**
 * The security policy aspect: every rule with a failing and a passing case, waivers,
 * and the app refusing to write anything when any stack violates it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { ContentLibrary } from '@cdktf/provider-vsphere/lib/content-library';
import { Host } from '@cdktf/provider-vsphere/lib/host';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { AnnotationMetadataEntryType, Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { HarborProvider } from '../../constructs/harbor/binding/provider';
import { HarborRegistry } from '../../constructs/harbor/binding/registry';
import { FleetPolicy, FleetPolicyProps, POLICY_RULES, PolicyError, findingsFor, formatViolation, literalText } from '../../constructs/policy/fleet-policy';
import { FleetApp, buildFleet } from '../../stacks/fleet-app';
import { sampleFleet, editableSample, setPath, toSources } from '../support/catalog';
import { parseCatalog } from '../../constructs/catalog/load';
import { buildStacks } from '../support/synth';

const T = '2F:ED:45:8A:9A:62:02:F2:5F:18:6A:52:E6:4A:16:C5:B7:7C:27:3D';

/** A stack with the policy and one thing built in it; returns the violation lines. */
function violations(build: (stack: TerraformStack, secret: string) => void, props: FleetPolicyProps = {}): string[] {
  const stack = new TerraformStack(Testing.app(), 'test');
  const secret = new TerraformVariable(stack, 'secret', { sensitive: true }).stringValue;
  build(stack, secret);
  return new FleetPolicy(props).check(stack).map(formatViolation);
}

const vsphere = (stack: TerraformStack, secret: string, allowUnverifiedSsl?: boolean) =>
  new VsphereProvider(stack, 'vsphere', { user: 'u', password: secret, vsphereServer: 'vc', ...(allowUnverifiedSsl === undefined ? {} : { allowUnverifiedSsl }) });
const host = (stack: TerraformStack, secret: string, extra: Record<string, unknown>) => {
  vsphere(stack, secret, false);
  return new Host(stack, 'host', { hostname: 'esx.example', username: 'root', password: secret, datacenter: 'dc', thumbprint: T, lockdown: 'normal', ...extra });
};

describe('tls-verification', () => {
  test('vSphere provider: refused unless allow_unverified_ssl is false', () => {
    expect(violations((s, p) => vsphere(s, p, true))).toEqual(['test: test/vsphere: tls-verification: allow_unverified_ssl is true; allowed: false']);
    expect(violations((s, p) => vsphere(s, p))).toEqual(['test: test/vsphere: tls-verification: allow_unverified_ssl is undefined; allowed: false']);
    expect(violations((s, p) => vsphere(s, p, false))).toEqual([]);
  });

  test('Harbor provider and registry: refused when they skip verification', () => {
    expect(violations((s, p) => new HarborProvider(s, 'harbor', { url: 'https://h', username: 'admin', password: p, insecure: true }))).toEqual([
      "test: test/harbor: tls-verification: insecure is true (the provider's default skips verification); allowed: false",
    ]);
    expect(violations((s, p) => new HarborProvider(s, 'harbor', { url: 'https://h', username: 'admin', password: p }))).toEqual([]);
    const registry = (insecure: boolean) => (s: TerraformStack, p: string) => {
      new HarborProvider(s, 'harbor', { url: 'https://h', username: 'admin', password: p });
      new HarborRegistry(s, 'registry', { providerName: 'harbor', name: 'edge', endpointUrl: 'https://e', accessId: 'robot', accessSecret: p, insecure });
    };
    expect(violations(registry(true))).toEqual(["test: test/registry: tls-verification: insecure is true; allowed: false (verify the remote Harbor's certificate)"]);
    expect(violations(registry(false))).toEqual([]);
  });

  test('Kubernetes and Helm providers: refused when insecure', () => {
    expect(violations((s, p) => new KubernetesProvider(s, 'k', { host: 'https://k', token: p, insecure: true }))).toEqual(['test: test/k: tls-verification: insecure is true; allowed: false or unset']);
    expect(violations((s, p) => new HelmProvider(s, 'h', { kubernetes: { host: 'https://k', token: p, insecure: true } }))).toEqual(['test: test/h: tls-verification: kubernetes.insecure is true; allowed: false or unset']);
    expect(violations((s, p) => new KubernetesProvider(s, 'k', { host: 'https://k', token: p }))).toEqual([]);
  });

  test('a content library subscribed over plain http', () => {
    const library = (url: string) => (s: TerraformStack, p: string) => {
      vsphere(s, p, false);
      new ContentLibrary(s, 'lib', { name: 'l', storageBacking: ['ds'], subscription: { subscriptionUrl: url } });
    };
    expect(violations(library('http://vc/lib.json'))).toEqual(["test: test/lib: tls-verification: subscription.subscription_url 'http://vc/lib.json' is not https; allowed: an https URL"]);
    expect(violations(library('https://vc/lib.json'))).toEqual([]);
  });

  test('a TKG cluster without a vCenter thumbprint or with a registry that skips TLS', () => {
    const cluster = (vcenter: Record<string, unknown>, registries: unknown[]) => ({
      manifest: { kind: 'Cluster', metadata: { name: 'c' }, spec: { topology: { variables: [{ name: 'vcenter', value: vcenter }, { name: 'additionalImageRegistries', value: registries }] } } },
    });
    expect(findingsFor('resource', 'kubernetes_manifest', cluster({ server: 'vc', tlsThumbprint: '' }, [{ host: 'h', skipTlsVerify: true }]), {})).toEqual([
      { rule: 'tls-verification', message: "vcenter.tlsThumbprint is empty (TKG would not verify vCenter); allowed: vCenter's SHA-1 thumbprint" },
      { rule: 'tls-verification', message: 'additionalImageRegistries[0] (h) skips TLS verification; allowed: skipTlsVerify false' },
    ]);
    expect(findingsFor('resource', 'kubernetes_manifest', cluster({ server: 'vc', tlsThumbprint: T }, [{ host: 'h', skipTlsVerify: false }]), {})).toEqual([]);
    // And the default catalog's clusters pass.
    const stack = buildStacks(sampleFleet(), ['edge33']).sites[0];
    expect(stack.policy.check(stack)).toEqual([]);
  });

  test('a witness OVA fetched without certificate checks', () => {
    expect(findingsFor('resource', 'vsphere_virtual_machine', { ovf_deploy: { allow_unverified_ssl_cert: true } }, {})).toEqual([{ rule: 'tls-verification', message: 'ovf_deploy.allow_unverified_ssl_cert is true; allowed: false' }]);
    expect(findingsFor('data', 'vsphere_ovf_vm_template', { allow_unverified_ssl_cert: true }, {})).toEqual([{ rule: 'tls-verification', message: 'allow_unverified_ssl_cert is true; allowed: false' }]);
    expect(findingsFor('data', 'vsphere_ovf_vm_template', { allow_unverified_ssl_cert: false }, {})).toEqual([]);
  });
});

describe('esxi-lockdown and host-thumbprint', () => {
  test('a host with lockdown disabled, or unset (the provider default is disabled)', () => {
    expect(violations((s, p) => host(s, p, { lockdown: 'disabled' }))).toEqual(['test: test/host: esxi-lockdown: lockdown is "disabled"; allowed: normal or strict']);
    expect(violations((s, p) => host(s, p, { lockdown: undefined }))).toEqual(['test: test/host: esxi-lockdown: lockdown is "disabled (the provider default)"; allowed: normal or strict']);
    expect(violations((s, p) => host(s, p, { lockdown: 'strict' }))).toEqual([]);
  });

  test('a host without a thumbprint', () => {
    expect(violations((s, p) => host(s, p, { thumbprint: undefined }))).toEqual(['test: test/host: host-thumbprint: no thumbprint; allowed: the SHA-1 thumbprint of the host certificate']);
  });
});

describe('no-plaintext-secret', () => {
  test('a literal password in a provider, a resource, a Secret and a Helm value', () => {
    expect(
      violations((s) => {
        new VsphereProvider(s, 'vsphere', { user: 'u', password: 'VMware1!', vsphereServer: 'vc', allowUnverifiedSsl: false });
        new Host(s, 'host', { hostname: 'esx', username: 'root', password: 'hunter2', datacenter: 'dc', thumbprint: T, lockdown: 'normal' });
        new KubernetesProvider(s, 'k', {});
        new SecretV1(s, 'secret-object', { metadata: { name: 'x' }, data: { username: 'admin', password: 'hunter2' } });
        new HelmProvider(s, 'h', {});
        new Release(s, 'release', { name: 'r', chart: 'c', setSensitive: [{ name: 'adminPassword', value: 'hunter2' }] });
      }),
    ).toEqual([
      'test: test/vsphere: no-plaintext-secret: password is a literal; allowed: a reference to a sensitive variable or a generated secret',
      'test: test/host: no-plaintext-secret: password is a literal; allowed: a reference to a sensitive variable or a generated secret',
      'test: test/secret-object: no-plaintext-secret: data.password is a literal; allowed: a reference to a sensitive variable or a generated secret',
      'test: test/release: no-plaintext-secret: set_sensitive[0].value (adminPassword) is a literal; allowed: a reference to a sensitive variable or a generated secret',
    ]);
  });

  test('references to variables and generated values pass; names of secrets are not secrets', () => {
    expect(
      violations((s, p) => {
        vsphere(s, p, false);
        new KubernetesProvider(s, 'k', {});
        new SecretV1(s, 'secret-object', { metadata: { name: 'x' }, data: { password: p } });
        new HelmProvider(s, 'h', {});
        new Release(s, 'release', { name: 'r', chart: 'c', setSensitive: [{ name: 'adminPassword', value: p }], set: [{ name: 'tls.secret_name', value: 'harbor-tls' }] });
      }),
    ).toEqual([]);
  });
  test('secret names, references and file names are not secrets; look-alike keys still are', () => {
    const secret = (data: Record<string, string>) => (s: Construct) => {
      new KubernetesProvider(s, 'k', {});
      new SecretV1(s, 'secret-object', { metadata: { name: 'x', annotations: data } });
    };
    expect(violations(secret({ 'ext.packaging.carvel.dev/ytt-paths-from-secret-name.0': 'harbor-ca', kubeconfigSecretRef: 'edge33-kubeconfig', 'hub-ca-secret.yaml': 'file', token_id: 'abc' }))).toEqual([]);
    expect(violations(secret({ secretname: 'hunter2', token_valid: 'hunter2', SECRETNAME: 'hunter2' }))).toEqual([
      'test: test/secret-object: no-plaintext-secret: metadata.annotations.secretname is a literal; allowed: a reference to a sensitive variable or a generated secret',
      'test: test/secret-object: no-plaintext-secret: metadata.annotations.token_valid is a literal; allowed: a reference to a sensitive variable or a generated secret',
      'test: test/secret-object: no-plaintext-secret: metadata.annotations.SECRETNAME is a literal; allowed: a reference to a sensitive variable or a generated secret',
    ]);
  });

  test('a reference does not make literal text around it safe', () => {
    expect(
      violations((s, p) => {
        new KubernetesProvider(s, 'k', {});
        new SecretV1(s, 'secret-object', { metadata: { name: 'x' }, data: { password: `hunter2-${p}`, token: '${var.prefix}Sup3r' } });
        new HelmProvider(s, 'h', {});
        new Release(s, 'release', { name: 'r', chart: 'c', setSensitive: [{ name: 'adminPassword', value: `${p}!x` }] });
      }),
    ).toEqual([
      'test: test/secret-object: no-plaintext-secret: data.password mixes literal text with a reference (the text is stored in plain text); allowed: a reference to a sensitive variable or a generated secret',
      'test: test/secret-object: no-plaintext-secret: data.token mixes literal text with a reference (the text is stored in plain text); allowed: a reference to a sensitive variable or a generated secret',
      'test: test/release: no-plaintext-secret: set_sensitive[0].value (adminPassword) mixes literal text with a reference (the text is stored in plain text); allowed: a reference to a sensitive variable or a generated secret',
    ]);
  });

  test('only references pass: functions of them, quoted braces inside them, several in a row', () => {
    expect(
      violations((s, p) => {
        new KubernetesProvider(s, 'k', {});
        new SecretV1(s, 'secret-object', {
          metadata: { name: 'x' },
          data: { password: Fn.sha256(Fn.join(':', [p, 'edge33'])), token: '${jsonencode({a = "}{"})}${var.b}', credential: `${p}${p}` },
        });
      }),
    ).toEqual([]);
  });

  test('literalText: what Terraform does not compute', () => {
    expect(literalText('a${var.x}b')).toBe('ab');
    expect(literalText('${format("%s}", var.x)}')).toBe('');
    expect(literalText('$${not} ${a}')).toBe('${not} ');
    expect(literalText('${"\\"}"}x')).toBe('x');
    expect(literalText('${TfToken[TOKEN.12]}')).toBe('');
    expect(literalText('plain')).toBe('plain');
  });

  test('a private key is caught by its content, whatever its key', () => {
    const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n';
    expect(
      violations((s) => {
        new KubernetesProvider(s, 'k', {});
        new SecretV1(s, 'secret-object', { metadata: { name: 'x' }, data: { 'tls.key': pem, 'values.yaml': `tls:\n  key: |\n    ${pem}` } });
      }),
    ).toEqual([
      'test: test/secret-object: no-plaintext-secret: data.tls.key holds a literal private key; allowed: a reference to a sensitive variable or a generated key',
      'test: test/secret-object: no-plaintext-secret: data.values.yaml holds a literal private key; allowed: a reference to a sensitive variable or a generated key',
    ]);
  });
});

describe('required-labels', () => {
  const labels = { 'edge-fleet.tanzu/site': 'edge33', 'edge-fleet.tanzu/ring': 'canary' };
  test('a site object without the site labels', () => {
    expect(
      violations(
        (s, p) => {
          new KubernetesProvider(s, 'k', {});
          new SecretV1(s, 'secret-object', { metadata: { name: 'x', labels: { 'edge-fleet.tanzu/site': 'edge33' } }, data: { password: p } });
        },
        { requiredLabels: labels },
      ),
    ).toEqual(['test: test/secret-object: required-labels: missing labels edge-fleet.tanzu/ring=canary; allowed: objects that carry the site\'s labels']);
  });
  test('every Kubernetes object of every default site carries its labels', () => {
    for (const stack of buildStacks(sampleFleet()).sites) expect([stack.node.id, stack.policy.check(stack)]).toEqual([stack.node.id, []]);
  });
  test('a workspace without its kind tag', () => {
    expect(violations((s) => new Workspace(s, 'ws', { name: 'w', tags: { ring: 'canary' } }))).toEqual(['test: test/ws: required-labels: no kind tag; allowed: a workspace tagged with its kind (hub, site)']);
  });
});

describe('waivers', () => {
  test('a waived rule becomes a warning that records its reason', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const p = new TerraformVariable(stack, 'secret', { sensitive: true }).stringValue;
    host(stack, p, { lockdown: 'disabled' });
    const policy = new FleetPolicy({ waivers: [{ rule: 'esxi-lockdown', reason: 'vendor agent needs SSH until Q3' }] });
    expect(policy.check(stack)).toEqual([]);
    const warnings = stack.node.findAll().flatMap((n) => n.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)));
    expect(warnings).toEqual(['policy esxi-lockdown waived (vendor agent needs SSH until Q3): lockdown is "disabled"; allowed: normal or strict']);
  });

  test('a site waiver from the catalog reaches only that site; a fleet waiver every stack', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'esxi.lockdown', 'disabled');
    setPath(c.sites.edge41, 'esxi.lockdown', 'disabled');
    setPath(c.sites.edge33, 'waivers', [{ rule: 'esxi-lockdown', reason: 'lab site: engineers need direct host access' }]);
    const stacks = buildStacks(parseCatalog(toSources(c)));
    const lines = stacks.sites.flatMap((s) => s.policy.check(s)).map(formatViolation);
    expect(lines).toEqual([
      'edge41: edge41/hosts/preferred: esxi-lockdown: lockdown is "disabled"; allowed: normal or strict',
      'edge41: edge41/hosts/secondary: esxi-lockdown: lockdown is "disabled"; allowed: normal or strict',
    ]);
    setPath(c.fleet, 'waivers', [{ rule: 'esxi-lockdown', reason: 'fleet-wide exception during migration' }]);
    const all = buildStacks(parseCatalog(toSources(c)));
    expect(all.sites.flatMap((s) => s.policy.check(s))).toEqual([]);
  });

  test('every rule id is documented', () => {
    expect(POLICY_RULES).toEqual(['tls-verification', 'esxi-lockdown', 'host-thumbprint', 'no-plaintext-secret', 'required-labels', 'cluster-admin-grant', 'access-widening']);
  });
});

describe('FleetApp', () => {
  test('a violation anywhere stops synthesis before any stack is written, listing every violation', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'esxi.lockdown', 'disabled');
    setPath(c.sites.edge60, 'esxi.lockdown', 'disabled');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-'));
    const app = new FleetApp({ outdir });
    buildFleet(app, parseCatalog(toSources(c)), {});
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).violations.map((v) => `${v.stack} ${v.path} ${v.rule}`)).toEqual([
      'edge33 edge33/hosts/preferred esxi-lockdown',
      'edge33 edge33/hosts/secondary esxi-lockdown',
      'edge60 edge60/hosts/preferred esxi-lockdown',
      'edge60 edge60/hosts/secondary esxi-lockdown',
    ]);
    // cdktf's App makes an empty stacks folder when it is created; no stack is written into it.
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });
});
