/**
 * Types of the fleet review tool (`npm run review`).
 *
 * Two parts:
 * - the JSON it prints with `--format json` ({@link ReviewReport}, schema version 1):
 *   a stable format; fields are only ever added, never renamed or removed, within
 *   one `schemaVersion`;
 * - the JSON it reads (a cdktf output folder) and the internal diff model that sits
 *   between the two.
 *
 * Every value in a {@link ReviewReport} is already masked: secrets are the string
 * `"(sensitive)"` (see {@link SENSITIVE}). Values are not truncated in JSON.
 */

// ---------------------------------------------------------------------------
// JSON values
// ---------------------------------------------------------------------------

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** What a masked value shows instead of the secret, in JSON and Markdown alike. */
export const SENSITIVE = '(sensitive)';

/** What stands for a site's id in the changes of a collapsed group of several sites. */
export const SITE_PLACEHOLDER = '<site>';

// ---------------------------------------------------------------------------
// The report (`--format json`)
// ---------------------------------------------------------------------------

/**
 * The whole review of a change to the fleet: `base` is the synthesized output before
 * the change, `head` after it.
 */
export interface ReviewReport {
  /** Version of this format; 1 for the types in this file. */
  readonly schemaVersion: 1;
  /** The base folder as given on the command line. */
  readonly base: string;
  /** The head folder as given on the command line. */
  readonly head: string;
  /**
   * True when any stack was added, removed or changed (the exit code is then 2). A
   * change of waived policy findings alone makes its stack changed.
   */
  readonly changed: boolean;
  /**
   * The text that stands for a site's id in the changes and warnings of a group of
   * several sites (`<site>`): `vsphere_datacenter.<site>_dc` means
   * `vsphere_datacenter.edge33_dc` for site edge33. A group of one stack (and every
   * fleet-level group) shows real names, so replacing the placeholder by each site's
   * id is always right. Where cdktf appended a hash of a construct path holding the
   * site id (`<site>-dc_1A2B3C4D`), the hash is `<hash>`.
   */
  readonly placeholder: typeof SITE_PLACEHOLDER;
  readonly summary: Summary;
  /**
   * What a reviewer reads first, one entry per fact that concerns whole stacks rather
   * than one resource: a site's phase change (per group), a new required secret
   * variable, an apply order across stacks. Order: phase changes (by group), secret
   * variables (by name), apply orders (by fleet-level stack, in natural order: the stacks
   * it goes before, then the stacks it goes after). Empty when none.
   */
  readonly headlines: readonly Headline[];
  /**
   * Every warning of every group, most severe kind first (then by group), each with
   * the sites it applies to. The same warnings appear in their group.
   */
  readonly warnings: readonly WarningEntry[];
  /**
   * The changed, added and removed stacks, collapsed: every stack is in exactly one
   * group, and the stacks of a group have exactly the same changes once their site
   * id is replaced by the placeholder. Fleet-level stacks each have their own group.
   * Order: fleet-level groups (by stack name), then site groups by their earliest
   * ring, by number of sites (most first), by status (changed, added, removed), then
   * by first site.
   */
  readonly groups: readonly ChangeGroup[];
}

/** Counts over the union of the stacks of base and head. */
export interface Summary {
  readonly stacks: StackCounts;
  /** Site stacks per ring (rings in rollout order: canary-like first, production-like last, then by name). */
  readonly rings: readonly RingSummary[];
  /** Fleet-level stacks (no `ring` output, such as `hub` and `fleet`) that changed, were added or removed; sorted. */
  readonly fleetLevelChanged: readonly string[];
  /** Number of entries in {@link ReviewReport.warnings}. */
  readonly warnings: number;
  /** Number of entries in {@link ReviewReport.groups}. */
  readonly groups: number;
  /** Number of entries in {@link ReviewReport.headlines}. */
  readonly headlines: number;
  /**
   * Site stacks not compared: in the catalog of both sides, but synthesized on one side
   * only, because the other side's synthesis was partial (`SITES`; its fleet-catalog.json
   * records the selection). Neither added nor removed; sorted.
   */
  readonly notCompared: readonly string[];
  /** The `SITES` selection of a partial synthesis, per side (absent: that side is whole). */
  readonly partial: { readonly base?: readonly string[]; readonly head?: readonly string[] };
}

/** How many stacks are in each state. */
export interface StackCounts {
  /** Stacks in base or head. */
  readonly total: number;
  /** In both, with a difference (in its Terraform JSON or its waived policy findings). */
  readonly changed: number;
  /** Only in head. */
  readonly added: number;
  /** Only in base. */
  readonly removed: number;
  /** In both, without a difference. */
  readonly unchanged: number;
}

