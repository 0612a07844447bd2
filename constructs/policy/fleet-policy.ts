/**
 * The fleet's security policy, as a cdktf aspect on every stack: it reads each
 * resource, data source and provider as it will be synthesized and refuses unsafe
 * output before Terraform ever sees it. A violation is an error annotation (cdktf
 * then refuses to write the stack) and is collected, so FleetApp can report every
 * violation of every stack at once before writing anything.
 */
import { Annotations, Aspects, IAspect, TerraformDataSource, TerraformElement, TerraformProvider, TerraformResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
// Internal module of the pinned cdktf 0.21.0: how its synthesizer runs a stack's aspects.
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { parseAllDocuments } from 'yaml';

/** Rule ids: what a waiver names. */
export const POLICY_RULES = ['tls-verification', 'esxi-lockdown', 'host-thumbprint', 'no-plaintext-secret', 'required-labels', 'cluster-admin-grant', 'access-widening'] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/** What each rule enforces, for messages and docs/security.md. */
export const POLICY_RULE_TEXT: Readonly<Record<PolicyRule, string>> = {
  'tls-verification': 'TLS verification on for every provider and resource that can turn it off',
  'esxi-lockdown': 'ESXi hosts in lockdown mode (normal or strict)',
  'host-thumbprint': 'every host vCenter adds is pinned by its SHA-1 thumbprint',
  'no-plaintext-secret': 'no secret as a literal in any resource or provider attribute: only references to sensitive variables or generated secrets',
  'required-labels': "every Kubernetes object of a site carries the site and ring labels; every workspace its kind tag",
  'cluster-admin-grant': 'cluster-admin is bound only to the groups fleet.yaml marks as platform administrators (and the break-glass ServiceAccount)',
  'access-widening': "a site file grants a group no more than fleet.yaml's fleet-wide, ring and region grants give it (checked by the catalog validator)",
};

/** Namespace of the break-glass ServiceAccounts in a workload cluster (constructs/access). */
export const BREAK_GLASS_NAMESPACE = 'edge-break-glass';

export interface PolicyWaiver {
  readonly rule: PolicyRule;
  /** Why the rule must be broken here; recorded in the catalog and shown at synth. */
  readonly reason: string;
}

export interface PolicyViolation {
  readonly stack: string;
  /** Construct path of the offending element. */
  readonly path: string;
  readonly rule: PolicyRule;
  readonly message: string;
}

export interface FleetPolicyProps {
  /** Rules this stack may break, each with its reason. @default [] */
  readonly waivers?: readonly PolicyWaiver[];
  /** Labels every Kubernetes object in the stack must carry (site stacks). @default {} */
  readonly requiredLabels?: Readonly<Record<string, string>>;
  /** Groups that may hold cluster-admin (fleet.yaml access.platformAdmins). @default [] */
  readonly platformAdmins?: readonly string[];
}

type Json = { readonly [key: string]: unknown };
/** A plain mapping (not an array, not a token or other resolvable object, which may be circular). */
const isObject = (v: unknown): v is Json => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const SECRET_KEY = /(password|passwd|passphrase|secret|token|private_key|access_secret|credential)/i;
/**
 * Keys that name or point at a secret rather than hold one (`tls_secret_name`,
 * `...ytt-paths-from-secret-name.0`, `kubeconfigSecretRef`), and file names (a ytt file
 * `hub-ca-secret.yaml`): their literal values are not secrets. A private key in any
 * literal is still caught by its content.
 */
const SECRET_REFERENCE = /[_-](name|names|ref|id)(\.\d+)?$|\.(ya?ml|json|conf|crt|pem)$/i;
/** The camelCase form of the same (`secretName`, `kubeconfigSecretRef`); case-sensitive on purpose. */
const SECRET_REFERENCE_CAMEL = /[a-z0-9](Name|Names|Ref|Id)(\.\d+)?$/;
const isSecretReference = (key: string): boolean => SECRET_REFERENCE.test(key) || SECRET_REFERENCE_CAMEL.test(key);
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Kubernetes resource types whose `metadata.labels` the required-labels rule checks. */
const LABELLED_TYPES = new Set(['kubernetes_namespace_v1', 'kubernetes_secret_v1', 'kubernetes_deployment_v1', 'kubernetes_service_account_v1', 'kubernetes_role_v1', 'kubernetes_role_binding_v1']);

/** An element's attributes in its Terraform document (tokens still unresolved), and its kind. */
function attributesOf(out: Json): { kind: 'resource' | 'data' | 'provider'; type: string; attrs: Json } | undefined {
  for (const kind of ['resource', 'data'] as const) {
    const byType = out[kind];
    if (isObject(byType)) {
      const [type, byName] = Object.entries(byType)[0];
      if (isObject(byName)) return { kind, type, attrs: Object.values(byName)[0] as Json };
    }
  }
  const providers = out.provider;
  if (isObject(providers)) {
    const [type, list] = Object.entries(providers)[0];
    if (Array.isArray(list) && isObject(list[0])) return { kind: 'provider', type, attrs: list[0] };
  }
  return undefined;
}

/**
 * The text of a string that Terraform does not compute: everything outside its `${...}`
 * interpolations (cdktf's unresolved tokens are `${TfToken[...]}`), with `$${` read as
 * the literal `${`. Quoted strings inside an interpolation may hold braces.
 */
export function literalText(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (s.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < s.length; j++) {
        const c = s[j];
        if (c === '"') {
          for (j++; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
        } else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      i = j + 1;
    } else {
      out += s[i++];
    }
  }
  return out;
}

/**
 * A string with text of its own: a plain literal, or a reference with literal text
 * around it (`"hunter2-${var.suffix}"`), whose literal part is stored in plain text.
 */
const isLiteral = (v: unknown): v is string => typeof v === 'string' && literalText(v) !== '';
/** A string that mixes its own text with a reference. */
const isMixed = (v: string): boolean => Token.isUnresolved(v) || v.includes('${');

type Finding = { rule: PolicyRule; message: string };

/** A RoleBinding or ClusterRoleBinding as the rules read it, wherever it is written. */
interface Binding {
  readonly what: string;
  readonly roleRef: { readonly kind?: unknown; readonly name?: unknown };
  readonly subjects: readonly Json[];
}

function manifestBinding(object: Json, where: string): Binding | undefined {
  if (object.kind !== 'ClusterRoleBinding' && object.kind !== 'RoleBinding') return undefined;
  const name = isObject(object.metadata) ? String(object.metadata.name) : '(unnamed)';
  const roleRef = isObject(object.roleRef) ? object.roleRef : {};
  const subjects = Array.isArray(object.subjects) ? object.subjects.filter(isObject) : [];
  return { what: `${where}${object.kind} ${name}`, roleRef, subjects };
}

/**
 * False when a YAML document's text cannot bind cluster-admin, so that the chart
 * values and documents of every site are not parsed for the rule (2.2 s of a
 * 1000-site synth, profiled). A YAML 1.2 text can only spell the kind `RoleBinding`
 * and the role `cluster-admin` literally (plain, quoted, block or behind an anchor,
 * which lives in the same document) or through a double-quoted escape, which needs a
 * backslash; a folded line break would put a space inside them.
 */
export function mayBindClusterAdmin(text: string): boolean {
  return text.includes('\\') || (text.includes('RoleBinding') && text.includes('cluster-admin'));
}

/**
 * The documents of a YAML stream, cut at its `---` lines (no scalar may hold such a
 * line, so the reader cuts there too); a stream with directives (`%YAML`, `%TAG`,
 * which belong to the next document) stays whole.
 */
export function yamlDocumentTexts(text: string): string[] {
  return /^%/m.test(text) ? [text] : text.split(/^---(?=[ \t\r]|$)/m);
}

/**
 * The role bindings an element creates that may bind cluster-admin: a
 * kubernetes_manifest binding, the bindings among the inline documents of a
 * kapp-controller App (what it deploys into a workload cluster), a typed
 * kubernetes_(cluster_)role_binding(_v1).
 */
function clusterAdminCandidates(type: string, attrs: Json): Binding[] {
  if (type === 'kubernetes_manifest' && isObject(attrs.manifest)) {
    const manifest = attrs.manifest;
    const direct = manifestBinding(manifest, '');
    if (direct) return [direct];
    if (manifest.kind !== 'App' || !isObject(manifest.spec) || !Array.isArray(manifest.spec.fetch)) return [];
    const out: Binding[] = [];
    for (const entry of manifest.spec.fetch) {
      const paths = isObject(entry) && isObject(entry.inline) && isObject(entry.inline.paths) ? entry.inline.paths : {};
      for (const [file, text] of Object.entries(paths)) {
        if (typeof text !== 'string') continue;
        const parts = yamlDocumentTexts(text).filter(mayBindClusterAdmin);
        if (parts.length === 0) continue;
        // One stream of the documents that matter: one reader set up, not one per document.
        for (const doc of parseAllDocuments(parts.length === 1 ? parts[0] : parts.join('\n---\n'))) {
          const object: unknown = doc.toJS();
          const binding = isObject(object) ? manifestBinding(object, `App document ${file}: `) : undefined;
          if (binding) out.push(binding);
        }
      }
    }
    return out;
  }
  if (/^kubernetes_(cluster_)?role_binding(_v1)?$/.test(type)) {
    const ref = Array.isArray(attrs.role_ref) ? attrs.role_ref[0] : attrs.role_ref;
    const subjects = (Array.isArray(attrs.subject) ? attrs.subject : []).filter(isObject);
    return [{ what: '', roleRef: isObject(ref) ? ref : {}, subjects }];
  }
  return [];
}

/** cluster-admin bound to anything but a platform-admin group or the break-glass ServiceAccount. */
function clusterAdminFindings(type: string, attrs: Json, platformAdmins: readonly string[], out: Finding[]): void {
  for (const binding of clusterAdminCandidates(type, attrs)) {
    if (binding.roleRef.kind !== 'ClusterRole' || binding.roleRef.name !== 'cluster-admin') continue;
    for (const subject of binding.subjects) {
      const kind = String(subject.kind);
      const name = String(subject.name);
      if (kind === 'Group' && platformAdmins.includes(name)) continue;
      if (kind === 'ServiceAccount' && subject.namespace === BREAK_GLASS_NAMESPACE) continue;
      const admins = platformAdmins.length ? platformAdmins.join(', ') : 'none';
      out.push({
        rule: 'cluster-admin-grant',
        message: `${binding.what ? `${binding.what} ` : ''}binds cluster-admin to ${kind} '${name}', which is not a platform administrator group (fleet.yaml access.platformAdmins: ${admins}); allowed: a narrower role (view, operate, edit, admin), or the group in access.platformAdmins`,
      });
    }
  }
}

function findLiteralSecrets(value: unknown, path: string, out: Finding[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => findLiteralSecrets(v, `${path}[${i}]`, out));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '//') continue;
      if (SECRET_KEY.test(key) && !isSecretReference(key) && isLiteral(child)) {
        const what = isMixed(child) ? 'mixes literal text with a reference (the text is stored in plain text)' : 'is a literal';
        out.push({ rule: 'no-plaintext-secret', message: `${at} ${what}; allowed: a reference to a sensitive variable or a generated secret` });
      } else if (typeof child === 'string' && PRIVATE_KEY_PEM.test(child) && isLiteral(child)) {
        out.push({ rule: 'no-plaintext-secret', message: `${at} holds a literal private key; allowed: a reference to a sensitive variable or a generated key` });
      } else findLiteralSecrets(child, at, out);
    }
  }
}

