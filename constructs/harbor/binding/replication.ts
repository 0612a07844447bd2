/**
 * Hand-written binding for `harbor_replication` (goharbor/harbor v3.12.4): a replication
 * policy between this Harbor and a `harbor_registry` endpoint.
 *
 * Schema (docs/resources/replication.md, provider/resource_replication.go,
 * client/replication.go at v3.12.4, per the project's Harbor provider reference):
 * - arguments: name (required), action (required, ForceNew; push|pull), registry_id
 *   (required, NUMBER), schedule (default manual), override (default true), enabled
 *   (default true), deletion (default false), description, dest_namespace,
 *   dest_namespace_replace (default 0), copy_by_chunk (default false),
 *   single_active_replication (default false), execute_on_changed (default false),
 *   speed (default -1), filters (block set: name, tag, labels, resource, decoration)
 * - exported: id (`/replication/policies/N`), replication_policy_id (number)
 *
 * Filters: the provider turns each `filters` block into exactly ONE Harbor filter; when a
 * block sets several of name/tag/labels/resource only the last one processed survives.
 * This binding therefore types a filter as exactly one of those and rejects anything else.
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { HARBOR_GENERATOR_METADATA, checkOneOf, isToken, listAllowed, notAllowedMessage } from './metadata';

const RESOURCE_TYPE = 'harbor_replication';

/** `action` values. */
export const HARBOR_REPLICATION_ACTIONS = ['push', 'pull'] as const;
/** `push`: `registry_id` is the destination; `pull`: `registry_id` is the source. */
export type HarborReplicationAction = (typeof HARBOR_REPLICATION_ACTIONS)[number];

/** `dest_namespace_replace` values. */
export const HARBOR_DEST_NAMESPACE_REPLACE_VALUES = [-1, 0, 1, 2, 3] as const;
/** -1 flatten all levels, 0 no flattening, 1..3 flatten that many levels. */
export type HarborDestNamespaceReplace = (typeof HARBOR_DEST_NAMESPACE_REPLACE_VALUES)[number];

/** Filter `resource` values. */
export const HARBOR_REPLICATION_FILTER_RESOURCES = ['artifact', 'chart'] as const;
/** Resource type a `resource` filter selects. */
export type HarborReplicationFilterResource = (typeof HARBOR_REPLICATION_FILTER_RESOURCES)[number];

/** Filter `decoration` values. */
export const HARBOR_REPLICATION_FILTER_DECORATIONS = ['matches', 'excludes'] as const;
/** Whether a tag/labels filter keeps (`matches`) or drops (`excludes`) what it selects. */
export type HarborReplicationFilterDecoration = (typeof HARBOR_REPLICATION_FILTER_DECORATIONS)[number];

/** Schedule keywords besides a cron expression. */
export const HARBOR_REPLICATION_SCHEDULE_KEYWORDS = ['manual', 'event_based'] as const;