/** The site stacks of one ring (the ring of head; of base for removed sites). */
export interface RingSummary extends StackCounts {
  readonly ring: string;
  /** Names of the changed, added and removed sites of the ring, in natural order (edge2 before edge10). */
  readonly sites: readonly string[];
}

/** Whether a stack is fleet-level (no `ring` output) or an edge site. */
export type StackScope = 'fleet' | 'site';

/** What happened to a whole stack. */
export type StackStatus = 'changed' | 'added' | 'removed';

/** Stacks that all have the same changes (after putting the placeholder for the site id). */
export interface ChangeGroup {
  /** 1-based position in {@link ReviewReport.groups}; warnings refer to it. */
  readonly id: number;
  readonly scope: StackScope;
  readonly status: StackStatus;
  /** The stacks of the group in natural order; complete, never abbreviated. */
  readonly sites: readonly string[];
  /** The rings of those sites in rollout order, with how many sites each (empty for fleet-level groups). */
  readonly rings: readonly { readonly ring: string; readonly sites: number }[];
  /**
   * The changes, in block order (resource, data, provider, variable, output,
   * terraform, other) then by address. For added and removed stacks only the
   * addresses (no attributes) are given.
   */
  readonly changes: readonly ItemChange[];
  /** The warnings of these stacks (the same as in the top-level list, without the sites). */
  readonly warnings: readonly Warning[];
  /**
   * The waived policy findings these stacks gain or lose, or whose reason changes
   * (read from the WARN annotations in manifest.json), in order: added, changed,
   * removed, then by construct path. Added and changed ones are also warnings of
   * kind `waiver`; removed ones are information only. Empty when no waiver changed.
   * A stack whose only difference is here is `changed` with no `changes`.
   */
  readonly waivers: readonly WaiverChange[];
}

/**
 * What happens to a waived policy finding (a finding of a rule the catalog waives,
 * recorded by the policy as the annotation `policy <rule> waived (<reason>): <finding>`):
 * - `added`: waived in head, not in base (a new waiver, or a waived rule that finds something new);
 * - `removed`: waived in base, gone from head (the waiver was dropped and the finding fixed, or the element removed);
 * - `changed`: the same finding (construct path, rule and finding text) waived for another reason.
 */
export type WaiverOp = 'added' | 'removed' | 'changed';

/** One waived policy finding added, removed or given another reason. */
export interface WaiverChange {
  readonly op: WaiverOp;
  /** Policy rule, e.g. `esxi-lockdown` (see constructs/policy/fleet-policy.ts). */
  readonly rule: string;
  /** Construct path of the element the finding is about, as in manifest.json: `edge41/hosts/preferred` (`<site>/hosts/preferred` in a group of several sites). */
  readonly constructPath: string;
  /**
   * Terraform address of that element (head; base for `removed`), e.g.
   * `vsphere_host.hosts_preferred_5A5BA506`. Absent when the stack names no resource
   * or data source with that construct path (a provider configuration).
   */
  readonly address?: string;
  /** Its type, as {@link Warning.type}: `vsphere_host`, `kubernetes_manifest (Cluster)`; absent with `address`. */
  readonly type?: string;
  /** The waiver's reason as written in the catalog (head; base for `removed`): never abstracted, compared as written. */
  readonly reason: string;
  /** For `changed`: the reason in base. */
  readonly previousReason?: string;
  /** What the policy found: `lockdown is "disabled"; allowed: normal or strict`. */
  readonly finding: string;
}

/** The Terraform block an item is declared in. `terraform` covers backend, cloud, required_providers, required_version. */
export type BlockKind = 'resource' | 'data' | 'provider' | 'variable' | 'output' | 'terraform' | 'other';

/**
 * What happens to an item:
 * - `added` / `removed`: the address appears / disappears (a removed resource is destroyed);
 * - `changed`: updated in place;
 * - `replaced`: destroyed and created again (a ForceNew attribute changed, a
 *   resource it depends on through a ForceNew attribute is replaced, or
 *   `lifecycle.replace_triggered_by` names a changed resource);
 * - `moved`: a `moved` block gives it a new address; the state follows, nothing is destroyed.
 */
export type ChangeKind = 'added' | 'removed' | 'changed' | 'replaced' | 'moved';