/** Everything wrong with one element. */
export function findingsFor(kind: 'resource' | 'data' | 'provider', type: string, attrs: Json, requiredLabels: Readonly<Record<string, string>>, platformAdmins: readonly string[] = []): Finding[] {
  const out: Finding[] = [];
  const tls = (message: string) => out.push({ rule: 'tls-verification', message });
  if (kind === 'provider') {
    if (type === 'vsphere' && attrs.allow_unverified_ssl !== false) tls(`allow_unverified_ssl is ${JSON.stringify(attrs.allow_unverified_ssl)}; allowed: false`);
    if (type === 'harbor' && attrs.insecure !== false) tls(`insecure is ${JSON.stringify(attrs.insecure)} (the provider's default skips verification); allowed: false`);
    if (type === 'kubernetes' && attrs.insecure === true) tls('insecure is true; allowed: false or unset');
    if (type === 'helm' && isObject(attrs.kubernetes) && attrs.kubernetes.insecure === true) tls('kubernetes.insecure is true; allowed: false or unset');
  } else if (kind === 'data') {
    if (type === 'vsphere_ovf_vm_template' && attrs.allow_unverified_ssl_cert === true) tls('allow_unverified_ssl_cert is true; allowed: false');
  } else {
    if (type === 'harbor_registry' && attrs.insecure !== false) tls(`insecure is ${JSON.stringify(attrs.insecure)}; allowed: false (verify the remote Harbor's certificate)`);
    if (type === 'vsphere_virtual_machine' && isObject(attrs.ovf_deploy) && attrs.ovf_deploy.allow_unverified_ssl_cert === true) tls('ovf_deploy.allow_unverified_ssl_cert is true; allowed: false');
    if (type === 'vsphere_content_library' && isObject(attrs.subscription) && isLiteral(attrs.subscription.subscription_url) && !attrs.subscription.subscription_url.startsWith('https://')) {
      tls(`subscription.subscription_url '${attrs.subscription.subscription_url}' is not https; allowed: an https URL`);
    }
    if (type === 'vsphere_host') {
      if (attrs.lockdown === undefined || attrs.lockdown === 'disabled') {
        out.push({ rule: 'esxi-lockdown', message: `lockdown is ${JSON.stringify(attrs.lockdown ?? 'disabled (the provider default)')}; allowed: normal or strict` });
      }
      if (!(typeof attrs.thumbprint === 'string' && attrs.thumbprint !== '')) out.push({ rule: 'host-thumbprint', message: 'no thumbprint; allowed: the SHA-1 thumbprint of the host certificate' });
    }
    if (type === 'kubernetes_manifest' && isObject(attrs.manifest)) {
      const manifest = attrs.manifest;
      if (manifest.kind === 'Cluster') {
        const spec = isObject(manifest.spec) ? manifest.spec : {};
        const topology = isObject(spec.topology) ? spec.topology : {};
        const variables = Array.isArray(topology.variables) ? (topology.variables as Json[]) : [];
        const value = (name: string) => variables.find((v) => v.name === name)?.value;
        const vcenter = value('vcenter');
        if (!isObject(vcenter) || !(typeof vcenter.tlsThumbprint === 'string' && vcenter.tlsThumbprint !== '')) tls("vcenter.tlsThumbprint is empty (TKG would not verify vCenter); allowed: vCenter's SHA-1 thumbprint");
        const registries = value('additionalImageRegistries');
        (Array.isArray(registries) ? (registries as Json[]) : []).forEach((r, i) => {
          if (r.skipTlsVerify === true) tls(`additionalImageRegistries[${i}] (${String(r.host)}) skips TLS verification; allowed: skipTlsVerify false`);
        });
      }
    }
    // Labels: every Kubernetes object of a site carries its site and ring.
    const labelsOf = (): unknown =>
      type === 'kubernetes_manifest' && isObject(attrs.manifest) && isObject(attrs.manifest.metadata)
        ? attrs.manifest.metadata.labels
        : LABELLED_TYPES.has(type) && isObject(attrs.metadata)
          ? attrs.metadata.labels
          : null;
    const labels = labelsOf();
    if (labels !== null && Object.keys(requiredLabels).length > 0) {
      const missing = Object.entries(requiredLabels).filter(([k, v]) => !isObject(labels) || labels[k] !== v);
      if (missing.length > 0) out.push({ rule: 'required-labels', message: `missing labels ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}; allowed: objects that carry the site's labels` });
    }
    clusterAdminFindings(type, attrs, platformAdmins, out);
    if (type === 'tfe_workspace' && !(isObject(attrs.tags) && typeof attrs.tags.kind === 'string')) out.push({ rule: 'required-labels', message: 'no kind tag; allowed: a workspace tagged with its kind (hub, site)' });
  }
  findLiteralSecrets(attrs, '', out);
  if (kind === 'resource' && type === 'helm_release' && Array.isArray(attrs.set_sensitive)) {
    (attrs.set_sensitive as Json[]).forEach((s, i) => {
      if (isLiteral(s.value)) {
        const what = isMixed(s.value) ? 'mixes literal text with a reference (the text is stored in plain text)' : 'is a literal';
        out.push({ rule: 'no-plaintext-secret', message: `set_sensitive[${i}].value (${String(s.name)}) ${what}; allowed: a reference to a sensitive variable or a generated secret` });
      }
    });
  }
  return out;
}

