/**
 * Hand-written binding for `harbor_robot_account` (goharbor/harbor v3.12.x), used to give a
 * remote Harbor's replication endpoint (`harbor_registry.access_id/access_secret`) credentials.
 *
 * Sources (the project's Harbor reference does not detail this resource):
 * - goharbor/terraform-provider-harbor `provider/resource_robot_account.go` (stored version
 *   at commit 256bfa44c79d995f32c59bb1deb58dec7f6b91bc): schema
 *     robot_id (String, Computed), name (String, Required, ForceNew),
 *     level (String, Required, ForceNew), description (String, Optional),
 *     disable (Bool, Optional, Default false), duration (Int, Optional, Default -1),
 *     full_name (String, Computed), secret (String, Optional+Computed, Sensitive,
 *     ConflictsWith secret_wo/secret_wo_version), secret_wo (String, Optional, WriteOnly,
 *     RequiredWith secret_wo_version, ConflictsWith secret), secret_wo_version (Int,
 *     Optional, RequiredWith secret_wo, ConflictsWith secret),
 *     permissions (Set, Required) { access (Set, Required) { action (Required),
 *     resource (Required), effect (Optional, no schema default) }, kind (Required),
 *     namespace (Required) }.
 * - same repository `docs/resources/robot_account.md` (same commit): level `system` or
 *   `project`; kind `system` or `project`; namespace `/` for kind system, `*` for all
 *   projects; effect `allow` or `deny` (Harbor defaults to allow); actions/resources are
 *   Harbor's RBAC constants; older revisions of the page: "for `project` level accounts,
 *   only one `permission` block is allowed".
 * - the upjet-generated types of jonasz-lasut/provider-upjet-harbor at commit
 *   4d200c8f533d088cfb6de362e0194d257e1e07cc (Makefile: TERRAFORM_PROVIDER_VERSION 3.12.0)
 *   list the same arguments including secret_wo/secret_wo_version, so they exist in 3.12.x.
 * - goharbor/harbor `src/common/rbac/const.go`: actions `*`, pull, push, create, read,
 *   update, delete, list, operate, scanner-pull, stop.
 * - duration: Harbor API model "duration must be either -1 (Never) or a positive integer".
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { HARBOR_GENERATOR_METADATA, checkOneOf, isToken } from './metadata';

const RESOURCE_TYPE = 'harbor_robot_account';

/** `level` values. */
export const HARBOR_ROBOT_LEVELS = ['system', 'project'] as const;
/** Robot account level. */
export type HarborRobotLevel = (typeof HARBOR_ROBOT_LEVELS)[number];

/** Permission `kind` values. */
export const HARBOR_ROBOT_PERMISSION_KINDS = ['system', 'project'] as const;
/** Permission scope kind. */
export type HarborRobotPermissionKind = (typeof HARBOR_ROBOT_PERMISSION_KINDS)[number];

/** Access `action` values (Harbor RBAC actions). */
export const HARBOR_ROBOT_ACCESS_ACTIONS = [
  '*',
  'pull',
  'push',
  'create',
  'read',
  'update',
  'delete',
  'list',
  'operate',
  'scanner-pull',
  'stop',
] as const;
/** Harbor RBAC action. */
export type HarborRobotAccessAction = (typeof HARBOR_ROBOT_ACCESS_ACTIONS)[number];

/** Access `effect` values. */
export const HARBOR_ROBOT_ACCESS_EFFECTS = ['allow', 'deny'] as const;
/** Whether an access entry grants or denies. */
export type HarborRobotAccessEffect = (typeof HARBOR_ROBOT_ACCESS_EFFECTS)[number];

/** One `access` block inside a `permissions` block. */
export interface HarborRobotAccountAccess {
  /**
   * Harbor RBAC action: `*`, `pull`, `push`, `create`, `read`, `update`, `delete`, `list`,
   * `operate`, `scanner-pull`, `stop`.
   */
  readonly action: HarborRobotAccessAction;
  /**
   * Harbor RBAC resource, e.g. `repository`, `artifact`, `tag`, `label`, `scan`,
   * `replication`, `registry`. Not restricted by this binding (Harbor's list changes
   * between versions); must not be empty.
   */
  readonly resource: string;
  /**
   * `allow` or `deny`. Not written when unset.
   * @default "allow" (applied by Harbor)
   */
  readonly effect?: HarborRobotAccessEffect;
}

/** One `permissions` block. */
export interface HarborRobotAccountPermission {
  /** `system` (system-wide resources) or `project` (resources of `namespace`). */
  readonly kind: HarborRobotPermissionKind;
  /**
   * Project name for kind `project` (`*` = all projects; pass `HarborProject.name` to
   * depend on the project); always `/` for kind `system`.
   */
  readonly namespace: string;
  /** Access entries; at least one. */
  readonly access: HarborRobotAccountAccess[];
}