const SCHEDULE_ALLOWED = 'manual, event_based, or a 6-field cron such as "0 0 2 * * *"';
const CRON_FIELD = /^[0-9A-Za-z*?,/#-]+$/;
const FILTER_KINDS = ['name', 'tag', 'labels', 'resource'] as const;

/** Filter on the repository name, e.g. `edge/**`. */
export interface HarborReplicationNameFilter {
  /** Repository name pattern, e.g. `edge/**`. */
  readonly name: string;
  /** Not allowed here: one filters block holds one filter. */
  readonly tag?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly labels?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly resource?: never;
  /** Not allowed here: decoration only applies to tag and labels filters. */
  readonly decoration?: never;
}

/** Filter on the tag / version, e.g. `v*`. Spaces are stripped by the provider. */
export interface HarborReplicationTagFilter {
  /** Tag pattern, e.g. `v*` or `{1.*,latest}`. */
  readonly tag: string;
  /**
   * Keep (`matches`) or drop (`excludes`) the artifacts whose tag matches.
   * Not written when unset.
   */
  readonly decoration?: HarborReplicationFilterDecoration;
  /** Not allowed here: one filters block holds one filter. */
  readonly name?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly labels?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly resource?: never;
}

/** Filter on Harbor labels. */
export interface HarborReplicationLabelsFilter {
  /** Label names; must not be empty. */
  readonly labels: string[];
  /**
   * Keep (`matches`) or drop (`excludes`) the artifacts carrying the labels.
   * Not written when unset.
   */
  readonly decoration?: HarborReplicationFilterDecoration;
  /** Not allowed here: one filters block holds one filter. */
  readonly name?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly tag?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly resource?: never;
}

/** Filter on the resource type. */
export interface HarborReplicationResourceFilter {
  /** `artifact` or `chart`. */
  readonly resource: HarborReplicationFilterResource;
  /** Not allowed here: one filters block holds one filter. */
  readonly name?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly tag?: never;
  /** Not allowed here: one filters block holds one filter. */
  readonly labels?: never;
  /** Not allowed here: decoration only applies to tag and labels filters. */
  readonly decoration?: never;
}

/**
 * One `filters` block = exactly one Harbor filter: a name, tag, labels or resource filter.
 * `decoration` is only valid on tag and labels filters.
 */
export type HarborReplicationFilter =
  | HarborReplicationNameFilter
  | HarborReplicationTagFilter
  | HarborReplicationLabelsFilter
  | HarborReplicationResourceFilter;

/** Configuration of one `harbor_replication` resource. */
export interface HarborReplicationConfig extends cdktf.TerraformMetaArguments {
  /** Name of the replication policy. */
  readonly name: string;
  /**
   * `push` (this Harbor → `registryId`) or `pull` (`registryId` → this Harbor).
   * Changing it forces replacement.
   */
  readonly action: HarborReplicationAction;
  /**
   * NUMERIC id of the remote registry: pass `HarborRegistry.registryId`
   * (`harbor_registry.X.registry_id`), never `HarborRegistry.id` (a string path).
   */
  readonly registryId: number;
  /**
   * `manual`, `event_based`, or a 6-field cron (seconds first), e.g. `"0 0 * * * *"`
   * hourly, `"0 0 2 * * *"` daily at 02:00. A cron makes the trigger `scheduled`.
   * @default "manual"
   */
  readonly schedule?: string;
  /**
   * Overwrite resources that already exist at the destination.
   * @default true
   */
  readonly override?: boolean | cdktf.IResolvable;
  /**
   * Whether the policy is enabled.
   * @default true
   */
  readonly enabled?: boolean | cdktf.IResolvable;
  /**
   * Replicate deletions of the source resources.
   * @default false
   */
  readonly deletion?: boolean | cdktf.IResolvable;
  /** Description of the policy. */
  readonly description?: string;
  /**
   * Destination namespace (project); empty = same namespace as the source.
   */
  readonly destNamespace?: string;
  /**
   * Namespace flattening: -1 all levels, 0 none, 1/2/3 that many levels.
   * @default 0
   */
  readonly destNamespaceReplace?: HarborDestNamespaceReplace;
  /**
   * Copy artifact blobs by chunks.
   * @default false
   */
  readonly copyByChunk?: boolean | cdktf.IResolvable;
  /**
   * Prevent parallel executions of this policy.
   * @default false
   */
  readonly singleActiveReplication?: boolean | cdktf.IResolvable;
  /**
   * Execute the policy when resources are new or modified.
   * @default false
   */
  readonly executeOnChanged?: boolean | cdktf.IResolvable;
  /**
   * Bandwidth limit in Kbps; -1 = unlimited.
   * @default -1
   */
  readonly speed?: number;
  /**
   * Filters; one entry per Harbor filter (rendered as one `filters` block each).
   * @default no filter (everything is replicated)
   */
  readonly filters?: HarborReplicationFilter[];
}

/** Terraform JSON form of one `filters` block. */
export function harborReplicationFilterToTerraform(filter: HarborReplicationFilter): Record<string, unknown> {
  return {
    name: cdktf.stringToTerraform(filter.name),
    tag: cdktf.stringToTerraform(filter.tag),
    labels: cdktf.listMapper(cdktf.stringToTerraform, false)(filter.labels),
    resource: cdktf.stringToTerraform(filter.resource),
    decoration: cdktf.stringToTerraform(filter.decoration),
  };
}

/** HCL form of one `filters` block (used when SYNTH_HCL_OUTPUT is set). */
export function harborReplicationFilterToHclTerraform(filter: HarborReplicationFilter): Record<string, unknown> {
  const attrs = {
    name: { value: cdktf.stringToHclTerraform(filter.name), isBlock: false, type: 'simple', storageClassType: 'string' },
    tag: { value: cdktf.stringToHclTerraform(filter.tag), isBlock: false, type: 'simple', storageClassType: 'string' },
    labels: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(filter.labels),
      isBlock: false,
      type: 'list',
      storageClassType: 'stringList',
    },
    resource: {
      value: cdktf.stringToHclTerraform(filter.resource),
      isBlock: false,
      type: 'simple',
      storageClassType: 'string',
    },
    decoration: {
      value: cdktf.stringToHclTerraform(filter.decoration),
      isBlock: false,
      type: 'simple',
      storageClassType: 'string',
    },
  };
  return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
}