/** One resource, data source, provider configuration, variable, output or terraform setting. */
export interface ItemChange {
  readonly block: BlockKind;
  /**
   * Terraform address: `vsphere_host.esx01`, `data.vsphere_datacenter.hub`,
   * `provider.vsphere` (`provider.vsphere.<alias>` for an alias), `variable.x`,
   * `output.ring`, `terraform.backend`, `terraform.required_providers`.
   */
  readonly address: string;
  /** Resource or data source type (resources and data sources only). */
  readonly type?: string;
  /** For a kubernetes_manifest: `manifest.kind` (head, else base), e.g. `Cluster`. */
  readonly manifestKind?: string;
  readonly kind: ChangeKind;
  /** True for resources whose destruction loses data or a running system (see tools/review/rules.ts). */
  readonly stateful: boolean;
  /** For `moved` (or `replaced` after a move): the address in base. */
  readonly movedFrom?: string;
  /** For `added`: an `import` block adopts an existing object instead of creating one. */
  readonly imported?: boolean;
  /**
   * For `replaced`: why, e.g. `name changed` (a ForceNew path),
   * `datacenter_id depends on vsphere_datacenter.dc.moid (replaced)` (a ForceNew
   * attribute refers to a computed attribute of a replaced resource), or
   * `replace_triggered_by vsphere_host.esx01 (changed)`.
   */
  readonly replacedBecause?: readonly string[];
  /**
   * Attribute changes (leaf paths). For `added` items inside a changed stack, every
   * attribute as `added`; for `removed` items and for whole added or removed stacks, none.
   */
  readonly attributes: readonly AttributeChange[];
}

/** One changed leaf (or a value whose type changed). */
export interface AttributeChange {
  /**
   * Path inside the item: object keys joined by `.`, array elements as `[i]`, keys
   * that are not plain identifiers quoted: `manifest.spec.topology.version`,
   * `vsan_stretched_cluster[0].witness_node`, `manifest.metadata.labels["app.kubernetes.io/name"]`.
   */
  readonly path: string;
  readonly op: 'added' | 'removed' | 'changed';
  /** Value in base (absent for `added`); masked. */
  readonly before?: JsonValue;
  /** Value in head (absent for `removed`); masked. */
  readonly after?: JsonValue;
  /** True when the values are masked (a secret key or sensitive variable), or their only difference is inside a masked part. */
  readonly sensitive?: boolean;
  /** True when this path forces the item to be replaced (FORCE_NEW in tools/review/rules.ts). */
  readonly forcesReplacement?: boolean;
  /**
   * For a `changed` text of several lines on either side (a YAML values document, alert
   * rules): its line diff, masked like `before` and `after`. Unified-diff lines: hunk
   * headers `@@ -<line>,<count> +<line>,<count> @@`, then context lines (starting with a
   * space, two around each change), removed lines (`-`) and added lines (`+`). Absent when
   * the values are masked.
   */
  readonly lineDiff?: readonly string[];
}

/**
 * Kinds of warnings:
 * - `destroy`: a stateful resource is destroyed (its address disappears from a stack that
 *   stays), or any resource that had `lifecycle.prevent_destroy`;
 * - `orphaned`: a stateful resource of a stack that is removed without decommissioning (its
 *   `phase` in base was not `decommissioning`, or it is a fleet-level stack): Terraform no
 *   longer plans the stack, so nothing is destroyed; the object keeps running, unmanaged,
 *   and stays in the stack's state;
 * - `decommissioned`: a stateful resource of a site stack removed after decommissioning
 *   (`phase: decommissioning` in base): `cdktf destroy` destroyed it before, if it ran to the
 *   end; removing the stack destroys nothing;
 * - `replace`: a stateful resource is destroyed and created again;
 * - `rename`: a stateful resource disappears while one of the same type appears in the
 *   same stack: probably a construct rename, which destroys and recreates;
 * - `prevent-destroy-removed`: `lifecycle.prevent_destroy` was true and is no more;
 * - `count-changed`: `count` or `for_each` of a stateful resource changed (instances may be destroyed);
 * - `backend-changed`: `terraform.backend` or `terraform.cloud` changed (the state must be migrated);
 * - `rollout`: a TKG workload cluster change that makes Cluster API replace every node (or every node of the
 *   control plane or the workers): its Kubernetes version, or a machine size; the message also says when
 *   Cluster API will refuse it at apply (a minor version skipped, a downgrade);
 * - `forget`: a `removed` block with `destroy = false` makes Terraform forget a resource (it keeps running, unmanaged);
 * - `restore`: a site's Velero starts restoring a backup into its cluster (the site file's `restore` key), or
 *   ends a restore (the key removed): which backup, which namespaces, and what happens to the backup
 *   location and the schedules meanwhile;
 * - `access`: a site's access Apps grant a group a role or revoke it (with the scope: cluster-wide or a
 *   namespace), or provision, rotate, remove or change the role of the break-glass ServiceAccount;
 * - `waiver`: a policy finding is waived that was not before, or its waiver's reason changed
 *   ({@link WaiverChange} `added` or `changed`, also in {@link Warning.waiver}).
 */
