/**
 * Hand-written binding for the `harbor` provider configuration (goharbor/harbor v3.12.4).
 *
 * Schema (provider/provider.go, docs/index.md at v3.12.4, as summarised in the project's
 * Harbor provider reference): url, username, password, insecure, api_version, bearer_token,
 * session_id, robot_prefix, headers.
 *
 * Deliberate deviation from the provider: the provider's `insecure` defaults to `true`
 * (TLS verification OFF). This binding always writes `insecure`, and writes `false` unless
 * the caller sets it, so certificates are verified by default.
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import {
  HARBOR_GENERATOR_METADATA,
  HARBOR_PROVIDER_NAME,
  HARBOR_PROVIDER_SOURCE,
  HARBOR_PROVIDER_VERSION_CONSTRAINT,
  checkOneOf,
} from './metadata';

/** Shape of the `terraform.required_providers` part of a provider's synthesized output. */
interface ProviderFragment {
  readonly terraform?: { readonly required_providers?: Record<string, { version?: string; source?: string }> };
  readonly [key: string]: unknown;
}

function withVersionConstraint(fragment: ProviderFragment): Record<string, unknown> {
  const requirement = fragment.terraform?.required_providers?.[HARBOR_PROVIDER_NAME];
  if (requirement) {
    requirement.version = HARBOR_PROVIDER_VERSION_CONSTRAINT;
  }
  return fragment;
}

/**
 * cdktf snake-cases every key of a provider block, including the keys of map arguments
 * (`X-Tenant` would become `x_tenant`). Wrapping the map in a lazy token keeps header
 * names verbatim: tokens are skipped by the key conversion and resolved afterwards.
 */
function keepMapKeys(value: unknown): unknown {
  if (value === undefined || cdktf.Tokenization.isResolvable(value)) {
    return value;
  }
  return cdktf.Lazy.anyValue({ produce: () => value });
}

/** `api_version` values the provider accepts. */
export const HARBOR_API_VERSIONS = [1, 2] as const;
/** Harbor API version: 1 (`/api`) or 2 (`/api/v2.0`). */
export type HarborApiVersion = (typeof HARBOR_API_VERSIONS)[number];

/** Configuration of one `provider "harbor"` block (one per Harbor instance; use `alias`). */
export interface HarborProviderConfig {
  /**
   * Base URL of the Harbor instance, e.g. `https://harbor.example.com`. A trailing `/` is
   * trimmed by the provider. Falls back to env `HARBOR_URL` in the provider, but this
   * binding requires it.
   */
  readonly url: string;
  /**
   * User name for basic authentication (env `HARBOR_USERNAME`). Optional in the schema;
   * the provider docs list it as required unless `bearerToken` is used.
   */
  readonly username?: string;
  /**
   * Password for basic authentication (env `HARBOR_PASSWORD`). The provider schema does
   * not mark it sensitive (only `headers`): pass a sensitive variable reference, never a
   * literal. Never defaulted by this binding.
   */
  readonly password?: string;
  /**
   * Bearer token (env `HARBOR_BEARER_TOKEN`); takes precedence over username/password.
   * Not marked sensitive by the provider schema: pass a sensitive variable reference. Never defaulted by this binding.
   */
  readonly bearerToken?: string;
  /**
   * Session id for OIDC sessions (env `HARBOR_SESSION_ID`; experimental in the provider).
   */
  readonly sessionId?: string;
  /**
   * Skip TLS certificate verification of the Harbor API when `true`. (The schema also
   * names the env `HARBOR_IGNORE_CERT`, but its `Default` wins in the SDK, so the env
   * variable has no effect: provider/provider.go at v3.12.4.)
   *
   * The PROVIDER defaults to `true`; this binding always synthesizes the attribute and
   * uses `false` when it is not set, so the certificate is verified by default.
   * @default false (binding default; the provider's own default is true)
   */
  readonly insecure?: boolean | cdktf.IResolvable;
  /**
   * Harbor API version: `1` or `2`.
   * @default 2
   */
  readonly apiVersion?: HarborApiVersion;
  /**
   * Robot account name prefix configured in Harbor (e.g. `robot$`); lets the provider
   * derive robot short names without reading the system configuration.
   */
  readonly robotPrefix?: string;
  /**
   * Extra HTTP headers sent with every API request (sensitive map of strings).
   */
  readonly headers?: { readonly [key: string]: string } | cdktf.IResolvable;
  /** Provider alias; required when several Harbor instances (hub, edges) are configured. */
  readonly alias?: string;
}