/** Configuration of one `harbor_robot_account` resource. */
export interface HarborRobotAccountConfig extends cdktf.TerraformMetaArguments {
  /**
   * Short name of the robot account; Harbor prefixes it (e.g. `robot$name` for system
   * level, `robot$project+name` for project level). Changing it forces replacement.
   */
  readonly name: string;
  /**
   * `system` (Harbor >= 2.2; permissions across projects) or `project` (exactly one
   * `permissions` block of kind `project`). Changing it forces replacement.
   */
  readonly level: HarborRobotLevel;
  /** Description shown in Harbor. */
  readonly description?: string;
  /**
   * Disable the robot account.
   * @default false
   */
  readonly disable?: boolean | cdktf.IResolvable;
  /**
   * Lifetime in days; -1 = never expires.
   * @default -1
   */
  readonly duration?: number;
  /**
   * Secret to set on the account (stored in state, sensitive). Pass a variable or a
   * generated password reference; never a literal. When neither `secret` nor `secretWo`
   * is set, Harbor generates one and it is readable from {@link HarborRobotAccount.secret}.
   * Conflicts with `secretWo` / `secretWoVersion`.
   */
  readonly secret?: string;
  /**
   * Write-only alternative to `secret` (not stored in state; needs Terraform >= 1.11).
   * Requires `secretWoVersion`; conflicts with `secret`.
   */
  readonly secretWo?: string;
  /**
   * Rotation trigger for `secretWo`: change it to push a new `secretWo`.
   * Requires `secretWo`; conflicts with `secret`.
   */
  readonly secretWoVersion?: number;
  /** Permissions; at least one block (exactly one for level `project`). */
  readonly permissions: HarborRobotAccountPermission[];
}

/** Terraform JSON form of one `access` block. */
export function harborRobotAccountAccessToTerraform(access: HarborRobotAccountAccess): Record<string, unknown> {
  return {
    action: cdktf.stringToTerraform(access.action),
    resource: cdktf.stringToTerraform(access.resource),
    effect: cdktf.stringToTerraform(access.effect),
  };
}

/** HCL form of one `access` block. */
export function harborRobotAccountAccessToHclTerraform(access: HarborRobotAccountAccess): Record<string, unknown> {
  const attrs = {
    action: { value: cdktf.stringToHclTerraform(access.action), isBlock: false, type: 'simple', storageClassType: 'string' },
    resource: {
      value: cdktf.stringToHclTerraform(access.resource),
      isBlock: false,
      type: 'simple',
      storageClassType: 'string',
    },
    effect: { value: cdktf.stringToHclTerraform(access.effect), isBlock: false, type: 'simple', storageClassType: 'string' },
  };
  return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
}

/** Terraform JSON form of one `permissions` block. */
export function harborRobotAccountPermissionToTerraform(
  permission: HarborRobotAccountPermission,
): Record<string, unknown> {
  return {
    access: cdktf.listMapper(harborRobotAccountAccessToTerraform, true)(permission.access),
    kind: cdktf.stringToTerraform(permission.kind),
    namespace: cdktf.stringToTerraform(permission.namespace),
  };
}

/** HCL form of one `permissions` block. */
export function harborRobotAccountPermissionToHclTerraform(
  permission: HarborRobotAccountPermission,
): Record<string, unknown> {
  const attrs = {
    access: {
      value: cdktf.listMapperHcl(harborRobotAccountAccessToHclTerraform, true)(permission.access),
      isBlock: true,
      type: 'set',
      storageClassType: 'HarborRobotAccountPermissionsAccessList',
    },
    kind: { value: cdktf.stringToHclTerraform(permission.kind), isBlock: false, type: 'simple', storageClassType: 'string' },
    namespace: {
      value: cdktf.stringToHclTerraform(permission.namespace),
      isBlock: false,
      type: 'simple',
      storageClassType: 'string',
    },
  };
  return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
}

function fail(id: string, message: string): never {
  throw new Error(`${RESOURCE_TYPE} '${id}': ${message}`);
}

function validatePermission(id: string, level: HarborRobotLevel, index: number, p: HarborRobotAccountPermission): void {
  const where = `permissions[${index}]`;
  checkOneOf(RESOURCE_TYPE, id, `${where}.kind`, p.kind, HARBOR_ROBOT_PERMISSION_KINDS);
  if (level === 'project' && !isToken(p.kind) && p.kind !== 'project') {
    fail(id, `${where}.kind '${p.kind}' is not allowed for level project; allowed: project`);
  }
  if (p.kind === 'system' && !isToken(p.namespace) && p.namespace !== '/') {
    fail(id, `${where}.namespace '${p.namespace}' is not allowed for kind system; allowed: /`);
  }
  if (!isToken(p.access) && p.access.length === 0) {
    fail(id, `${where}.access is empty; give at least one access block`);
  }
  if (isToken(p.access)) {
    return;
  }
  p.access.forEach((a, j) => {
    const at = `${where}.access[${j}]`;
    checkOneOf(RESOURCE_TYPE, id, `${at}.action`, a.action, HARBOR_ROBOT_ACCESS_ACTIONS);
    checkOneOf(RESOURCE_TYPE, id, `${at}.effect`, a.effect, HARBOR_ROBOT_ACCESS_EFFECTS);
    if (!isToken(a.resource) && a.resource.trim() === '') {
      fail(id, `${at}.resource '${a.resource}' is not allowed; allowed: a Harbor RBAC resource such as repository`);
    }
  });
}

