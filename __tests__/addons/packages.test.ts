/**
 * PackageRepository and PackageInstall on their own: the synthesized objects, values
 * that hold secrets staying Terraform expressions, ytt extensions, and every rejection.
 */
import { TerraformVariable } from 'cdktf';
import { PackageInstall, PackageInstallProps, SECRET_VALUES_KEY, VALUES_KEY, YTT_PATHS_ANNOTATION } from '../../constructs/packages/package-install';
import { PackageRepository } from '../../constructs/packages/package-repository';
import { crdValidator, describeWithSchemas } from '../support/crd-schemas';
import { all, synthJson, testStack } from '../support/stack';

const base: PackageInstallProps = {
  name: 'contour',
  namespace: 'edge33',
  packageName: 'contour.tanzu.vmware.com',
  version: '1.23.5+vmware.1-tkg.1',
  kubeconfigSecretName: 'tkg-edge33-wld01-kubeconfig',
};

function synthInstall(props: Partial<PackageInstallProps> = {}) {
  const stack = testStack();
  const install = new PackageInstall(stack, 'contour', { ...base, ...props });
  return { install, json: synthJson(stack) };
}

type ManifestResource = { manifest: Record<string, unknown>; wait?: unknown; depends_on?: string[]; field_manager?: unknown };
type SecretResource = { metadata: { name: string; namespace: string; labels?: Record<string, string> }; data: Record<string, string>; depends_on?: string[] };

describe('PackageInstall', () => {
  test('installs into the workload cluster through its kubeconfig Secret, values from a Secret', () => {
    const { json } = synthInstall({ values: { namespace: 'tanzu-system-ingress', envoy: { service: { type: 'LoadBalancer' } } }, labels: { 'edge-fleet.tanzu/site': 'edge33' } });
    const manifests = Object.values(all(json, 'kubernetes_manifest')) as unknown as ManifestResource[];
    expect(manifests).toHaveLength(1);
    expect(manifests[0].manifest).toEqual({
      apiVersion: 'packaging.carvel.dev/v1alpha1',
      kind: 'PackageInstall',
      metadata: { name: 'contour', namespace: 'edge33', labels: { 'edge-fleet.tanzu/site': 'edge33' } },
      spec: {
        packageRef: { refName: 'contour.tanzu.vmware.com', versionSelection: { constraints: '1.23.5+vmware.1-tkg.1' } },
        cluster: { kubeconfigSecretRef: { name: 'tkg-edge33-wld01-kubeconfig', key: 'value' }, namespace: 'default' },
        values: [{ secretRef: { name: 'contour-values', key: VALUES_KEY } }],
        syncPeriod: '10m',
      },
    });
    expect(manifests[0].wait).toEqual({ condition: [{ type: 'ReconcileSucceeded', status: 'True' }] });
    const secrets = Object.values(all(json, 'kubernetes_secret_v1')) as unknown as SecretResource[];
    expect(secrets).toHaveLength(1);
    expect(secrets[0].metadata).toEqual({ name: 'contour-values', namespace: 'edge33', labels: { 'edge-fleet.tanzu/site': 'edge33' } });
    expect(secrets[0].data[VALUES_KEY]).toBe('namespace: tanzu-system-ingress\nenvoy:\n  service:\n    type: LoadBalancer\n');
    expect(manifests[0].depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\.contour_values_/)]);
  });

  test('values that hold secrets are YAML-encoded by Terraform, second in the values list', () => {
    const stack = testStack();
    const password = new TerraformVariable(stack, 'admin_password', { type: 'string', sensitive: true });
    new PackageInstall(stack, 'harbor', { ...base, name: 'harbor', packageName: 'harbor.tanzu.vmware.com', values: { hostname: 'h' }, secretValues: { harborAdminPassword: password.stringValue } });
    const json = synthJson(stack);
    const secret = Object.values(all(json, 'kubernetes_secret_v1'))[0] as unknown as SecretResource;
    expect(secret.data[SECRET_VALUES_KEY]).toBe('${yamlencode({"harborAdminPassword" = var.admin_password})}');
    const manifest = (Object.values(all(json, 'kubernetes_manifest'))[0] as unknown as ManifestResource).manifest as { spec: { values: unknown[] } };
    expect(manifest.spec.values).toEqual([{ secretRef: { name: 'harbor-values', key: VALUES_KEY } }, { secretRef: { name: 'harbor-values', key: SECRET_VALUES_KEY } }]);
  });

  test('ytt extensions become Secrets named by numbered annotations, created before the install', () => {
    const { json } = synthInstall({ extensions: [{ secretName: 'contour-overlay', files: { 'overlay.yaml': '#@ load("@ytt:overlay", "overlay")\n' } }, { secretName: 'contour-ca', files: { 'ca.yaml': 'x' } }] });
    const manifest = Object.values(all(json, 'kubernetes_manifest'))[0] as unknown as ManifestResource;
    expect((manifest.manifest.metadata as { annotations: Record<string, string> }).annotations).toEqual({ [`${YTT_PATHS_ANNOTATION}0`]: 'contour-overlay', [`${YTT_PATHS_ANNOTATION}1`]: 'contour-ca' });
    const secrets = Object.values(all(json, 'kubernetes_secret_v1')) as unknown as SecretResource[];
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(['contour-ca', 'contour-overlay', 'contour-values']);
    expect(manifest.depends_on).toHaveLength(3);
  });

  test('no wait when asked, a custom sync period and target namespace', () => {
    const { json } = synthInstall({ waitForReconcile: false, syncPeriod: '30s', targetNamespace: 'tkg-packages' });
    const manifest = Object.values(all(json, 'kubernetes_manifest'))[0] as unknown as ManifestResource;
    expect(manifest.wait).toBeUndefined();
    expect(manifest.manifest.spec).toMatchObject({ syncPeriod: '30s', cluster: { namespace: 'tkg-packages' } });
  });

  test('rejects bad props, naming each field, value and what is allowed', () => {
    expect(() =>
      synthInstall({ name: 'Contour', namespace: 'edge_33', targetNamespace: 'A', packageName: 'contour', version: ' ', syncPeriod: '10s', extensions: [{ secretName: 'Bad_Name', files: {} }] }),
    ).toThrow(
      [
        "PackageInstall 'test/contour': name: 'Contour' is not allowed; allowed: a DNS label",
        "PackageInstall 'test/contour': namespace: 'edge_33' is not allowed; allowed: a DNS label",
        "PackageInstall 'test/contour': targetNamespace: 'A' is not allowed; allowed: a DNS label",
        "PackageInstall 'test/contour': packageName: 'contour' is not allowed; allowed: a package refName such as contour.tanzu.vmware.com",
        "PackageInstall 'test/contour': version: '' is not allowed; allowed: a version or semver constraint",
        "PackageInstall 'test/contour': extensions[0].secretName: 'Bad_Name' is not allowed; allowed: a Secret name (DNS label)",
        "PackageInstall 'test/contour': syncPeriod: '10s' is not allowed; allowed: a duration of at least 30s, such as 10m",
      ].join('\n'),
    );
    expect(() => synthInstall({ syncPeriod: 'ten minutes' })).toThrow("syncPeriod: 'ten minutes' is not allowed; allowed: a duration of at least 30s, such as 10m");
  });
});