export type WarningKind =
  | 'destroy'
  | 'orphaned'
  | 'replace'
  | 'rename'
  | 'prevent-destroy-removed'
  | 'count-changed'
  | 'backend-changed'
  | 'rollout'
  | 'forget'
  | 'restore'
  | 'replication-filter'
  | 'access'
  | 'waiver'
  | 'decommissioned';

/** A change a reviewer must look at before approving. */
export interface Warning {
  readonly kind: WarningKind;
  /** Address of the item concerned; for `waiver`, the construct path when the stack names no resource or data source with it. */
  readonly address: string;
  /**
   * Resource type (with the manifest kind for a kubernetes_manifest: `kubernetes_manifest (Cluster)`);
   * `terraform` for backend warnings; `provider` for a `waiver` whose address is a construct path.
   */
  readonly type: string;
  /**
   * One line, e.g. `would be destroyed`, `would be replaced (name changed)`, `renamed? (address changed: destroy and recreate) → vsphere_host.b`,
   * `policy waiver added: esxi-lockdown at edge41/hosts/preferred — "<reason>": lockdown is "disabled"; allowed: normal or strict`,
   * `policy waiver reason changed: <rule> at <construct path> — "<old reason>" → "<new reason>": <finding>`,
   * `stack removed without decommissioning (phase active in base): Terraform destroys nothing, ...` (the same for
   * every stateful resource of a removed stack: the Markdown report gives it one line).
   */
  readonly message: string;
  /** For `waiver` only: the waived finding (the same entry as in {@link ChangeGroup.waivers}). */
  readonly waiver?: WaiverChange;
}

/** A warning with the group and the stacks it applies to. */
export interface WarningEntry extends Warning {
  /** {@link ChangeGroup.id} of the group it comes from. */
  readonly group: number;
  readonly scope: StackScope;
  /** The stacks of that group, complete. */
  readonly sites: readonly string[];
}

/**
 * Kinds of headlines:
 * - `phase`: site stacks whose `phase` output changed (bootstrap, active, decommissioning), one per group;
 * - `secret-variable`: a required secret variable (`sensitive = true`, no default) that stacks declare in head
 *   and that no stack of their scope (sites, or fleet-level stacks) declared in base: its value must be set before they apply;
 * - `apply-order`: a fleet-level stack (the hub) adds an object that site stacks now look up or need (a node image
 *   in the hub content library, a host such as a vSAN witness), so it must be applied first; or it removes one that
 *   they stop using, so it must be applied last;
 * - `application`: an application delivered at site stacks (an Argo CD Application) changes version, starts or
 *   stops, one per application, change and ring: a promotion or a rollback, with the sites it reaches.
 */
export type HeadlineKind = 'phase' | 'secret-variable' | 'apply-order' | 'application';

/** The fields every headline has. */
interface HeadlineBase {
  readonly kind: HeadlineKind;
  /** One line of plain text (no Markdown). Real stack names: a headline is never abstracted. */
  readonly message: string;
  /** The stacks the headline is about, in natural order: the sites of a phase change, the stacks that need the variable, the site stacks of an apply order. */
  readonly stacks: readonly string[];
  /** {@link ChangeGroup.id} of the groups those stacks are in, ascending. */
  readonly groups: readonly number[];
}

/** The `phase` output of the sites of one group changed. */
export interface PhaseHeadline extends HeadlineBase {
  readonly kind: 'phase';
  /** Phase in base, e.g. `active`. */
  readonly from: string;
  /** Phase in head, e.g. `decommissioning`. */
  readonly to: string;
  /**
   * The kind of the group's warnings that follow from the phase change and that this
   * headline counts (`prevent-destroy-removed` when decommissioning starts, `forget` when a
   * site goes back to bootstrap): the Markdown report lists them on one line. They stay,
   * one by one, in {@link ReviewReport.warnings}.
   */
  readonly warningKind?: WarningKind;
}

