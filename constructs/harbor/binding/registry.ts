/**
 * Hand-written binding for `harbor_registry` (goharbor/harbor v3.12.4): a remote registry
 * endpoint known to one Harbor, used as source/destination of replications.
 *
 * Schema (docs/resources/registry.md, provider/resource_registry.go, client/registry.go at
 * v3.12.4, per the project's Harbor provider reference):
 * - arguments: provider_name (required, ForceNew), name (required), endpoint_url (required),
 *   access_id, access_secret (sensitive), insecure (default false), description, ca_certificate
 * - exported: id (string path `/registries/N`), registry_id (number), status (string)
 *
 * `insecure` is always synthesized (false unless set) so the remote certificate is verified.
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { HARBOR_GENERATOR_METADATA, checkOneOf } from './metadata';

/** `provider_name` values harbor_registry v3.12.4 maps to a Harbor registry type (client/registry.go). */
export const HARBOR_REGISTRY_PROVIDER_NAMES = [
  'alibaba',
  'artifact-hub',
  'aws',
  'azure',
  'docker-hub',
  'docker-registry',
  'gitlab',
  'github',
  'google',
  'harbor',
  'helm',
  'huawei',
  'jfrog',
  'quay',
] as const;
/** Registry type; use `harbor` for Harbor-to-Harbor replication. */
export type HarborRegistryProviderName = (typeof HARBOR_REGISTRY_PROVIDER_NAMES)[number];

/** Configuration of one `harbor_registry` resource. */
export interface HarborRegistryConfig extends cdktf.TerraformMetaArguments {
  /**
   * Type of the remote registry. One of `alibaba`, `artifact-hub`, `aws`, `azure`,
   * `docker-hub`, `docker-registry`, `gitlab`, `github`, `google`, `harbor`, `huawei`,
   * `jfrog`, `quay`. Use `harbor` for Harbor-to-Harbor. Changing it forces replacement.
   */
  readonly providerName: HarborRegistryProviderName;
  /** Name of the registry endpoint in Harbor. */
  readonly name: string;
  /** URL of the remote registry, e.g. `https://edge-01.example/`. */
  readonly endpointUrl: string;
  /**
   * Access id (user name or robot account full name) for the remote registry.
   * @default "" (anonymous)
   */
  readonly accessId?: string;
  /**
   * Access secret (password / robot secret) for the remote registry. Sensitive: pass a
   * variable or another resource's attribute, never a literal. Never defaulted here.
   */
  readonly accessSecret?: string;
  /**
   * When `true`, Harbor does NOT verify the remote registry's certificate (the value is
   * passed as Harbor's `insecure`). Always synthesized by this binding.
   * @default false
   */
  readonly insecure?: boolean | cdktf.IResolvable;
  /** Free-text description. */
  readonly description?: string;
  /**
   * PEM CA certificate for a remote registry with a custom-signed certificate
   * (ignored by Harbor < 2.15.0).
   */
  readonly caCertificate?: string;
}

/** `resource "harbor_registry"` — see {@link HarborRegistryConfig}. */
export class HarborRegistry extends cdktf.TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = 'harbor_registry';

  /**
   * Generates CDKTF code for importing an existing registry (`cdktf plan`).
   * @param importFromId Harbor path of the registry, e.g. `/registries/7`
   */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: cdktf.TerraformProvider,
  ): cdktf.ImportableResource {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: HarborRegistry.tfResourceType,
      importId: importFromId,
      provider,
    });
  }

  private readonly _providerName: HarborRegistryProviderName;
  private readonly _name: string;
  private readonly _endpointUrl: string;
  private readonly _accessId?: string;
  private readonly _accessSecret?: string;
  private readonly _insecure?: boolean | cdktf.IResolvable;
  private readonly _description?: string;
  private readonly _caCertificate?: string;

  /**
   * @throws Error when `providerName` is not a documented registry type
   */
  public constructor(scope: Construct, id: string, config: HarborRegistryConfig) {
    super(scope, id, {
      terraformResourceType: HarborRegistry.tfResourceType,
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
      HarborRegistry.tfResourceType,
      id,
      'provider_name',
      config.providerName,
      HARBOR_REGISTRY_PROVIDER_NAMES,
    );
    this._providerName = config.providerName;
    this._name = config.name;
    this._endpointUrl = config.endpointUrl;
    this._accessId = config.accessId;
    this._accessSecret = config.accessSecret;
    this._insecure = config.insecure;
    this._description = config.description;
    this._caCertificate = config.caCertificate;
  }

  /** `id`: Harbor path of the registry, e.g. `/registries/7` (a STRING; not a registry id). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /**
   * `registry_id`: numeric id of the registry. Use this (not `id`) for
   * `harbor_replication.registry_id` and `harbor_project.registry_id`.
   */
  public get registryId(): number {
    return this.getNumberAttribute('registry_id');
  }

  /** `status`: health status Harbor reports for the endpoint. */
  public get status(): string {
    return this.getStringAttribute('status');
  }

  /** `name` as a reference token. */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  /** `endpoint_url` as a reference token. */
  public get endpointUrl(): string {
    return this.getStringAttribute('endpoint_url');
  }

  /** The configured `provider_name`. */
  public get providerNameInput(): HarborRegistryProviderName {
    return this._providerName;
  }

  /** The effective `insecure` value written to the configuration (false unless set). */
  public get insecureInput(): boolean | cdktf.IResolvable {
    return this._insecure ?? false;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      provider_name: cdktf.stringToTerraform(this._providerName),
      name: cdktf.stringToTerraform(this._name),
      endpoint_url: cdktf.stringToTerraform(this._endpointUrl),
      access_id: cdktf.stringToTerraform(this._accessId),
      access_secret: cdktf.stringToTerraform(this._accessSecret),
      insecure: cdktf.booleanToTerraform(this.insecureInput),
      description: cdktf.stringToTerraform(this._description),
      ca_certificate: cdktf.stringToTerraform(this._caCertificate),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const attrs = {
      provider_name: {
        value: cdktf.stringToHclTerraform(this._providerName),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      name: { value: cdktf.stringToHclTerraform(this._name), isBlock: false, type: 'simple', storageClassType: 'string' },
      endpoint_url: {
        value: cdktf.stringToHclTerraform(this._endpointUrl),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      access_id: {
        value: cdktf.stringToHclTerraform(this._accessId),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      access_secret: {
        value: cdktf.stringToHclTerraform(this._accessSecret),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      insecure: {
        value: cdktf.booleanToHclTerraform(this.insecureInput),
        isBlock: false,
        type: 'simple',
        storageClassType: 'boolean',
      },
      description: {
        value: cdktf.stringToHclTerraform(this._description),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      ca_certificate: {
        value: cdktf.stringToHclTerraform(this._caCertificate),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
    };
    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
  }
}