describe('PackageRepository', () => {
  test('fetches the imgpkg bundle and waits until reconciled', () => {
    const stack = testStack();
    new PackageRepository(stack, 'repo', { name: 'tanzu-standard', namespace: 'edge33', image: 'projects.registry.vmware.com/tkg/packages/standard/repo:v2.2.0_update.2' });
    const manifest = Object.values(all(synthJson(stack), 'kubernetes_manifest'))[0] as unknown as ManifestResource;
    expect(manifest.manifest).toEqual({
      apiVersion: 'packaging.carvel.dev/v1alpha1',
      kind: 'PackageRepository',
      metadata: { name: 'tanzu-standard', namespace: 'edge33', labels: {} },
      spec: { fetch: { imgpkgBundle: { image: 'projects.registry.vmware.com/tkg/packages/standard/repo:v2.2.0_update.2' } } },
    });
    expect(manifest.wait).toEqual({ condition: [{ type: 'ReconcileSucceeded', status: 'True' }] });
    // kubernetes 2.38's kubernetes_manifest waits 10m on delete when no delete timeout is set.
    expect((manifest as unknown as { timeouts: unknown }).timeouts).toEqual({ create: '15m', update: '15m', delete: '15m' });
  });

  test('rejects a bundle without a tag or digest, and bad names', () => {
    const stack = testStack();
    expect(() => new PackageRepository(stack, 'repo', { name: 'Tanzu', namespace: 'edge33', image: 'projects.registry.vmware.com/tkg/packages/standard/repo' })).toThrow(
      [
        "PackageRepository 'test/repo': name: 'Tanzu' is not allowed; allowed: a DNS label",
        "PackageRepository 'test/repo': image: 'projects.registry.vmware.com/tkg/packages/standard/repo' is not allowed; allowed: an imgpkg bundle reference with a tag or digest",
      ].join('\n'),
    );
  });
});

describeWithSchemas('PackageInstall against the kapp-controller CRD schema', () => {
  test('a PackageInstall with every option passes the schema', () => {
    const { install } = synthInstall({ secretValues: { a: 'b' }, extensions: [{ secretName: 'x', files: {} }], labels: { a: 'b' } });
    const validate = crdValidator('packaging.carvel.dev_v1alpha1_PackageInstall.json');
    expect([validate(install.object), validate.errors ?? []]).toEqual([true, []]);
  });

  test('the schema is strict enough to catch a misplaced field', () => {
    const validate = crdValidator('packaging.carvel.dev_v1alpha1_PackageInstall.json');
    const { install } = synthInstall();
    const broken = { ...install.object, spec: { ...(install.object.spec as object), syncPeriod: 600 } };
    expect(validate(broken)).toBe(false);
  });
});