/** True for `manual`, `event_based` or a 6-field cron expression. */
export function isValidReplicationSchedule(schedule: string): boolean {
  if ((HARBOR_REPLICATION_SCHEDULE_KEYWORDS as readonly string[]).includes(schedule)) {
    return true;
  }
  const fields = schedule.trim().split(/\s+/);
  return fields.length === 6 && fields.every((f) => CRON_FIELD.test(f));
}

function validateFilter(id: string, index: number, filter: HarborReplicationFilter): void {
  const where = `filters[${index}]`;
  const prefix = `${RESOURCE_TYPE} '${id}': ${where}`;
  const set = FILTER_KINDS.filter((k) => filter[k] !== undefined);
  if (set.length !== 1) {
    const what = set.length === 0 ? 'sets none of' : `sets ${set.join(', ')}; it must set only one of`;
    throw new Error(
      `${prefix} ${what} ${listAllowed(FILTER_KINDS)}; write one filters block per filter`,
    );
  }
  const kind = set[0];
  if (kind === 'labels' && Array.isArray(filter.labels) && !isToken(filter.labels) && filter.labels.length === 0) {
    throw new Error(`${prefix}.labels is empty; give at least one label`);
  }
  if (filter.decoration !== undefined) {
    if (kind !== 'tag' && kind !== 'labels') {
      throw new Error(
        `${prefix}.decoration '${String(filter.decoration)}' is not allowed on a ${kind} filter; allowed only with tag or labels`,
      );
    }
    checkOneOf(RESOURCE_TYPE, id, `${where}.decoration`, filter.decoration, HARBOR_REPLICATION_FILTER_DECORATIONS);
  }
  checkOneOf(RESOURCE_TYPE, id, `${where}.resource`, filter.resource, HARBOR_REPLICATION_FILTER_RESOURCES);
}

