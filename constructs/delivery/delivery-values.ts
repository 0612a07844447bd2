/**
 * Values of the argo-cd and flagger Helm charts, and the Argo CD `Application` and
 * Flagger `Canary` objects, for one site. Pure functions: no constructs, files or
 * environment. Sources (read, not guessed; docs/application-delivery.md lists them):
 *
 * argo-cd chart (argoproj/argo-helm `charts/argo-cd/values.yaml`, chart 10.1.1 /
 * Argo CD v3.4.4): `global.image.repository`, `global.image.tag`,
 * `global.imagePullSecrets` (a list of `{ name }`, used by every Argo CD Deployment,
 * StatefulSet and the redis-secret-init Job unless a component sets its own),
 * `redis.image.repository`, `redis.image.tag`, `dex.enabled`, `notifications.enabled`,
 * `configs.tls.certificates` (the ConfigMap `argocd-tls-certs-cm`: repository host →
 * PEM; Argo CD verifies a Helm or OCI repository server with it),
 * `configs.cm."timeout.reconciliation"`, `controller.metrics.enabled`. The application
 * controller's metrics port is named `metrics` (8082,
 * `templates/argocd-application-controller/statefulset.yaml`).
 *
 * flagger chart (fluxcd/flagger `charts/flagger/values.yaml` and
 * `templates/deployment.yaml`, chart 1.44.0): `image.repository`, `image.tag`,
 * `image.pullSecret` (one Secret name), `meshProvider` (`-mesh-provider`),
 * `metricsServer` (`-metrics-server`, with `prometheus.install` false),
 * `clusterName` (`-cluster-name`, in Flagger's alerts), `crd.create` (false: the CRDs
 * come from the chart's `crds/`, which kapp-controller renders with
 * `--include-crds`). Its container port is named `http` (8080); it serves
 * `flagger_canary_status{name,namespace}` (0 running, 1 successful, 2 failed,
 * `pkg/metrics/recorder.go`) and `flagger_canary_weight{workload,namespace}`.
 *
 * Argo CD Application (argoproj/argo-cd `docs/operator-manual/declarative-setup.md`,
 * Helm): a chart in an OCI registry is `source.repoURL` without `oci://`
 * (`harbor.edge33.tanzu.lab/edge-apps/charts`), `source.chart` and
 * `source.targetRevision`; its repository Secret (label
 * `argocd.argoproj.io/secret-type: repository`) has `url`, `type: helm`, `name`,
 * `username`, `password` and `enableOCI: "true"`. This form works from Argo CD 2.x on;
 * the native `oci://` source (`docs/user-guide/oci.md`) is new in v3.1.0 (beta) and not
 * used. `spec.ignoreDifferences` with `syncOptions: [RespectIgnoreDifferences=true]`
 * (`docs/user-guide/sync-options.md`) keeps Argo CD off the replicas Flagger sets; the
 * finalizer `resources-finalizer.argocd.argoproj.io` makes deleting the Application
 * delete what it deployed (`docs/user-guide/app_deletion.md`).
 *
 * Flagger Canary (flagger.app/v1beta1, `artifacts/flagger/crd.yaml`, and
 * `docs/gitbook/tutorials/contour-progressive-delivery.md`): `spec.provider` (enum,
 * `contour`), `spec.targetRef`, `spec.service.port` (required), `targetPort`,
 * `spec.analysis.interval` (pattern `^[0-9]+(m|s)`), `threshold`, `maxWeight`,
 * `stepWeight`, `metrics[]` with `name`, `interval`, `thresholdRange.min|max`. The
 * built-in metrics `request-success-rate` (percent of non-5xx) and `request-duration`
 * (p99 in milliseconds) are, for Contour (`pkg/metrics/observers/contour.go`), queries of
 * Envoy's `envoy_cluster_upstream_rq{envoy_cluster_name=~"<ns>_<service>-canary_...",
 * envoy_response_code}` and `envoy_cluster_upstream_rq_time_bucket`, with no job label:
 * the site Prometheus scrapes them from Envoy as job `contour-envoy` (prometheus.ts).
 */
import { FLEET_VALUES_KEY } from '../catalog/applications';
import { Application, ArgoCdRelease, CanaryAnalysis, FlaggerRelease, SiteApplication } from '../catalog/model';
import { durationSeconds } from '../catalog/rules';

/** Helm release (and kapp-controller App) names. */
export const ARGOCD_RELEASE = 'argocd';
export const FLAGGER_RELEASE = 'flagger';
export const APPLICATIONS_APP = 'applications';
/** Image pull Secrets (site Harbor robot) in the workload cluster. */
export const ARGOCD_PULL_SECRET = 'argocd-registry';
export const FLAGGER_PULL_SECRET = 'flagger-registry';
/** Image pull Secret of the site Harbor in every application namespace, for the charts' own images. */
export const APPLICATION_PULL_SECRET = 'site-harbor-pull';
/** Labels and annotations the review reads back (tools/review/applications.ts imports them). */
export const APPLICATION_LABEL = 'tanzu-edge-fleet/application';
export const VERSION_SOURCE_ANNOTATION = 'tanzu-edge-fleet/version-source';
export const HARBOR_PROJECT_ANNOTATION = 'tanzu-edge-fleet/harbor-project';
/** Argo CD's cascade-delete finalizer. */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Where a site's delivery comes from: the site Harbor and the ring's releases. */
export interface DeliverySource {
  /** `harbor.<site>.<edgeDomain>` */
  readonly registryHost: string;
  /** Hub Harbor project (replicated) with the argo-cd and flagger charts under `charts/` and their images. */
  readonly project: string;
  readonly argocd: ArgoCdRelease;
  readonly flagger: FlaggerRelease;
}

