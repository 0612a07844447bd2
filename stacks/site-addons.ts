/**
 * The add-ons of a site from the resolved catalog: which add-ons, and the settings
 * and credentials each gets.
 */
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { SiteAddonSettings } from '../constructs/addons/site-addons';
import { SiteIdentity } from '../constructs/addons/values/types';
import { ARGOCD_NAMESPACE, FLAGGER_NAMESPACE, Fleet, Site, isBuilt } from '../constructs/catalog/model';
import { veleroScheduleName } from '../constructs/catalog/backup';
import { VELERO_NAMESPACE } from '../constructs/backup/velero-values';
import { credential, remoteWritePassword } from './credentials';

export function siteIdentity(site: Site): SiteIdentity {
  return { site: site.id, ring: site.ring.name, cluster: site.names.workloadCluster };
}

/** Settings of every add-on the site enables; credentials come from the stack's variables. */
export function siteAddonSettings(scope: Construct, fleet: Fleet, site: Site): SiteAddonSettings {
  const a = site.addons;
  const monitoring = fleet.hub.monitoring;
  const hubCa = monitoring.caCertificate ? { caCertificate: monitoring.caCertificate } : {};
  const identity = siteIdentity(site);
  return {
    ...(a.certManager.enabled ? { certManager: {} } : {}),
    ...(a.contour.enabled ? { contour: { ingressVip: site.ingressAddress } } : {}),
    ...(a.harbor.enabled
      ? {
          harbor: {
            hostname: site.names.harborHost,
            caCertificate: fleet.certificateAuthority,
            caPrivateKey: credential(scope, 'fleet_ca_private_key'),
            adminPassword: credential(scope, 'site_harbor_admin_password'),
            registryStorage: a.harbor.registryStorage,
          },
        }
      : {}),
    ...(a.prometheus.enabled
      ? {
          prometheus: {
            identity,
            hub: { url: monitoring.remoteWriteUrl, ...hubCa, basicAuth: { username: site.id, password: remoteWritePassword(scope, site.id) } },
            retention: { time: a.prometheus.retentionTime, size: a.prometheus.retentionSize },
            storage: { size: a.prometheus.storage },
            ...(isBuilt(site) && site.backup.enabled
              ? { backups: { namespace: VELERO_NAMESPACE, schedules: site.backup.schedules.map((s) => ({ schedule: veleroScheduleName(s.name), intervalSeconds: s.intervalSeconds })) } }
              : {}),
            ...(isBuilt(site) && site.delivery.enabled
              ? {
                  delivery: {
                    argocdNamespace: ARGOCD_NAMESPACE,
                    flaggerNamespace: FLAGGER_NAMESPACE,
                    applications: site.delivery.applications.map((a) => ({ application: a.application.name, namespace: a.application.namespace, version: a.version, versionSource: a.versionSource })),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(a.grafana.enabled
      ? { grafana: { adminPasswordBase64: Fn.base64encode(credential(scope, 'site_grafana_admin_password')), ingress: { host: site.names.grafanaHost } } }
      : {}),
    ...(a.fluentBit.enabled
      ? {
          fluentBit: {
            identity,
            hub: { host: monitoring.logSink.host, port: monitoring.logSink.port, sharedKey: credential(scope, 'log_sink_shared_key'), ...hubCa },
            buffer: { totalLimitSize: a.fluentBit.bufferLimit },
          },
        }
      : {}),
    ...(a.externalDns.enabled && a.externalDns.server && a.externalDns.zone && a.externalDns.tsigKeyName
      ? {
          externalDns: {
            ownerId: site.names.workloadCluster,
            rfc2136: { host: a.externalDns.server, zone: a.externalDns.zone, tsigKeyName: a.externalDns.tsigKeyName, tsigSecret: credential(scope, 'external_dns_tsig_secret') },
          },
        }
      : {}),
    ...(a.multus.enabled ? { multus: {} } : {}),
  };
}