/** `resource "harbor_replication"` — see {@link HarborReplicationConfig}. */
export class HarborReplication extends cdktf.TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = RESOURCE_TYPE;

  /**
   * Generates CDKTF code for importing an existing policy (`cdktf plan`).
   * @param importFromId Harbor path of the policy, e.g. `/replication/policies/3`
   */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: cdktf.TerraformProvider,
  ): cdktf.ImportableResource {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: RESOURCE_TYPE,
      importId: importFromId,
      provider,
    });
  }

  private readonly _config: HarborReplicationConfig;

  /**
   * @throws Error on an invalid action, schedule, dest_namespace_replace or filter
   */
  public constructor(scope: Construct, id: string, config: HarborReplicationConfig) {
    super(scope, id, {
      terraformResourceType: RESOURCE_TYPE,
      terraformGeneratorMetadata: HARBOR_GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    checkOneOf(RESOURCE_TYPE, id, 'action', config.action, HARBOR_REPLICATION_ACTIONS);
    if (config.schedule !== undefined && !isToken(config.schedule) && !isValidReplicationSchedule(config.schedule)) {
      throw new Error(notAllowedMessage(RESOURCE_TYPE, id, 'schedule', config.schedule, SCHEDULE_ALLOWED));
    }
    checkOneOf(
      RESOURCE_TYPE,
      id,
      'dest_namespace_replace',
      config.destNamespaceReplace,
      HARBOR_DEST_NAMESPACE_REPLACE_VALUES,
    );
    (config.filters ?? []).forEach((filter, index) => validateFilter(id, index, filter));
    this._config = { ...config, filters: config.filters ? [...config.filters] : undefined };
  }

  /** `id`: Harbor path of the policy, e.g. `/replication/policies/3` (a STRING). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** `replication_policy_id`: numeric id of the policy. */
  public get replicationPolicyId(): number {
    return this.getNumberAttribute('replication_policy_id');
  }

  /** `name` as a reference token. */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  /** The configured `action`. */
  public get actionInput(): HarborReplicationAction {
    return this._config.action;
  }

  /** The configured filters (one entry per `filters` block). */
  public get filtersInput(): readonly HarborReplicationFilter[] {
    return this._config.filters ?? [];
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this._config;
    return {
      name: cdktf.stringToTerraform(c.name),
      action: cdktf.stringToTerraform(c.action),
      registry_id: cdktf.numberToTerraform(c.registryId),
      schedule: cdktf.stringToTerraform(c.schedule),
      override: cdktf.booleanToTerraform(c.override),
      enabled: cdktf.booleanToTerraform(c.enabled),
      deletion: cdktf.booleanToTerraform(c.deletion),
      description: cdktf.stringToTerraform(c.description),
      dest_namespace: cdktf.stringToTerraform(c.destNamespace),
      dest_namespace_replace: cdktf.numberToTerraform(c.destNamespaceReplace),
      copy_by_chunk: cdktf.booleanToTerraform(c.copyByChunk),
      single_active_replication: cdktf.booleanToTerraform(c.singleActiveReplication),
      execute_on_changed: cdktf.booleanToTerraform(c.executeOnChanged),
      speed: cdktf.numberToTerraform(c.speed),
      filters: cdktf.listMapper(harborReplicationFilterToTerraform, true)(c.filters),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const c = this._config;
    const simple = (value: unknown, storageClassType: 'string' | 'number' | 'boolean') => ({
      value,
      isBlock: false,
      type: 'simple',
      storageClassType,
    });
    const attrs = {
      name: simple(cdktf.stringToHclTerraform(c.name), 'string'),
      action: simple(cdktf.stringToHclTerraform(c.action), 'string'),
      registry_id: simple(cdktf.numberToHclTerraform(c.registryId), 'number'),
      schedule: simple(cdktf.stringToHclTerraform(c.schedule), 'string'),
      override: simple(cdktf.booleanToHclTerraform(c.override), 'boolean'),
      enabled: simple(cdktf.booleanToHclTerraform(c.enabled), 'boolean'),
      deletion: simple(cdktf.booleanToHclTerraform(c.deletion), 'boolean'),
      description: simple(cdktf.stringToHclTerraform(c.description), 'string'),
      dest_namespace: simple(cdktf.stringToHclTerraform(c.destNamespace), 'string'),
      dest_namespace_replace: simple(cdktf.numberToHclTerraform(c.destNamespaceReplace), 'number'),
      copy_by_chunk: simple(cdktf.booleanToHclTerraform(c.copyByChunk), 'boolean'),
      single_active_replication: simple(cdktf.booleanToHclTerraform(c.singleActiveReplication), 'boolean'),
      execute_on_changed: simple(cdktf.booleanToHclTerraform(c.executeOnChanged), 'boolean'),
      speed: simple(cdktf.numberToHclTerraform(c.speed), 'number'),
      filters: {
        value: cdktf.listMapperHcl(harborReplicationFilterToHclTerraform, true)(c.filters),
        isBlock: true,
        type: 'set',
        storageClassType: 'HarborReplicationFiltersList',
      },
    };
    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
  }
}