/** `provider "harbor"` — see {@link HarborProviderConfig}. */
export class HarborProvider extends cdktf.TerraformProvider {
  /** Terraform provider type name. */
  public static readonly tfResourceType = HARBOR_PROVIDER_NAME;

  private readonly _url: string;
  private readonly _username?: string;
  private readonly _password?: string;
  private readonly _bearerToken?: string;
  private readonly _sessionId?: string;
  private readonly _insecure?: boolean | cdktf.IResolvable;
  private readonly _apiVersion?: HarborApiVersion;
  private readonly _robotPrefix?: string;
  private readonly _headers?: { readonly [key: string]: string } | cdktf.IResolvable;
  private _alias?: string;

  /**
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID
   * @param config See {@link HarborProviderConfig}
   * @throws Error when `apiVersion` is not 1 or 2
   */
  public constructor(scope: Construct, id: string, config: HarborProviderConfig) {
    super(scope, id, {
      terraformResourceType: HARBOR_PROVIDER_NAME,
      terraformGeneratorMetadata: HARBOR_GENERATOR_METADATA,
      terraformProviderSource: HARBOR_PROVIDER_SOURCE,
    });
    checkOneOf('provider harbor', id, 'api_version', config.apiVersion, HARBOR_API_VERSIONS);
    this._url = config.url;
    this._username = config.username;
    this._password = config.password;
    this._bearerToken = config.bearerToken;
    this._sessionId = config.sessionId;
    this._insecure = config.insecure;
    this._apiVersion = config.apiVersion;
    this._robotPrefix = config.robotPrefix;
    this._headers = config.headers;
    this._alias = config.alias;
  }

  /** Provider alias (`harbor.<alias>`), if any. */
  public get alias(): string | undefined {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }

  /** The configured URL. */
  public get url(): string {
    return this._url;
  }

  /** The effective `insecure` value written to the configuration (false unless set). */
  public get insecure(): boolean | cdktf.IResolvable {
    return this._insecure ?? false;
  }

  /**
   * cdktf 0.21 writes the exact generator version (`3.12.4`) to `required_providers`;
   * this binding writes the constraint `~> 3.12` instead (same rule as the project's
   * other providers: from the generated minor up to the next major).
   */
  public toTerraform(): Record<string, unknown> {
    return withVersionConstraint(super.toTerraform());
  }

  public toHclTerraform(): Record<string, unknown> {
    return withVersionConstraint(super.toHclTerraform());
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      url: cdktf.stringToTerraform(this._url),
      username: cdktf.stringToTerraform(this._username),
      password: cdktf.stringToTerraform(this._password),
      bearer_token: cdktf.stringToTerraform(this._bearerToken),
      session_id: cdktf.stringToTerraform(this._sessionId),
      insecure: cdktf.booleanToTerraform(this.insecure),
      api_version: cdktf.numberToTerraform(this._apiVersion),
      robot_prefix: cdktf.stringToTerraform(this._robotPrefix),
      headers: keepMapKeys(cdktf.hashMapper(cdktf.stringToTerraform)(this._headers)),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const attrs = {
      url: { value: cdktf.stringToHclTerraform(this._url), isBlock: false, type: 'simple', storageClassType: 'string' },
      username: {
        value: cdktf.stringToHclTerraform(this._username),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      password: {
        value: cdktf.stringToHclTerraform(this._password),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      bearer_token: {
        value: cdktf.stringToHclTerraform(this._bearerToken),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      session_id: {
        value: cdktf.stringToHclTerraform(this._sessionId),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      insecure: {
        value: cdktf.booleanToHclTerraform(this.insecure),
        isBlock: false,
        type: 'simple',
        storageClassType: 'boolean',
      },
      api_version: {
        value: cdktf.numberToHclTerraform(this._apiVersion),
        isBlock: false,
        type: 'simple',
        storageClassType: 'number',
      },
      robot_prefix: {
        value: cdktf.stringToHclTerraform(this._robotPrefix),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
      headers: {
        value: keepMapKeys(cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._headers)),
        isBlock: false,
        type: 'map',
        storageClassType: 'stringMap',
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: 'simple',
        storageClassType: 'string',
      },
    };
    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([, attr]) => attr.value !== undefined));
  }
}
