/**
 * Values of the vmware-tanzu `velero` Helm chart, and the objects the fleet adds to its
 * release, for one site. Pure functions: no constructs, files or environment.
 *
 * Chart keys used (vmware-tanzu/helm-charts `charts/velero/values.yaml` and templates,
 * chart 12.1.0 / Velero 1.18.1; the same keys since chart 5.x): `image.repository`,
 * `image.tag`, `image.imagePullSecrets` (server Deployment and node-agent DaemonSet),
 * `initContainers` (the plugin image copies itself to the `plugins` volume at
 * `/target`), `upgradeCRDs` (a pre-install hook Job running a kubectl image: off,
 * because kapp-controller renders `helm template --include-crds` and kapp applies the
 * chart's `crds/` itself), `cleanUpCRDs`, `deployNodeAgent`, `snapshotsEnabled`,
 * `backupsEnabled`, `configuration.backupStorageLocation[]` (`name`, `provider`,
 * `bucket`, `prefix`, `caCert`, `default`, `accessMode`, `config`, `annotations`),
 * `configuration.volumeSnapshotLocation` (empty: no snapshots), `configuration.uploaderType`,
 * `credentials.useSecret` and `credentials.existingSecret` (the server and the node agent
 * mount that Secret at `/credentials` and read `AWS_SHARED_CREDENTIALS_FILE=/credentials/cloud`;
 * not `credentials.secretContents`, whose values go through Helm's `tpl`, which a secret
 * key holding `{{` would break),
 * `schedules.<name>` (`schedule`, `paused`, `template`; the Schedule is named
 * `<release>-<name>`), `metrics.enabled` and `metrics.podAnnotations` (port 8085).
 *
 * Velero objects (velero.io/v1): Schedule `template` is a BackupSpec (`ttl`,
 * `includedNamespaces`, `excludedNamespaces`, `labelSelector`, `snapshotVolumes`,
 * `defaultVolumesToFsBackup`, `storageLocation`); a Restore names exactly one of
 * `backupName` and `scheduleName` (the newest completed backup of that schedule). BSL
 * `config` of the AWS plugin: `region`, `s3Url`, `s3ForcePathStyle` (S3-compatible
 * stores answer path-style).
 */
import { Fn } from 'cdktf';
import { BackupSchedule, SiteRestore, VeleroRelease } from '../catalog/model';
import { veleroScheduleName } from '../catalog/backup';

/** Helm release (and kapp-controller App) name: the chart's fullname is then `velero`. */
export const VELERO_RELEASE = 'velero';
/** Namespace of Velero in the workload cluster. */
export const VELERO_NAMESPACE = 'velero';
/** The one backup storage location of a site. */
export const BACKUP_LOCATION = 'default';
/** The image pull Secret in the velero namespace (site Harbor robot). */
export const PULL_SECRET_NAME = 'velero-registry';
/** The store credentials Secret in the velero namespace (key `cloud`, the AWS plugin's credentials file). */
export const CREDENTIALS_SECRET_NAME = 'velero-credentials';
/** Velero's metrics port (`metrics.podAnnotations`, container port `http-monitoring`). */
export const VELERO_METRICS_PORT = 8085;
/** kapp change group of the backup location, which a restore waits for. */
export const LOCATION_CHANGE_GROUP = 'tanzu-edge-fleet/backup-location';

/** Where images and the chart come from: the site Harbor's replicated project. */
export interface VeleroSource {
  /** `harbor.<site>.<edgeDomain>` */
  readonly registryHost: string;
  /** Hub Harbor project replicated to the site, e.g. `edge-platform`. */
  readonly project: string;
  readonly release: VeleroRelease;
}

export interface VeleroLocation {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly caCertificate?: string;
  /** AWS plugin `checksumAlgorithm` (velero-plugin-for-aws `backupstoragelocation.md`). @default the plugin's, CRC32 */
  readonly checksumAlgorithm?: string;
}

export interface VeleroValuesOptions {
  readonly source: VeleroSource;
  readonly location: VeleroLocation;
  readonly schedules: readonly BackupSchedule[];
  /** A restore is running: the location is read-only and the schedules paused. */
  readonly restoring: boolean;
}

/** OCI repository of the chart in the site Harbor: `oci://<host>/<project>/charts`. */
export function chartRepositoryUrl(source: VeleroSource): string {
  return `oci://${source.registryHost}/${source.project}/charts`;
}

/** An image in the site Harbor's replicated project. */
export function siteImage(source: VeleroSource, repository: string): string {
  return `${source.registryHost}/${source.project}/${repository}`;
}

/** Velero ttl of a retention in hours, as Velero prints durations. */
export function veleroTtl(hours: number): string {
  return `${hours}h0m0s`;
}

/** The Schedule's backup template of a catalog schedule. */
export function backupTemplate(schedule: BackupSchedule): Record<string, unknown> {
  return {
    ttl: veleroTtl(schedule.retentionHours),
    includedNamespaces: [...schedule.namespaces],
    excludedNamespaces: [...schedule.excludeNamespaces],
    ...(Object.keys(schedule.labelSelector).length ? { labelSelector: { matchLabels: { ...schedule.labelSelector } } } : {}),
    snapshotVolumes: false,
    defaultVolumesToFsBackup: schedule.volumes === 'filesystem',
    storageLocation: BACKUP_LOCATION,
  };
}

