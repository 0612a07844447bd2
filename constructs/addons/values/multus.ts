/**
 * Data values of the Tanzu multus-cni package (`multus-cni.tanzu.vmware.com`), optional:
 * the package's defaults, with an optional override of the daemon's arguments.
 *
 * Source: vmware-tanzu/community-edition `addons/packages/multus-cni/3.7.1/bundle/config/values.yaml`
 * (`namespace` default `kube-system`; `daemonset.args`, upstream default
 * `--multus-conf-file=auto`, `--cni-version=0.3.1`; the key `daemonset` is
 * `#@overlay/replace`, so setting it replaces the whole list). TKG 1.5 lists
 * multus-cni.tanzu.vmware.com 3.7.1+vmware.2-tkg.2 (pichuang/tanzu-packages-toolbox
 * `tanzu-standard-repo-v1.5.0-20220219.yaml`); the same layout in the TKG 2.x package
 * is UNCONFIRMED. `image.*` is not emitted (the package repository pins images).
 */
import { ADDON_NAMESPACES, PlainObject, checkKnownKeys, reject } from './types';

export interface MultusValuesOptions {
  /**
   * Arguments of the multus daemon, replacing the package's list; each `--flag` or
   * `--flag=value`. Unset: the package's defaults. @default none
   */
  readonly args?: readonly string[];
}

/** Data values of `multus-cni.tanzu.vmware.com`: the package's defaults unless args are given. */
export function multusValues(options: MultusValuesOptions = {}): PlainObject {
  const fn = 'multusValues';
  if (options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with optional args');
  checkKnownKeys(fn, '', options, ['args']);
  const values: Record<string, PlainObject[string]> = { namespace: ADDON_NAMESPACES.multus };
  if (options.args !== undefined) {
    if (!Array.isArray(options.args) || options.args.length === 0) reject(fn, 'args', options.args, 'a non-empty list of --flag or --flag=value strings');
    options.args.forEach((arg, i) => {
      if (typeof arg !== 'string' || !/^--[a-z0-9][a-z0-9-]*(=\S+)?$/.test(arg)) reject(fn, `args[${i}]`, arg, 'a --flag or --flag=value string without spaces');
    });
    values.daemonset = { args: [...options.args] };
  }
  return values;
}
