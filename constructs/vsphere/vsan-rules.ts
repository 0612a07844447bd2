/**
 * vSAN configuration rules the vSphere provider only enforces at apply time (from the
 * provider's compute-cluster schema and code, v2.15). Shared by the catalog validator
 * and the TwoNodeVsanCluster construct so both refuse the same things.
 */
import { PropViolation } from '../props-error';

export interface VsanRuleInput {
  readonly architecture?: 'osa' | 'esa';
  readonly deduplication?: boolean;
  readonly compression?: boolean;
  readonly unmap?: boolean;
}

/** Violations of the vSAN rules; `field` is relative to the vSAN settings (`deduplication`, ...). */
export function vsanViolations(vsan: VsanRuleInput): PropViolation[] {
  const out: PropViolation[] = [];
  if (vsan.architecture === 'esa') {
    if (vsan.deduplication) out.push({ field: 'deduplication', message: 'true is not allowed with architecture esa; allowed: false (ESA has no deduplication setting; the provider refuses it)' });
    if (vsan.compression) out.push({ field: 'compression', message: 'true is not allowed with architecture esa; allowed: false (ESA always compresses; the provider refuses the setting)' });
    if (vsan.unmap === false) out.push({ field: 'unmap', message: 'false is not allowed with architecture esa; allowed: true (the provider requires UNMAP with ESA)' });
  } else if (vsan.deduplication && vsan.compression === false) {
    out.push({ field: 'compression', message: 'false is not allowed with deduplication true; allowed: true (vSAN deduplication requires compression)' });
  }
  return out;
}

/** The message for disk groups on an ESA cluster. */
export const ESA_DISK_GROUPS =
  'disk groups are not allowed with architecture esa; allowed: no disk groups (ESA has no disk groups: claim the disks in vCenter, Cluster > Configure > vSAN > Disk Management)';

/** Devices that appear twice in one host's disk groups; `field` is relative to the host. */
export function duplicateDevices(diskGroups: ReadonlyArray<{ readonly cache?: string; readonly capacity?: ReadonlyArray<string | undefined> } | undefined>): PropViolation[] {
  const out: PropViolation[] = [];
  const seen = new Map<string, string>();
  diskGroups.forEach((group, g) => {
    const devices: Array<[string | undefined, string]> = [
      [group?.cache, `diskGroups[${g}].cache`],
      ...(group?.capacity ?? []).map((d, c): [string | undefined, string] => [d, `diskGroups[${g}].capacity[${c}]`]),
    ];
    for (const [device, field] of devices) {
      if (device === undefined) continue;
      const first = seen.get(device);
      if (first !== undefined) out.push({ field, message: `${device} is also ${first}; allowed: each device in one place only` });
      else seen.set(device, field);
    }
  });
  return out;
}