/** Chart values: no secrets (the credentials and pull Secrets come through the App's documentSecrets). */
export function veleroValues(options: VeleroValuesOptions): Record<string, unknown> {
  const { source, location, schedules, restoring } = options;
  return {
    image: { repository: siteImage(source, 'velero/velero'), tag: source.release.version, imagePullSecrets: [PULL_SECRET_NAME] },
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: `${siteImage(source, 'velero/velero-plugin-for-aws')}:${source.release.awsPluginVersion}`,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
      },
    ],
    upgradeCRDs: false,
    cleanUpCRDs: false,
    deployNodeAgent: true,
    snapshotsEnabled: false,
    backupsEnabled: true,
    configuration: {
      backupStorageLocation: [
        {
          name: BACKUP_LOCATION,
          provider: 'aws',
          bucket: location.bucket,
          prefix: location.prefix,
          ...(location.caCertificate ? { caCert: Buffer.from(location.caCertificate, 'utf8').toString('base64') } : {}),
          default: true,
          accessMode: restoring ? 'ReadOnly' : 'ReadWrite',
          config: {
            region: location.region,
            s3Url: location.endpoint,
            s3ForcePathStyle: 'true',
            ...(location.checksumAlgorithm !== undefined ? { checksumAlgorithm: location.checksumAlgorithm } : {}),
          },
          annotations: { 'kapp.k14s.io/change-group': LOCATION_CHANGE_GROUP },
        },
      ],
      volumeSnapshotLocation: [],
      uploaderType: 'kopia',
    },
    credentials: { useSecret: true, existingSecret: CREDENTIALS_SECRET_NAME },
    metrics: {
      enabled: true,
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(VELERO_METRICS_PORT), 'prometheus.io/path': '/metrics' },
    },
    schedules: Object.fromEntries(
      schedules.map((s) => [
        s.name,
        {
          schedule: s.cron,
          ...(restoring ? { paused: true } : {}),
          useOwnerReferencesInBackup: false,
          template: backupTemplate(s),
        },
      ]),
    ),
  };
}

/**
 * The credentials file of the AWS plugin, as Terraform builds it at apply time from the
 * site's own key (variables, never in the output).
 */
export function credentialsFile(accessKeyId: string, secretAccessKey: string): string {
  // Fn.join, not a template literal: a token inside a string passed to a Terraform
  // function is an escape sequence cdktf warns about.
  return Fn.join('', ['[default]\naws_access_key_id=', accessKeyId, '\naws_secret_access_key=', secretAccessKey, '\n']);
}

/**
 * The Namespace Velero runs in: created by the release (kapp orders it first), labelled
 * for Pod Security `privileged`, because the node agent mounts the kubelet's pod volumes
 * from the host and runs as root.
 */
export function veleroNamespace(labels: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: VELERO_NAMESPACE,
      labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' },
    },
  };
}

/**
 * kapp configuration (read by kapp, not deployed): the backup location is done when
 * Velero finds it `Available` and has synced the store's backups into the cluster
 * (`status.lastSyncedTime`, set by the backup sync controller after each sync). A
 * Restore created earlier fails validation for good ("No backups found for schedule").
 * ytt wait rules need kapp v0.48.0 or later (kapp-controller v0.41.0 ships kapp v0.52.0).
 */
export function locationWaitRule(): Record<string, unknown> {
  return {
    apiVersion: 'kapp.k14s.io/v1alpha1',
    kind: 'Config',
    waitRules: [
      {
        ytt: {
          funcContractV1: {
            'resource.star': [
              'def is_done(resource):',
              '    status = getattr(resource, "status", None)',
              '    phase = getattr(status, "phase", "") if status != None else ""',
              '    synced = getattr(status, "lastSyncedTime", "") if status != None else ""',
              '    if phase == "Available" and synced:',
              '        return {"done": True, "successful": True, "message": "available, backups synced from the store"}',
              '    end',
              '    return {"done": False, "message": "waiting for the location to be Available and synced (phase " + str(phase) + ")"}',
              'end',
              '',
            ].join('\n'),
          },
        },
        resourceMatchers: [{ apiVersionKindMatcher: { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation' } }],
      },
    ],
  };
}

/** Name of the Restore of a site restore: a new attempt is a new Restore. */
export function restoreName(restore: SiteRestore): string {
  const backup = restore.backup === 'latest' ? 'latest' : restore.backup.slice(veleroScheduleName(restore.schedule).length + 1);
  return `rebuild-${restore.schedule}-${backup}-${restore.attempt}`.slice(0, 253).replace(/[.-]+$/, '');
}

/**
 * The Velero Restore of a site restore. kapp creates it only after the backup location
 * is Available and synced (change rule), never updates it (Velero fills in
 * `backupName` when restoring the newest of a schedule) and leaves it in the cluster
 * when the catalog drops the restore (delete strategy orphan), as the record of what
 * was restored. Platform namespaces are excluded, so the rebuilt cluster's own
 * platform is never overwritten; existing objects are kept (`existingResourcePolicy`
 * none).
 */
export function restoreObject(restore: SiteRestore, schedule: BackupSchedule, labels: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: {
      name: restoreName(restore),
      namespace: VELERO_NAMESPACE,
      labels: { ...labels },
      annotations: {
        'kapp.k14s.io/change-rule': `upsert after upserting ${LOCATION_CHANGE_GROUP}`,
        'kapp.k14s.io/update-strategy': 'skip',
        'kapp.k14s.io/delete-strategy': 'orphan',
      },
    },
    spec: {
      ...(restore.backup === 'latest' ? { scheduleName: veleroScheduleName(restore.schedule) } : { backupName: restore.backup }),
      includedNamespaces: [...schedule.namespaces],
      excludedNamespaces: [...schedule.excludeNamespaces],
      restorePVs: true,
      existingResourcePolicy: 'none',
    },
  };
}
