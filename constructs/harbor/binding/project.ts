/**
 * Hand-written binding for `harbor_project` (goharbor/harbor v3.12.4).
 *
 * Schema (docs/resources/project.md, provider/resource_project.go at v3.12.4, per the
 * project's Harbor provider reference):
 * - arguments: name (required), public (default false), vulnerability_scanning
 *   (default true), vulnerability_scanner, storage_quota (GB, default -1), cve_allowlist,
 *   deployment_security, enable_content_trust, enable_content_trust_cosign,
 *   auto_sbom_generation, force_destroy, registry_id (number; proxy-cache project),
 *   proxy_speed_kb (default -1), proxy_cache_local_on_not_found
 * - exported: id (`/projects/N`), project_id (number)
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { HARBOR_GENERATOR_METADATA, checkOneOf } from './metadata';

const RESOURCE_TYPE = 'harbor_project';

/** `deployment_security` values. */
export const HARBOR_DEPLOYMENT_SECURITY_LEVELS = ['critical', 'high', 'medium', 'low', 'none'] as const;
/** Minimum vulnerability severity that prevents images from being pulled. */
export type HarborDeploymentSecurity = (typeof HARBOR_DEPLOYMENT_SECURITY_LEVELS)[number];

/** Configuration of one `harbor_project` resource. */
export interface HarborProjectConfig extends cdktf.TerraformMetaArguments {
  /** Project name. */
  readonly name: string;
  /**
   * Make the project public (anonymous pull).
   * @default false
   */
  readonly public?: boolean | cdktf.IResolvable;
  /**
   * Scan images automatically on push.
   * @default true
   */
  readonly vulnerabilityScanning?: boolean | cdktf.IResolvable;
  /**
   * Name of the scanner to use for this project.
   * @default the system default scanner
   */
  readonly vulnerabilityScanner?: string;
  /**
   * Storage quota in GB; -1 = unlimited.
   * @default -1
   */
  readonly storageQuota?: number;
  /** CVE ids allowed despite `deploymentSecurity` (project CVE allowlist). */
  readonly cveAllowlist?: string[];
  /**
   * Prevent pulling images with vulnerabilities of this severity or higher:
   * `critical`, `high`, `medium`, `low` or `none`.
   * @default unset (no prevention)
   */
  readonly deploymentSecurity?: HarborDeploymentSecurity;
  /**
   * Only allow verified (Notary-signed) images to be pulled.
   * @default false
   */
  readonly enableContentTrust?: boolean | cdktf.IResolvable;
  /**
   * Only allow cosign-signed images to be pulled.
   * @default false
   */
  readonly enableContentTrustCosign?: boolean | cdktf.IResolvable;
  /**
   * Generate an SBOM automatically on push (Harbor >= 2.11).
   * @default false
   */
  readonly autoSbomGeneration?: boolean | cdktf.IResolvable;
  /**
   * Delete the project's repositories on destroy (otherwise destroy fails when not empty).
   * @default false
   */
  readonly forceDestroy?: boolean | cdktf.IResolvable;
  /**
   * NUMERIC id of a `harbor_registry` (`HarborRegistry.registryId`); makes the project
   * a proxy-cache project of that registry.
   */
  readonly registryId?: number;
  /**
   * Proxy-cache bandwidth limit in Kbps; -1 = unlimited.
   * @default -1
   */
  readonly proxySpeedKb?: number;
  /**
   * Serve cached images when they disappeared upstream (Harbor >= 2.15.1).
   * @default false
   */
  readonly proxyCacheLocalOnNotFound?: boolean | cdktf.IResolvable;
}

/** `resource "harbor_project"` — see {@link HarborProjectConfig}. */
export class HarborProject extends cdktf.TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = RESOURCE_TYPE;

  /**
   * Generates CDKTF code for importing an existing project (`cdktf plan`).
   * @param importFromId Harbor path of the project, e.g. `/projects/4`
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

  private readonly _config: HarborProjectConfig;

  /**
   * @throws Error when `deploymentSecurity` is not one of the documented levels
   */
  public constructor(scope: Construct, id: string, config: HarborProjectConfig) {
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
    checkOneOf(
      RESOURCE_TYPE,
      id,
      'deployment_security',
      config.deploymentSecurity,
      HARBOR_DEPLOYMENT_SECURITY_LEVELS,
    );
    this._config = { ...config, cveAllowlist: config.cveAllowlist ? [...config.cveAllowlist] : undefined };
  }

  /** `id`: Harbor path of the project, e.g. `/projects/4` (a STRING). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** `project_id`: numeric id of the project. */
  public get projectId(): number {
    return this.getNumberAttribute('project_id');
  }

  /**
   * `name` as a reference token; use it as a robot account permission `namespace` so the
   * robot account depends on the project.
   */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this._config;
    return {
      name: cdktf.stringToTerraform(c.name),
      public: cdktf.booleanToTerraform(c.public),
      vulnerability_scanning: cdktf.booleanToTerraform(c.vulnerabilityScanning),
      vulnerability_scanner: cdktf.stringToTerraform(c.vulnerabilityScanner),
      storage_quota: cdktf.numberToTerraform(c.storageQuota),
      cve_allowlist: cdktf.listMapper(cdktf.stringToTerraform, false)(c.cveAllowlist),
      deployment_security: cdktf.stringToTerraform(c.deploymentSecurity),
      enable_content_trust: cdktf.booleanToTerraform(c.enableContentTrust),
      enable_content_trust_cosign: cdktf.booleanToTerraform(c.enableContentTrustCosign),
      auto_sbom_generation: cdktf.booleanToTerraform(c.autoSbomGeneration),
      force_destroy: cdktf.booleanToTerraform(c.forceDestroy),
      registry_id: cdktf.numberToTerraform(c.registryId),
      proxy_speed_kb: cdktf.numberToTerraform(c.proxySpeedKb),
      proxy_cache_local_on_not_found: cdktf.booleanToTerraform(c.proxyCacheLocalOnNotFound),
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
      public: simple(cdktf.booleanToHclTerraform(c.public), 'boolean'),
      vulnerability_scanning: simple(cdktf.booleanToHclTerraform(c.vulnerabilityScanning), 'boolean'),
      vulnerability_scanner: simple(cdktf.stringToHclTerraform(c.vulnerabilityScanner), 'string'),
      storage_quota: simple(cdktf.numberToHclTerraform(c.storageQuota), 'number'),
      cve_allowlist: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(c.cveAllowlist),
        isBlock: false,
        type: 'list',
        storageClassType: 'stringList',
      },
      deployment_security: simple(cdktf.stringToHclTerraform(c.deploymentSecurity), 'string'),
      enable_content_trust: simple(cdktf.booleanToHclTerraform(c.enableContentTrust), 'boolean'),
      enable_content_trust_cosign: simple(cdktf.booleanToHclTerraform(c.enableContentTrustCosign), 'boolean'),
      auto_sbom_generation: simple(cdktf.booleanToHclTerraform(c.autoSbomGeneration), 'boolean'),
      force_destroy: simple(cdktf.booleanToHclTerraform(c.forceDestroy), 'boolean'),
      registry_id: simple(cdktf.numberToHclTerraform(c.registryId), 'number'),
      proxy_speed_kb: simple(cdktf.numberToHclTerraform(c.proxySpeedKb), 'number'),
      proxy_cache_local_on_not_found: simple(cdktf.booleanToHclTerraform(c.proxyCacheLocalOnNotFound), 'boolean'),
    };
    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
  }
}