/** The policy aspect of one stack. */
export class FleetPolicy implements IAspect {
  private readonly waivers: ReadonlyMap<PolicyRule, string>;
  private readonly requiredLabels: Readonly<Record<string, string>>;
  private readonly platformAdmins: readonly string[];
  private readonly seen = new WeakSet<IConstruct>();
  private readonly found: PolicyViolation[] = [];
  private readonly documents?: Map<TerraformElement, Json>;

  /**
   * @param options.keepDocuments keep each element's Terraform document as the policy
   *   read it, for the stack's synthesis to take (`takeDocument`) instead of building
   *   it again. @default false
   */
  constructor(props: FleetPolicyProps = {}, options: { readonly keepDocuments?: boolean } = {}) {
    if (options.keepDocuments) this.documents = new Map();
    this.waivers = new Map((props.waivers ?? []).map((w) => [w.rule, w.reason]));
    this.requiredLabels = props.requiredLabels ?? {};
    this.platformAdmins = props.platformAdmins ?? [];
  }

  /** Violations found so far (waived ones are warnings, not violations). */
  get violations(): readonly PolicyViolation[] {
    return this.found;
  }

  visit(node: IConstruct): void {
    if (this.seen.has(node)) return;
    this.seen.add(node);
    if (!(node instanceof TerraformResource || node instanceof TerraformDataSource || node instanceof TerraformProvider)) return;
    const document = node.toTerraform() as Json;
    this.documents?.set(node, document);
    const element = attributesOf(document);
    if (!element) return;
    const stack = TerraformStack.of(node).node.id;
    for (const finding of findingsFor(element.kind, element.type, element.attrs, this.requiredLabels, this.platformAdmins)) {
      const waiver = this.waivers.get(finding.rule);
      if (waiver !== undefined) {
        Annotations.of(node).addWarning(`policy ${finding.rule} waived (${waiver}): ${finding.message}`);
        continue;
      }
      this.found.push({ stack, path: node.node.path, rule: finding.rule, message: finding.message });
      Annotations.of(node).addError(`policy ${finding.rule}: ${finding.message}`);
    }
  }

