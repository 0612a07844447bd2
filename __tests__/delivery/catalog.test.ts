/**
 * Application delivery in the catalog: every refused input names its file and field,
 * all in one run; rings pin versions, sites pin or switch off; the default catalog
 * delivers storefront with a canary to every built site.
 */
import { parseCatalog } from '../../constructs/catalog/load';
import { CANARY_DEFAULTS } from '../../constructs/catalog/schema';
import { EditableCatalog, editableSample, problemsAfter, sampleFleet, setPath, toSources } from '../support/catalog';

type Apps = Record<string, Record<string, unknown>>;
const apps = (c: EditableCatalog): Apps => (c.fleet as { applications: Apps }).applications;

const fleetAfter = (edit: (c: EditableCatalog) => void) => {
  const c = editableSample();
  edit(c);
  return parseCatalog(toSources(c));
};

describe('delivery settings resolve per site', () => {
  test('the default catalog: every built site delivers storefront at its ring version, with a canary of the defaults the catalog spells out', () => {
    const fleet = sampleFleet();
    expect(fleet.delivery).toEqual({ harborProject: 'edge-platform' });
    expect(fleet.applications.map((a) => a.name)).toEqual(['storefront']);
    const [storefront] = fleet.applications;
    expect(storefront).toEqual({
      name: 'storefront',
      project: 'edge-apps',
      repository: 'charts/storefront',
      chart: 'storefront',
      namespace: 'storefront',
      values: { replicaCount: 2 },
      canary: { deployment: 'storefront', port: 80, targetPort: 8080, successRate: 99, latencyP99Ms: 500, stepWeight: 10, maxWeight: 50, interval: '1m', threshold: 5 },
    });
    for (const site of fleet.sites.filter((s) => s.phase !== 'bootstrap')) {
      expect([site.id, site.delivery.enabled, site.delivery.applications.map((a) => [a.application.name, a.version, a.versionSource])]).toEqual([site.id, true, [['storefront', '1.4.2', 'ring']]]);
      expect(site.ring.argocd?.chartVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(site.ring.flagger?.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  test('promoting is one ring version; a site pins its own or switches the application off', () => {
    const fleet = fleetAfter((c) => {
      setPath(c.fleet, 'rings.canary.applications.storefront', '1.5.0');
      setPath(c.sites.edge41, 'applications.storefront', { version: '1.4.1' });
      setPath(c.sites.edge52, 'applications.storefront', { enabled: false });
    });
    const running = (id: string) => fleet.sites.find((s) => s.id === id)?.delivery.applications.map((a) => [a.version, a.versionSource]);
    expect(running('edge33')).toEqual([['1.5.0', 'ring']]);
    expect(running('edge41')).toEqual([['1.4.1', 'site']]);
    expect(running('edge52')).toEqual([]);
  });

  test('canary keys left out take the defaults; without a canary section there is none', () => {
    const fleet = fleetAfter((c) => {
      apps(c).storefront.canary = { port: 8080 };
      apps(c).kiosk = { project: 'edge-apps', repository: 'kiosk', namespace: 'kiosk' };
      setPath(c.fleet, 'rings.canary.applications.kiosk', '2.0.0');
      setPath(c.fleet, 'rings.production.applications.kiosk', '2.0.0');
    });
    const [kiosk, storefront] = fleet.applications;
    expect(storefront.canary).toEqual({ deployment: 'storefront', port: 8080, targetPort: 8080, ...CANARY_DEFAULTS });
    expect(kiosk).toEqual({ name: 'kiosk', project: 'edge-apps', repository: 'kiosk', chart: 'kiosk', namespace: 'kiosk', values: {} });
  });

  test('a site that switches delivery off, and a fleet without delivery, deliver nothing', () => {
    expect(fleetAfter((c) => setPath(c.sites.edge33, 'delivery', { enabled: false })).sites.find((s) => s.id === 'edge33')?.delivery.enabled).toBe(false);
    const none = fleetAfter((c) => {
      delete (c.fleet as Record<string, unknown>).delivery;
      delete (c.fleet as Record<string, unknown>).applications;
      for (const ring of ['canary', 'production']) setPath(c.fleet, `rings.${ring}.applications`, {});
    });
    expect(none.sites.every((s) => !s.delivery.enabled && s.delivery.applications.length === 0)).toBe(true);
  });
});

describe('refused delivery settings name the file and the field, all in one run', () => {
  test.each<[string, (c: EditableCatalog) => void, string[]]>([
    [
      'applications without a chart or repository, out-of-range canaries, forbidden namespaces, a ring version for an unknown application',
      (c) => {
        delete apps(c).storefront.repository;
        apps(c).pos = { namespace: 'kube-system', canary: { successRate: 101, stepWeight: 0, interval: '10s' } };
        apps(c).kiosk = { project: 'ci-scratch', repository: 'charts/kiosk', namespace: 'tanzu-system-ingress', canary: { stepWeight: 30, maxWeight: 20, latencyP99Ms: 0 } };
        apps(c).queue = { project: 'edge-apps', repository: 'charts/queue', namespace: 'argocd', values: { fleet: { site: 'x' } } };
        setPath(c.fleet, 'rings.canary.applications', { storefront: '1.5.0', storefrnt: '1.5.0', pos: '1.0.0', kiosk: '1.0.0', queue: '1.0.0' });
        setPath(c.fleet, 'rings.production.applications', { storefront: '1.4.2', pos: '1.0.0', kiosk: '1.0.0', queue: '1.0.0' });
      },
      [
        'sites/fleet.yaml: applications.storefront.repository: missing; required: the chart repository inside the project, such as charts/storefront (the last segment is the chart name)',
        'sites/fleet.yaml: applications.pos.project: missing; required: a Harbor project declared in hub.harbor.projects',
        'sites/fleet.yaml: applications.pos.repository: missing; required: the chart repository inside the project, such as charts/storefront (the last segment is the chart name)',
        'sites/fleet.yaml: applications.pos.canary.successRate: 101 is not allowed; allowed: a percentage from 50 to 100',
        'sites/fleet.yaml: applications.pos.canary.stepWeight: 0 is not allowed; allowed: a traffic percentage from 1 to 50',
        'sites/fleet.yaml: applications.kiosk.canary.latencyP99Ms: 0 is not allowed; allowed: a latency in milliseconds from 1 to 60000',
        "sites/fleet.yaml: applications.pos.namespace: 'kube-system' is a platform namespace, which no application may use; allowed: a namespace of its own, such as pos",
        "sites/fleet.yaml: applications.pos.canary.interval: '10s' is shorter than 30s: a check would see no new samples of the site Prometheus; allowed: 30s or longer, such as 1m",
        "sites/fleet.yaml: applications.kiosk.project: 'ci-scratch' has replicate: false, so its images never reach the site Harbors; allowed: a replicated project",
        "sites/fleet.yaml: applications.kiosk.namespace: 'tanzu-system-ingress' is a platform namespace, which no application may use; allowed: a namespace of its own, such as kiosk",
        'sites/fleet.yaml: applications.kiosk.canary.maxWeight: 20 is below stepWeight 30, so the canary could never be promoted; allowed: a maxWeight from 30 to 100',
        "sites/fleet.yaml: applications.queue.namespace: 'argocd' is the namespace of Argo CD or Flagger, which no application may use; allowed: a namespace of its own, such as queue",
        'sites/fleet.yaml: applications.queue.values.fleet: is set by the fleet at each site (site, ring, registry, imagePullSecret); allowed: any other key',
        "sites/fleet.yaml: rings.canary.applications.storefrnt: unknown application 'storefrnt'; did you mean 'storefront'? allowed: kiosk, pos, queue, storefront (applications are declared under applications in fleet.yaml)",
      ],
    ],
    [
      'a ring without a version of an application its sites run, without Argo CD, and not replicating the projects',
      (c) => {
        setPath(c.fleet, 'rings.production.applications', {});
        delete (c.fleet as { rings: Record<string, Record<string, unknown>> }).rings.production.argocd;
        setPath(c.fleet, 'rings.canary.replication.projects', ['edge-platform']);
      },
      [
        "sites/fleet.yaml: rings.canary.replication.projects: does not replicate 'edge-apps' (applications.storefront), so its charts and images never reach the site Harbors of ring 'canary': edge33; allowed: add 'edge-apps'",
        "sites/fleet.yaml: rings.production.argocd: missing; required because built sites of ring 'production' deliver applications: edge41, edge52; allowed: the argo-cd chartVersion, version and redisVersion this ring runs",
        "sites/fleet.yaml: rings.production.applications.storefront: missing; required because built sites of ring 'production' run storefront at the ring's version: edge41, edge52; allowed: the chart version of storefront this ring runs (or switch it off or pin it in those site files)",
      ],
    ],
    [
      'a site pinning a malformed version, naming an unknown application, turning delivery on without the fleet, or off the add-ons it needs',
      (c) => {
        setPath(c.sites.edge41, 'applications', { storefront: { version: '1.5' }, unknown: { enabled: false } });
        setPath(c.sites.edge52, 'addons.contour.enabled', false);
        setPath(c.sites.edge52, 'addons.grafana.enabled', false);
        setPath(c.sites.edge52, 'addons.prometheus.enabled', false);
        setPath(c.sites.edge52, 'addons.externalDns.enabled', false);
      },
      [
        "sites/edge41.yaml: applications.storefront.version: '1.5' is not allowed; allowed: the version this site runs: an exact chart version (SemVer) such as 1.5.0",
        "sites/edge41.yaml: applications.unknown: unknown application 'unknown'; allowed: storefront (applications are declared in fleet.yaml)",
        'sites/edge52.yaml: addons.harbor.enabled (inherited from fleet.yaml defaults or the built-in default): true needs addons.contour, which is disabled; allowed: enable contour too, or disable harbor',
        'sites/edge52.yaml: delivery.enabled: Flagger routes the canary traffic through Contour, which this site switches off (addons.contour.enabled: false); allowed: delivery.enabled: false, or contour on',
        'sites/edge52.yaml: delivery.enabled: Flagger measures the canary with the site Prometheus, which this site switches off (addons.prometheus.enabled: false); allowed: delivery.enabled: false, or prometheus on',
      ],
    ],
    [
      'applications and a site delivery without fleet.yaml delivery',
      (c) => {
        delete (c.fleet as Record<string, unknown>).delivery;
        setPath(c.sites.edge33, 'delivery', { enabled: true });
      },
      [
        'sites/fleet.yaml: applications: 1 declared, but fleet.yaml declares no delivery, so no site runs Argo CD; allowed: declare delivery (Argo CD and Flagger at every built site), or remove applications',
        'sites/edge33.yaml: delivery.enabled: true, but fleet.yaml declares no delivery; allowed: declare delivery in fleet.yaml, or leave it off',
      ],
    ],
    [
      'a secret in an application\'s values is refused like any secret in the catalog',
      (c) => {
        apps(c).storefront.values = { db: { password: 'hunter2' } };
      },
      [
        "sites/fleet.yaml: applications.storefront.values.db.password: key 'password' looks like a secret, and the catalog never holds secrets (it is committed and shown in every review); pass it as a sensitive Terraform variable (TF_VAR_<name>) or a provider environment variable: docs/secrets.md lists them",
      ],
    ],
  ])('%s', (_title, edit, expected) => {
    expect(problemsAfter(edit)).toEqual(expected);
  });
});