/** `resource "harbor_robot_account"` — see {@link HarborRobotAccountConfig}. */
export class HarborRobotAccount extends cdktf.TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = RESOURCE_TYPE;

  /**
   * Generates CDKTF code for importing an existing robot account (`cdktf plan`).
   * @param importFromId Harbor path of the robot account, e.g. `/robots/123`
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

  private readonly _config: HarborRobotAccountConfig;

  /**
   * @throws Error on an invalid level, duration, secret combination or permission
   */
  public constructor(scope: Construct, id: string, config: HarborRobotAccountConfig) {
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
    checkOneOf(RESOURCE_TYPE, id, 'level', config.level, HARBOR_ROBOT_LEVELS);
    const d = config.duration;
    if (d !== undefined && !isToken(d) && !(d === -1 || (Number.isInteger(d) && d > 0))) {
      fail(id, `duration '${d}' is not allowed; allowed: -1 (never expires) or a positive whole number of days`);
    }
    if (config.secret !== undefined && config.secretWo !== undefined) {
      fail(id, 'secret and secret_wo are mutually exclusive; set only one');
    }
    if (config.secret !== undefined && config.secretWoVersion !== undefined) {
      fail(id, 'secret and secret_wo_version are mutually exclusive; secret_wo_version goes with secret_wo');
    }
    if (config.secretWo !== undefined && config.secretWoVersion === undefined) {
      fail(id, 'secret_wo requires secret_wo_version');
    }
    if (config.secretWoVersion !== undefined && config.secretWo === undefined) {
      fail(id, 'secret_wo_version requires secret_wo');
    }
    const permissions = config.permissions;
    if (!isToken(permissions)) {
      if (permissions.length === 0) {
        fail(id, 'permissions is empty; give at least one permissions block');
      }
      if (config.level === 'project' && permissions.length !== 1) {
        fail(id, `level project allows exactly one permissions block; got ${permissions.length}`);
      }
      permissions.forEach((p, i) => validatePermission(id, config.level, i, p));
    }
    this._config = {
      ...config,
      permissions: isToken(permissions)
        ? permissions
        : permissions.map((p) => ({ ...p, access: isToken(p.access) ? p.access : [...p.access] })),
    };
  }

  /** `id`: Harbor path of the robot account, e.g. `/robots/123` (a STRING). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** `robot_id`: Harbor id of the robot account (a STRING in the provider schema). */
  public get robotId(): string {
    return this.getStringAttribute('robot_id');
  }

  /**
   * `full_name`: name including Harbor's prefix, e.g. `robot$edge-replication`
   * (`robot$project+name` for project level). Use it as `harbor_registry.access_id`.
   */
  public get fullName(): string {
    return this.getStringAttribute('full_name');
  }

  /**
   * `secret` (SENSITIVE): the configured secret, or the one Harbor generated when none
   * was set. Empty/unknown when `secretWo` is used. Use it as
   * `harbor_registry.access_secret`; mark any output that carries it as sensitive.
   */
  public get secret(): string {
    return this.getStringAttribute('secret');
  }

  /** `name` as a reference token (the short name). */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  /** The configured level. */
  public get levelInput(): HarborRobotLevel {
    return this._config.level;
  }

  /** The configured permissions. */
  public get permissionsInput(): readonly HarborRobotAccountPermission[] {
    return this._config.permissions;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this._config;
    return {
      name: cdktf.stringToTerraform(c.name),
      level: cdktf.stringToTerraform(c.level),
      description: cdktf.stringToTerraform(c.description),
      disable: cdktf.booleanToTerraform(c.disable),
      duration: cdktf.numberToTerraform(c.duration),
      secret: cdktf.stringToTerraform(c.secret),
      secret_wo: cdktf.stringToTerraform(c.secretWo),
      secret_wo_version: cdktf.numberToTerraform(c.secretWoVersion),
      permissions: cdktf.listMapper(harborRobotAccountPermissionToTerraform, true)(c.permissions),
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
      level: simple(cdktf.stringToHclTerraform(c.level), 'string'),
      description: simple(cdktf.stringToHclTerraform(c.description), 'string'),
      disable: simple(cdktf.booleanToHclTerraform(c.disable), 'boolean'),
      duration: simple(cdktf.numberToHclTerraform(c.duration), 'number'),
      secret: simple(cdktf.stringToHclTerraform(c.secret), 'string'),
      secret_wo: simple(cdktf.stringToHclTerraform(c.secretWo), 'string'),
      secret_wo_version: simple(cdktf.numberToHclTerraform(c.secretWoVersion), 'number'),
      permissions: {
        value: cdktf.listMapperHcl(harborRobotAccountPermissionToHclTerraform, true)(c.permissions),
        isBlock: true,
        type: 'set',
        storageClassType: 'HarborRobotAccountPermissionsList',
      },
    };
    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
  }
}