/** A required secret variable that stacks need from now on. */
export interface SecretVariableHeadline extends HeadlineBase {
  readonly kind: 'secret-variable';
  /** Variable name; its value is set as `TF_VAR_<variable>`. */
  readonly variable: string;
  /** The stacks of base that already declared it (of the other scope), in natural order; empty when it is new to the fleet. */
  readonly declaredInBase: readonly string[];
}

/** Stacks that must be applied before others. */
export interface ApplyOrderHeadline extends HeadlineBase {
  readonly kind: 'apply-order';
  /** Apply these first... */
  readonly first: readonly string[];
  /** ...then these. */
  readonly then: readonly string[];
}

/** An application changes version (or starts, or stops) at the sites of one ring. */
export interface ApplicationHeadline extends HeadlineBase {
  readonly kind: 'application';
  readonly application: string;
  readonly ring: string;
  /** Version in base; undefined when the application starts at these sites. */
  readonly from?: string;
  /** Version in head; undefined when it stops. */
  readonly to?: string;
}

/** A line a reviewer reads before the warnings. */
export type Headline = PhaseHeadline | SecretVariableHeadline | ApplyOrderHeadline | ApplicationHeadline;

// ---------------------------------------------------------------------------
// Input: a cdktf output folder
// ---------------------------------------------------------------------------

/** A stack's `cdk.tf.json`: Terraform JSON syntax. Only objects at the top level. */
export type TerraformJson = JsonObject;

/** One stack read from a synth folder. */
export interface StackInput {
  readonly name: string;
  readonly json: TerraformJson;
  /** The exact file text, to skip diffing identical files. */
  readonly text: string;
}

// ---------------------------------------------------------------------------
// The diff of one stack (before masking)
// ---------------------------------------------------------------------------

/** Attribute change with the real values (masking happens when the report is built). */
export interface RawAttributeChange {
  readonly path: string;
  readonly op: 'added' | 'removed' | 'changed';
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  /** The key path or the item marks this value as secret. */
  readonly sensitive: boolean;
  readonly forcesReplacement: boolean;
}

/** Item change with the real values; see {@link ItemChange}. */
export interface RawItemChange extends Omit<ItemChange, 'attributes'> {
  readonly attributes: readonly RawAttributeChange[];
}

/** The difference of one stack between base and head. */
export interface StackDiff {
  readonly name: string;
  /** `unchanged` when there is no difference. */
  readonly status: StackStatus | 'unchanged';
  readonly scope: StackScope;
  /** The `ring` output of head (of base when removed); undefined for fleet-level stacks. */
  readonly ring?: string;
  readonly changes: readonly RawItemChange[];
  readonly warnings: readonly Warning[];
  /** Waived policy findings added, removed or with another reason (not masked); none when undefined. */
  readonly waivers?: readonly WaiverChange[];
  /** What the stack says about itself on each side, for the headlines (never abstracted, never part of a group's key). */
  readonly facts?: StackFacts;
}

/** Something a stack creates that another stack looks up, or something a stack needs from another. */
export interface Dependency {
  /**
   * `node-image`: a node OVA in a content library (provided: the item name,
   * `photon-3-kube-v1.25.7+vmware.2`; needed: the TKR version of a workload cluster,
   * `v1.25.7+vmware.2-tkg.1`); `object`: a resource of `type` (provided: its name, or
   * `hostname` for a vsphere_host) that a data source of the same type looks up by name (needed).
   */
  readonly kind: 'node-image' | 'object';
  /** Resource type: `vsphere_content_library_item`, `vsphere_host`. */
  readonly type: string;
  /** The name, host name or version. */
  readonly value: string;
  /** Address of the resource or data source (head; base when gone). */
  readonly address: string;
}

/** One side of a stack as the headlines need it. */
export interface StackSide {
  /** The `phase` output (site stacks). */
  readonly phase?: string;
  /** Required secret variables (`sensitive = true`, no default) by name, with their description. */
  readonly secretVariables: Readonly<Record<string, string>>;
  /** What the stack creates that others may look up. */
  readonly provides: readonly Dependency[];
  /** What the stack looks up or needs from others. */
  readonly needs: readonly Dependency[];
  /** Applications the stack delivers (Argo CD Applications), name → version and where it comes from. */
  readonly applications: Readonly<Record<string, { readonly version: string; readonly versionSource?: string }>>;
}

/** Both sides of a stack; a side is missing when the stack is added or removed. */
export interface StackFacts {
  readonly base?: StackSide;
  readonly head?: StackSide;
}