  /**
   * Visits every construct of the stack now (cdktf would only do so while writing it),
   * after the stack's aspects ran as cdktf runs them before writing (destroy protection
   * sets `prevent_destroy`), so the policy reads each element as it will be written.
   */
  check(stack: TerraformStack): readonly PolicyViolation[] {
    const nodes = stack.node.findAll(); // pre-order, as cdktf invokes aspects
    const aspects = Aspects.of(stack).all;
    if (nodes.some((node) => node !== stack && Aspects.of(node).all.length > 0)) {
      invokeAspects(stack); // aspects below the stack: cdktf's own order of inheritance
    } else {
      // The stack's aspects on every construct: what invokeAspects does, without the
      // construct path it builds per construct and aspect (a tenth of this check).
      for (const node of nodes) for (const aspect of aspects) aspect.visit(node);
    }
    for (const node of nodes) this.visit(node);
    return this.found;
  }

  /**
   * The element's Terraform document (`toTerraform()`) as the policy read it, once:
   * with `keepDocuments`, for the synthesis of a stack whose aspects all ran (`check`)
   * and that nothing changed since.
   */
  takeDocument(element: TerraformElement): Json | undefined {
    const document = this.documents?.get(element);
    if (document !== undefined) this.documents?.delete(element);
    return document;
  }
}

/** Thrown when any stack violates the policy; lists every violation. */
export class PolicyError extends Error {
  constructor(readonly violations: readonly PolicyViolation[]) {
    super(violations.map(formatViolation).join('\n'));
    this.name = 'PolicyError';
  }
}

/** `<stack>: <construct path>: <rule>: <message>` */
export function formatViolation(v: PolicyViolation): string {
  return `${v.stack}: ${v.path}: ${v.rule}: ${v.message}`;
}
