/**
 * The access objects the sites' access Apps deploy into their workload clusters,
 * created on a real kube-apiserver (tools/sim, RBAC authorization, strict field
 * validation), and then asked, through SubjectAccessReviews answered by the server's
 * own RBAC authorizer, what each group may do: the roles mean what docs/access.md says.
 * Needs .sim/bin/kube-apiserver and etcd: skipped without them, failed under CI=true.
 */
import { parseAllDocuments } from 'yaml';
import { ApiServer, apiRequest, findBinaries, startApiServer } from '../../tools/sim/apiserver';
import { ROOT, sampleFleet } from '../support/catalog';
import { all } from '../support/stack';
import { buildStacks, stackJson } from '../support/synth';
import { testWhen } from '../support/tools';

const bins = findBinaries({ root: ROOT });
const withServer = testWhen(bins.missing.length === 0, `RBAC acceptance test: ${bins.missing.join('; ')}`);

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } } & Record<string, unknown>;

/** Every document of edge33's access Apps (edge33 has fleet, ring and site grants). */
function edge33Documents(): Doc[] {
  const site = buildStacks(sampleFleet(), ['edge33']).sites[0];
  const manifests = Object.values(all(stackJson(site), 'kubernetes_manifest')) as Array<{ manifest: { kind: string; metadata: { name: string }; spec: { fetch: Array<{ inline?: { paths?: Record<string, string> } }> } } }>;
  return manifests
    .filter((m) => m.manifest.kind === 'App' && m.manifest.metadata.name.startsWith('access'))
    .flatMap((m) => m.manifest.spec.fetch.flatMap((f) => Object.values(f.inline?.paths ?? {}).flatMap((t) => parseAllDocuments(t).map((d) => d.toJS() as Doc))));
}

