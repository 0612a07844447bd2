/**
 * What every stack of the fleet shares: its backend, the Terraform version it needs,
 * and provider version constraints tighter than the prebuilt bindings' own
 * (a binding generated from provider 2.15 must not run against 2.13).
 */
import { Aspects, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformProvider, TerraformStack } from 'cdktf';
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';
import { Construct, IValidation } from 'constructs';
import { DestroyProtection } from '../constructs/policy/destroy-protection';
import { FleetPolicy, FleetPolicyProps } from '../constructs/policy/fleet-policy';
import { singlePassTerraform } from './single-pass';

/** Where a stack keeps its state. */
export type BackendSettings =
  | {
      readonly kind: 'local';
      /**
       * Folder of the state files, relative to the stack's working directory
       * (`cdktf.out/stacks/<stack>`). Relative, so synthesized output is the same on
       * every machine.
       */
      readonly stateDir: string;
    }
  | {
      /** Terraform Cloud / Enterprise: each stack in its own workspace `<prefix><stack>`. */
      readonly kind: 'cloud';
      readonly organization: string;
      readonly hostname: string;
      readonly project: string;
      readonly workspacePrefix: string;
    };

export interface FleetStackBaseProps {
  readonly backend: BackendSettings;
  /** Waivers and required labels of the stack's security policy. @default {} */
  readonly policy?: FleetPolicyProps;
  /**
   * Stateful resources carry prevent_destroy; false only while a site is being
   * decommissioned.
   * @default true
   */
  readonly protectStateful?: boolean;
  /**
   * `fast`: one token-resolution pass per stack (see single-pass.ts); `stock`: cdktf's
   * own three. Same output; `stock` exists for the benchmark and the equality test.
   * @default "fast"
   */
  readonly synthesis?: Synthesis;
}

/** How stacks are synthesized: the same output either way. */
export type Synthesis = 'fast' | 'stock';

/** Terraform CLI versions the synthesized configuration supports. */
export const TERRAFORM_VERSION_CONSTRAINT = '>= 1.7.0'; // removed blocks (forget, not destroy)

/**
 * Registry source and version constraint per provider: from the minor version each
 * binding was generated from, up to the next major (minor for 0.x) version. Sources
 * are written out in full so a private registry mirror maps them unambiguously.
 */
export const PROVIDER_REQUIREMENTS: Readonly<Record<string, { readonly source: string; readonly version: string }>> = Object.freeze({
  vsphere: { source: 'vmware/vsphere', version: '~> 2.15' },
  kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
  helm: { source: 'hashicorp/helm', version: '~> 3.1' },
  tfe: { source: 'hashicorp/tfe', version: '~> 0.71' },
  tls: { source: 'hashicorp/tls', version: '~> 4.1' },
  random: { source: 'hashicorp/random', version: '~> 3.7' },
  harbor: { source: 'goharbor/harbor', version: '~> 3.12' },
});

/**
 * Base class of HubStack, EdgeSiteStack and the Terraform Cloud fleet stack: backend,
 * version pins, and the two aspects every stack carries, the security policy and
 * destroy protection (aspects must be on a stack: one on the App never runs).
 */
export abstract class FleetStackBase extends TerraformStack {
  /** The stack's policy aspect; FleetApp checks it before writing anything. */
  readonly policy: FleetPolicy;
  private readonly synthesis: Synthesis;

  constructor(scope: Construct, id: string, props: FleetStackBaseProps) {
    super(scope, id);
    this.synthesis = props.synthesis ?? 'fast';
    this.policy = new FleetPolicy(props.policy, { keepDocuments: this.synthesis === 'fast' });
    Aspects.of(this).add(new DestroyProtection(props.protectStateful ?? true));
    Aspects.of(this).add(this.policy);
    const backend = props.backend;
    if (backend.kind === 'local') {
      new LocalBackend(this, { path: `${backend.stateDir}/terraform.${id}.tfstate` });
    } else {
      const cloud = new CloudBackend(this, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${id}`, backend.project),
      });
      checkBinaryVersionsOnce(cloud);
    }
    this.addOverride('terraform.required_version', TERRAFORM_VERSION_CONSTRAINT);
  }

  /** Fast synthesis resolves tokens once, in toTerraform; stock cdktf also resolves everything here. */
  prepareStack(): void {
    if (this.synthesis === 'stock') super.prepareStack();
    else this.ensureBackendExists();
  }

  toTerraform(): Record<string, unknown> {
    return this.synthesis === 'stock' ? (super.toTerraform() as Record<string, unknown>) : singlePassTerraform(this, (element) => this.policy.takeDocument(element));
  }

  /** Pins a provider's source and version constraint; call once per provider the stack declares. */
  protected pinProvider(provider: TerraformProvider): void {
    const name = provider.terraformResourceType;
    const requirement = PROVIDER_REQUIREMENTS[name];
    if (!requirement) throw new Error(`internal error: no version constraint for provider '${name}'`);
    this.addOverride(`terraform.required_providers.${name}`, requirement);
  }
}

/** Results of binary version checks in this process (thread), by check. */
const versionChecks = new Map<string, string[]>();

/**
 * Runs each of the construct's binary version checks once per process. cdktf's
 * CloudBackend checks `terraform version` (>= 1.1) by starting the binary, once per
 * stack: 40 ms each, 40 s for a fleet of 1000 sites. The answer cannot differ between
 * stacks of one run. Relies on the `_validations` field of the pinned constructs
 * 10.4.2 (a test fails if it is gone).
 */
export function checkBinaryVersionsOnce(scope: Construct): void {
  const validations = (scope.node as unknown as { _validations?: IValidation[] })._validations;
  if (!Array.isArray(validations)) throw new Error('internal error: constructs no longer keeps validations in Node._validations; see checkBinaryVersionsOnce');
  validations.forEach((validation, i) => {
    if (!(validation instanceof ValidateBinaryVersion)) return;
    const key = JSON.stringify(validation);
    validations[i] = {
      validate: () => {
        let result = versionChecks.get(key);
        if (result === undefined) versionChecks.set(key, (result = validation.validate()));
        return result;
      },
    };
  });
}

/** True for the stacks of this product. */
export function isFleetStack(x: unknown): x is FleetStackBase {
  return x instanceof FleetStackBase;
}