/** OCI repository of the delivery charts in the site Harbor: `oci://<host>/<project>/charts`. */
export function deliveryChartRepositoryUrl(source: Pick<DeliverySource, 'registryHost' | 'project'>): string {
  return `oci://${source.registryHost}/${source.project}/charts`;
}

function image(source: Pick<DeliverySource, 'registryHost' | 'project'>, repository: string): string {
  return `${source.registryHost}/${source.project}/${repository}`;
}

/**
 * argo-cd chart values: every image from the site Harbor with its pull Secret, the
 * fleet CA trusted for the site Harbor, no Dex (no SSO at a store) and no
 * notifications controller (alerts come from the site Prometheus), controller metrics
 * on for the site Prometheus.
 */
export function argoCdValues(source: DeliverySource, caCertificate: string): Record<string, unknown> {
  return {
    global: {
      image: { repository: image(source, 'argoproj/argocd'), tag: source.argocd.version },
      imagePullSecrets: [{ name: ARGOCD_PULL_SECRET }],
    },
    redis: { image: { repository: image(source, 'library/redis'), tag: source.argocd.redisVersion } },
    dex: { enabled: false },
    notifications: { enabled: false },
    configs: {
      tls: { certificates: { [source.registryHost]: caCertificate } },
      cm: { 'timeout.reconciliation': '180s' },
    },
    controller: { metrics: { enabled: true } },
  };
}

/** flagger chart values: Contour as the router, the site Prometheus as the metrics server. */
export function flaggerValues(source: DeliverySource, metricsServer: string, clusterName: string): Record<string, unknown> {
  return {
    image: { repository: image(source, 'fluxcd/flagger'), tag: source.flagger.version, pullSecret: FLAGGER_PULL_SECRET },
    meshProvider: 'contour',
    metricsServer,
    prometheus: { install: false },
    crd: { create: false },
    clusterName,
  };
}

/** A Namespace the delivery creates, labelled. */
export function namespaceObject(name: string, labels: Readonly<Record<string, string>>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels } } };
}

/** `repoURL` and `chart` of an application in the site Harbor (Argo CD's Helm-OCI form: no `oci://`). */
export function applicationSource(registryHost: string, app: Pick<Application, 'project' | 'repository' | 'chart'>): { repoURL: string; chart: string } {
  const dir = app.repository.includes('/') ? `/${app.repository.slice(0, app.repository.lastIndexOf('/'))}` : '';
  return { repoURL: `${registryHost}/${app.project}${dir}`, chart: app.chart };
}

/** What the fleet tells every application chart about the site, under `fleet` in its values. */
export interface SiteFacts {
  /** Site id. */
  readonly site: string;
  readonly ring: string;
}

/**
 * The values the fleet adds under `fleet` (FLEET_VALUES_KEY): the site and ring, the
 * site Harbor project of the application's images and the pull Secret in its namespace,
 * so one chart pulls from each site's own Harbor.
 */
export function fleetValues(registryHost: string, app: Pick<Application, 'project'>, facts: SiteFacts): Record<string, string> {
  return { site: facts.site, ring: facts.ring, registry: `${registryHost}/${app.project}`, imagePullSecret: APPLICATION_PULL_SECRET };
}

/** The Argo CD Application of one application at a site: its chart from the site Harbor at the version the site runs. */
export function applicationObject(registryHost: string, running: SiteApplication, namespace: string, facts: SiteFacts, labels: Readonly<Record<string, string>>): Record<string, unknown> {
  const app = running.application;
  const canary = app.canary;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: app.name,
      namespace,
      labels: { ...labels, [APPLICATION_LABEL]: app.name },
      annotations: { [VERSION_SOURCE_ANNOTATION]: running.versionSource, [HARBOR_PROJECT_ANNOTATION]: app.project },
      finalizers: [ARGOCD_RESOURCES_FINALIZER],
    },
    spec: {
      project: 'default',
      source: {
        ...applicationSource(registryHost, app),
        targetRevision: running.version,
        helm: { releaseName: app.name, valuesObject: { ...app.values, [FLEET_VALUES_KEY]: fleetValues(registryHost, app, facts) } },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: app.namespace },
      ...(canary ? { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: canary.deployment, jsonPointers: ['/spec/replicas'] }] } : {}),
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        ...(canary ? { syncOptions: ['RespectIgnoreDifferences=true'] } : {}),
        retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
      },
    },
  };
}

/**
 * The window of the canary's metric queries: the analysis interval, but at least two
 * scrapes of the site Prometheus, so `rate()` always has two samples (with fewer,
 * Flagger finds no value and counts a failed check).
 */
export function metricWindow(interval: string, scrapeIntervalSeconds: number): string {
  const seconds = Math.max(durationSeconds(interval) ?? 0, 2 * scrapeIntervalSeconds);
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** The Flagger Canary of an application: Contour, the catalog's thresholds. */
export function canaryObject(app: Application & { readonly canary: CanaryAnalysis }, scrapeIntervalSeconds: number, labels: Readonly<Record<string, string>>): Record<string, unknown> {
  const c = app.canary;
  const window = metricWindow(c.interval, scrapeIntervalSeconds);
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: app.name, namespace: app.namespace, labels: { ...labels, [APPLICATION_LABEL]: app.name } },
    spec: {
      provider: 'contour',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.deployment },
      service: { port: c.port, targetPort: c.targetPort },
      analysis: {
        interval: c.interval,
        threshold: c.threshold,
        maxWeight: c.maxWeight,
        stepWeight: c.stepWeight,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: c.successRate }, interval: window },
          { name: 'request-duration', thresholdRange: { max: c.latencyP99Ms }, interval: window },
        ],
      },
    },
  };
}