const plural: Record<string, string> = { Namespace: 'namespaces', ServiceAccount: 'serviceaccounts', Secret: 'secrets', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', RoleBinding: 'rolebindings' };

async function apply(server: ApiServer, doc: Doc): Promise<{ status: number; body: string }> {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = doc.metadata.namespace ? `/namespaces/${doc.metadata.namespace}` : '';
  const res = await apiRequest(server, 'PATCH', `${prefix}${ns}/${plural[doc.kind]}/${encodeURIComponent(doc.metadata.name)}?fieldManager=kapp&fieldValidation=Strict`, doc, 'application/apply-patch+yaml');
  return { status: res.status, body: res.body };
}

interface Ask {
  readonly who: { readonly group?: string; readonly serviceAccount?: string };
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  readonly namespace?: string;
  readonly subresource?: string;
}

/**
 * What kube-controller-manager's clusterrole-aggregation controller does, which the
 * stand-in does not run: Kubernetes' view, edit and admin are aggregated ClusterRoles
 * whose rules are the union of the ClusterRoles labelled aggregate-to-<name>.
 */
async function aggregate(server: ApiServer): Promise<void> {
  for (const name of ['view', 'edit', 'admin']) {
    const list = await apiRequest(server, 'GET', `/apis/rbac.authorization.k8s.io/v1/clusterroles?labelSelector=${encodeURIComponent(`rbac.authorization.k8s.io/aggregate-to-${name}=true`)}`);
    const rules = (JSON.parse(list.body) as { items: Array<{ rules?: unknown[] }> }).items.flatMap((r) => r.rules ?? []);
    expect(rules.length).toBeGreaterThan(0);
    const res = await apiRequest(server, 'PATCH', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`, { rules }, 'application/merge-patch+json');
    expect(res.status).toBe(200);
  }
}

async function allowed(server: ApiServer, ask: Ask): Promise<boolean> {
  const user = ask.who.serviceAccount ? `system:serviceaccount:edge-break-glass:${ask.who.serviceAccount}` : 'someone@corp';
  const groups = ask.who.serviceAccount ? ['system:serviceaccounts', 'system:authenticated'] : [ask.who.group as string, 'system:authenticated'];
  const res = await apiRequest(server, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: { user, groups, resourceAttributes: { verb: ask.verb, resource: ask.resource, group: ask.group ?? '', ...(ask.namespace ? { namespace: ask.namespace } : {}), ...(ask.subresource ? { subresource: ask.subresource } : {}) } },
  });
  if (res.status !== 201) throw new Error(`SubjectAccessReview failed: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { status: { allowed: boolean } }).status.allowed;
}

describe('the access objects on a real API server', () => {
  withServer('accepted with strict validation, and the roles allow what docs/access.md says, nothing more', async () => {
    const documents = edge33Documents();
    const server = await startApiServer({ root: ROOT });
    try {
      // The application delivery creates the namespaces kapp waits for; kapp's own Config is not an API object.
      const toApply = documents.filter((d) => d.kind !== 'Config');
      expect(toApply.map((d) => d.kind).sort()).toEqual(
        ['ClusterRole', 'ClusterRole', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'ClusterRoleBinding', 'Namespace', 'Namespace', 'RoleBinding', 'Secret', 'ServiceAccount'].sort(),
      );
      const ordered = [...toApply].sort((a, b) => (a.kind === 'Namespace' ? -1 : 0) - (b.kind === 'Namespace' ? -1 : 0));
      for (const doc of [...ordered, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kiosk' } } as Doc]) {
        const res = await apply(server, doc);
        expect({ doc: `${doc.kind} ${doc.metadata.name}`, status: res.status, body: res.status < 300 ? '' : res.body }).toEqual({ doc: `${doc.kind} ${doc.metadata.name}`, status: expect.any(Number), body: '' });
      }
      await aggregate(server);
      const can = (ask: Ask) => allowed(server, ask);
      const ops = { group: 'store-edge33-operators' };
      const noc = { group: 'edge-noc' };
      const admins = { group: 'tanzu-platform-admins' };
      const stranger = { group: 'someone-else' };
      const results = {
        // operate: read everything, restart in storefront only, never Secrets, never elsewhere.
        opsListPodsEverywhere: await can({ who: ops, verb: 'list', resource: 'pods' }),
        opsListNodes: await can({ who: ops, verb: 'list', resource: 'nodes' }),
        opsRestartInApp: await can({ who: ops, verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'storefront' }),
        opsDeletePodInApp: await can({ who: ops, verb: 'delete', resource: 'pods', namespace: 'storefront' }),
        opsLogsInApp: await can({ who: ops, verb: 'get', resource: 'pods', subresource: 'log', namespace: 'storefront' }),
        opsRestartInKiosk: await can({ who: ops, verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'kiosk' }),
        opsRestartInKubeSystem: await can({ who: ops, verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'kube-system' }),
        opsCreateInApp: await can({ who: ops, verb: 'create', resource: 'deployments', group: 'apps', namespace: 'storefront' }),
        opsReadSecretsInApp: await can({ who: ops, verb: 'get', resource: 'secrets', namespace: 'storefront' }),
        opsScaleInApp: await can({ who: ops, verb: 'update', resource: 'deployments', group: 'apps', namespace: 'storefront', subresource: 'scale' }),
        // view: read, no write, no Secrets.
        nocListNodes: await can({ who: noc, verb: 'list', resource: 'nodes' }),
        nocGetPods: await can({ who: noc, verb: 'get', resource: 'pods', namespace: 'kube-system' }),
        nocReadSecrets: await can({ who: noc, verb: 'list', resource: 'secrets', namespace: 'kube-system' }),
        nocDeletePod: await can({ who: noc, verb: 'delete', resource: 'pods', namespace: 'storefront' }),
        // cluster-admin and break-glass: everything; a stranger: nothing.
        adminsEverything: await can({ who: admins, verb: '*', resource: '*', group: '*' }),
        breakGlassEverything: await can({ who: { serviceAccount: 'break-glass-g1' }, verb: 'delete', resource: 'nodes' }),
        oldBreakGlassGeneration: await can({ who: { serviceAccount: 'break-glass-g0' }, verb: 'list', resource: 'nodes' }),
        strangerListPods: await can({ who: stranger, verb: 'list', resource: 'pods', namespace: 'storefront' }),
      };
      expect(results).toEqual({
        opsListPodsEverywhere: true,
        opsListNodes: true,
        opsRestartInApp: true,
        opsDeletePodInApp: true,
        opsLogsInApp: true,
        opsRestartInKiosk: false,
        opsRestartInKubeSystem: false,
        opsCreateInApp: false,
        opsReadSecretsInApp: false,
        opsScaleInApp: false,
        nocListNodes: true,
        nocGetPods: true,
        nocReadSecrets: false,
        nocDeletePod: false,
        adminsEverything: true,
        breakGlassEverything: true,
        oldBreakGlassGeneration: false,
        strangerListPods: false,
      });
      // A deliberately broken binding is refused: the check can fail.
      const broken = await apply(server, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'broken' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'x', namespaces: ['pos'] }] } as unknown as Doc);
      expect(broken.status).toBeGreaterThanOrEqual(400);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
