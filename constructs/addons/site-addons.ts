import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_DEPENDENCIES, ADDON_NAMES, AddonName } from '../catalog/model';
import { SiteHarbor, SiteHarborProps } from '../harbor/site-harbor';
import { PackageInstall } from '../packages/package-install';
import { PackageRepository } from '../packages/package-repository';
import { PropViolation, assertProps } from '../props-error';
import { CertManagerValuesOptions, certManagerValues } from './values/cert-manager';
import { ContourValuesOptions, contourValues } from './values/contour';
import { ExternalDnsValuesOptions, externalDnsValues } from './values/external-dns';
import { FluentBitValuesOptions, fluentBitExtensions, fluentBitValues } from './values/fluent-bit';
import { GrafanaValuesOptions, grafanaExtensions, grafanaValues } from './values/grafana';
import { MultusValuesOptions, multusValues } from './values/multus';
import { PrometheusValuesOptions, prometheusExtensions, prometheusValues } from './values/prometheus';
import { PACKAGE_REF_NAMES, PlainObject, YttExtension, splitTerraformTokens } from './values/types';

/** Settings of each add-on a site runs; an absent add-on is not installed. */
export interface SiteAddonSettings {
  readonly certManager?: CertManagerValuesOptions;
  readonly contour?: ContourValuesOptions;
  readonly harbor?: Omit<SiteHarborProps, 'namespace' | 'kubeconfigSecretName' | 'version' | 'dependsOn' | 'labels'>;
  readonly prometheus?: PrometheusValuesOptions;
  readonly grafana?: GrafanaValuesOptions;
  readonly fluentBit?: FluentBitValuesOptions;
  readonly externalDns?: ExternalDnsValuesOptions;
  readonly multus?: MultusValuesOptions;
}

export interface SiteAddonsProps {
  /** The site's namespace on the management cluster. */
  readonly namespace: string;
  /** The workload cluster's Cluster API kubeconfig Secret. */
  readonly kubeconfigSecretName: string;
  /** imgpkg bundle of the Tanzu package repository. */
  readonly repository: string;
  /** Package version of every add-on in `addons`. */
  readonly versions: Readonly<Partial<Record<AddonName, string>>>;
  readonly addons: SiteAddonSettings;
  /** What the add-ons come after: the workload cluster. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The values and extensions of one add-on from its settings. */
function packageOf(name: Exclude<AddonName, 'harbor'>, addons: SiteAddonSettings): { values: PlainObject; extensions: readonly YttExtension[] } {
  switch (name) {
    case 'certManager':
      return { values: certManagerValues(addons.certManager), extensions: [] };
    case 'contour':
      return { values: contourValues(addons.contour as ContourValuesOptions), extensions: [] };
    case 'prometheus': {
      const o = addons.prometheus as PrometheusValuesOptions;
      return { values: prometheusValues(o), extensions: prometheusExtensions(o) };
    }
    case 'grafana': {
      const o = addons.grafana as GrafanaValuesOptions;
      return { values: grafanaValues(o), extensions: grafanaExtensions(o) };
    }
    case 'fluentBit': {
      const o = addons.fluentBit as FluentBitValuesOptions;
      return { values: fluentBitValues(o), extensions: fluentBitExtensions(o) };
    }
    case 'externalDns':
      return { values: externalDnsValues(addons.externalDns as ExternalDnsValuesOptions), extensions: [] };
    case 'multus':
      return { values: multusValues(addons.multus), extensions: [] };
  }
}

/** PackageInstall name of each add-on (also its values Secret's prefix). */
export const INSTALL_NAMES: Readonly<Record<AddonName, string>> = Object.freeze({
  certManager: 'cert-manager',
  contour: 'contour',
  harbor: 'harbor',
  prometheus: 'prometheus',
  grafana: 'grafana',
  fluentBit: 'fluent-bit',
  externalDns: 'external-dns',
  multus: 'multus',
});

/**
 * A site's add-ons, delivered from the management cluster: the Tanzu package
 * repository in the site's namespace and one PackageInstall per add-on aimed at the
 * workload cluster through its kubeconfig Secret, each with its values in a Secret
 * (values that hold secrets are YAML-encoded by Terraform, so they never appear in
 * the synthesized output). Each install waits for the add-ons it needs (cert-manager
 * first; Contour before Harbor, Prometheus and Grafana), so the whole site goes in
 * one apply, in order.
 */
export class SiteAddons extends Construct {
  readonly repository: PackageRepository;
  /** The installs by add-on (the site Harbor's is its package install). */
  readonly installs: Readonly<Partial<Record<AddonName, PackageInstall>>>;
  readonly harbor?: SiteHarbor;

  constructor(scope: Construct, id: string, props: SiteAddonsProps) {
    super(scope, id);
    const enabled = ADDON_NAMES.filter((name) => props.addons[name] !== undefined);
    const violations: PropViolation[] = [];
    for (const name of enabled) {
      if (!props.versions[name]) violations.push({ field: `versions.${name}`, message: 'missing; allowed: the package version of every add-on installed' });
      for (const dep of ADDON_DEPENDENCIES[name]) {
        if (props.addons[dep] === undefined) violations.push({ field: `addons.${name}`, message: `needs addons.${dep}, which is not installed; allowed: install ${dep} too` });
      }
    }
    assertProps(this, 'SiteAddons', violations);

    const labels = props.labels ?? {};
    this.repository = new PackageRepository(this, 'repository', {
      name: 'tanzu-standard',
      namespace: props.namespace,
      image: props.repository,
      labels,
      dependsOn: props.dependsOn,
    });

    const installs: Partial<Record<AddonName, PackageInstall>> = {};
    const after = (name: AddonName): ITerraformDependable[] => [
      this.repository.manifest,
      ...(props.dependsOn ?? []),
      ...ADDON_DEPENDENCIES[name].map((dep) => (installs[dep] as PackageInstall).manifest),
    ];
    for (const name of enabled) {
      const version = props.versions[name] as string;
      if (name === 'harbor') {
        this.harbor = new SiteHarbor(this, 'harbor', {
          ...(props.addons.harbor as NonNullable<SiteAddonSettings['harbor']>),
          namespace: props.namespace,
          kubeconfigSecretName: props.kubeconfigSecretName,
          version,
          labels,
          dependsOn: after(name),
        });
        installs.harbor = this.harbor.install;
        continue;
      }
      const { values, extensions } = packageOf(name, props.addons);
      const split = splitTerraformTokens(values);
      installs[name] = new PackageInstall(this, INSTALL_NAMES[name], {
        name: INSTALL_NAMES[name],
        namespace: props.namespace,
        packageName: PACKAGE_REF_NAMES[name],
        version,
        kubeconfigSecretName: props.kubeconfigSecretName,
        values: split.values,
        ...(Object.keys(split.secretValues).length > 0 ? { secretValues: split.secretValues } : {}),
        extensions,
        labels,
        dependsOn: after(name),
      });
    }
    this.installs = installs;
  }
}
