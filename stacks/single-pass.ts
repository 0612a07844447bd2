/**
 * Stack synthesis with one token-resolution pass instead of cdktf's three.
 *
 * cdktf 0.21 resolves every element of a stack three times on `synth`: once in
 * `prepareStack` (a "preparing" pass whose only job is to discover cross-stack
 * references), once per element in `toTerraform`, and once more over the merged
 * document. Resolution is the largest cost of a fleet synth (profiled on 1000 sites:
 * 5.5 s, 5.0 s and 2.3 s of 25 s). The three passes give the same result here, so this
 * does the element pass once, as the preparing pass, and skips the other two; the
 * result is byte-identical (a test compares it with cdktf's own path).
 *
 * Most of a stack is plain data (names, sizes, YAML documents) that resolution copies
 * unchanged; `resolveFast` walks it without cdktf's per-node resolution context and
 * hands cdktf only the parts that may hold a token, with the same options.
 *
 * The stacks of this product never reference each other (each plans alone). A
 * preparing pass would turn such a reference into a remote-state lookup and record a
 * stack dependency; here that dependency appearing is an error instead, so a
 * cross-stack reference cannot slip through.
 *
 * This mirrors `TerraformStack.toTerraform` of cdktf 0.21.0 (the final release, pinned
 * in package.json), reading two of its private fields.
 */
import { DefaultTokenResolver, IPostProcessor, IResolvable, IResolveContext, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from 'cdktf';
// Internal module of the pinned cdktf: the same function TerraformStack uses.
import { deepMerge } from 'cdktf/lib/util';
import { IConstruct } from 'constructs';

type StackInternals = { readonly rawOverrides: Record<string, unknown>; readonly cdktfVersion: string };
type Json = Record<string, unknown>;

/** The stack's elements in construct order, not descending into nested stacks (as cdktf). */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/** What `walk` returns for a value it leaves to cdktf. */
const TOKEN = Symbol('may hold a token');

/**
 * cdktf's pattern for a number token inside a string (`tokens/private/encoding`:
 * `/[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/`), in the form that finds the same strings without
 * backtracking: one character of the first class, `e`, one of the second.
 */
export const NUMBER_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;
/** cdktf's markers, read once: each read through the bundled `cdktf` module is a getter call. */
const STRING_MAP_TOKEN = Token.STRING_MAP_TOKEN_VALUE;
const ANY_MAP_TOKEN = Token.ANY_MAP_TOKEN_VALUE;
const NUMBER_MAP_TOKEN = Token.NUMBER_MAP_TOKEN_VALUE;
/** Encoded number tokens are doubles with the top 16 bits set to a marker: below -1e280. */
const TOKEN_NUMBER_BELOW = -1e280;

/** A string cdktf's resolve returns unchanged: no token marker, no encoded number, no map token value. */
function plainString(s: string): boolean {
  return !s.includes('TfToken[') && !NUMBER_IN_STRING.test(s) && s !== STRING_MAP_TOKEN && s !== ANY_MAP_TOKEN;
}

/** Strings longer than this with tokens in them are resolved a token at a time. */
const LONG_STRING = 4096;
/** A string token as cdktf encodes it (`tokens/private/encoding`). */
const STRING_TOKEN_END = /(?<=\$\{TfToken\[TOKEN\.\d+\]\})/;
/** `${` that does not start a token: a Terraform expression, which changes how cdktf resolves tokens after it. */
const EXPRESSION_START = /\$\{(?!TfToken\[)/;

/**
 * A long string with many tokens, resolved as cdktf would but in pieces of one token
 * each. cdktf looks for an expression start (`${` that is not a token) from every token
 * to the end of the string, so a string with n tokens costs n times its length: the
 * hub's htpasswd file of 10,000 sites, one password token per line, took 0.7 s. Without
 * such an expression every token resolves on its own, and the pieces concatenate to
 * what cdktf returns for the whole (the benchmark and the equality tests compare the
 * output byte for byte); with one, or when a piece does not resolve to a string, cdktf
 * resolves the whole string.
 */
function resolveLongString(value: string, resolveSlow: (v: unknown) => unknown): unknown {
  if (EXPRESSION_START.test(value) || NUMBER_IN_STRING.test(value)) return TOKEN;
  let out = '';
  for (const piece of value.split(STRING_TOKEN_END)) {
    const resolved = plainString(piece) ? piece : resolveSlow(piece);
    if (typeof resolved !== 'string') return TOKEN;
    out += resolved;
  }
  return out;
}

/** The start of a list token in a string (`tokens/private/encoding`). */
const LIST_TOKEN = '#{TfToken[';

/**
 * Copies plain data as cdktf's resolve would (undefined dropped from objects and
 * arrays); returns TOKEN for a leaf that may be a token (a string with a marker, an
 * encoded number, a resolvable or non-plain object, a function), which the caller
 * resolves with cdktf. An array with a list token or an encoded number goes to cdktf
 * whole, since cdktf treats list tokens at the array level.
 */
function walk(value: unknown, resolveSlow: (v: unknown) => unknown): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value;
    case 'string':
      return plainString(value) ? value : value.length > LONG_STRING ? resolveLongString(value, resolveSlow) : TOKEN;
    case 'number':
      return value < TOKEN_NUMBER_BELOW || value === NUMBER_MAP_TOKEN ? TOKEN : value;
    case 'function':
      return TOKEN;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    // cdktf resolves a list holding a list token (or any encoded number) as a whole, any
    // other list element by element, leaving out what resolves to undefined.
    if (value.some((x) => (typeof x === 'string' && x.includes(LIST_TOKEN)) || (typeof x === 'number' && x < TOKEN_NUMBER_BELOW))) return TOKEN;
    const out: unknown[] = [];
    for (const item of value) {
      let r = walk(item, resolveSlow);
      if (r === TOKEN) r = resolveSlow(item);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return TOKEN;
  const obj = value as Record<string, unknown>;
  if (typeof obj.resolve === 'function') return TOKEN;
  const keys = Object.keys(obj);
  if (keys.some((k) => !plainString(k))) return TOKEN;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    let r = walk(obj[key], resolveSlow);
    if (r === TOKEN) r = resolveSlow(obj[key]);
    if (r !== undefined) out[key] = r;
  }
  return out;
}

/** A token's result in one resolution context: what the token reads of the context, as a key. */
type ContextKey = string;

/**
 * cdktf's token resolver (the one `resolve` of cdktf/lib/_tokens uses), remembering what
 * each token resolved to in each context, for the resolution of one element.
 *
 * cdktf renders a function call's arguments by resolving each object or list argument
 * whole, then again for each of its members, at every level (`TFExpression.resolveArg`
 * and `resolveExpressionPart`); a call nested in an argument is resolved again at every
 * level above it. A Secret document for an image pull is four calls deep
 * (`yamlencode({data: {x: base64encode(jsonencode({auths: {h: {auth:
 * base64encode(join(...))}}}))}})`) and its innermost reference was resolved about
 * 150 times; function calls were a quarter of a 1000-site synth (profiled).
 *
 * A token's result depends only on the context it is resolved in: the stack, whether
 * it is the preparing pass, and the three rendering flags (`IResolveContext`), which
 * together are the key. Only text, number and boolean results are kept, so nothing
 * cdktf or `deepMerge` may later change is shared; iterator contexts are never kept.
 * The output is byte-identical (the synthesis tests and the benchmark compare it with
 * cdktf's own path).
 */
class RememberingResolver extends DefaultTokenResolver {
  private readonly results = new Map<IResolvable, Map<ContextKey, string | number | boolean>>();

  constructor() {
    super(new StringConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    if (context.iteratorContext !== undefined) return super.resolveToken(t, context, postProcessor);
    const key = `${context.suppressBraces}:${context.ignoreEscapes}:${context.warnEscapes}`;
    let known = this.results.get(t);
    const hit = known?.get(key);
    if (hit !== undefined) return hit;
    const resolved: unknown = super.resolveToken(t, context, postProcessor);
    if (typeof resolved === 'string' || typeof resolved === 'number' || typeof resolved === 'boolean') {
      if (known === undefined) this.results.set(t, (known = new Map()));
      known.set(key, resolved);
    }
    return resolved;
  }
}

/** `resolve(stack, value, preparing)` of cdktf, with plain data copied instead of resolved. */
export function resolveFast(stack: TerraformStack, value: unknown, preparing = false): unknown {
  const resolver = new RememberingResolver();
  const slow = (v: unknown) => Tokenization.resolve(v, { scope: stack, preparing, resolver });
  const r = walk(value, slow);
  return r === TOKEN ? slow(value) : r;
}

/** Thrown when a stack references another stack. */
export class CrossStackReferenceError extends Error {}

/**
 * The stack's Terraform JSON document, as `TerraformStack.toTerraform` returns it.
 * `documentOf` may give an element's `toTerraform()` built earlier (the policy check
 * builds them after the stack's aspects ran), so it is not built twice.
 */
export function singlePassTerraform(stack: TerraformStack, documentOf: (element: TerraformElement) => unknown = () => undefined): Json {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const metadata: Json = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: 'local', // overwritten by the backend's metadata
    // (cdktf also sets `cloud: undefined` here, which its final resolve drops)
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const elements = elementsOf(stack);
  for (const element of elements) deepMerge(metadata, resolveFast(stack, element.toMetadata()));

  const outputs: Json = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    const nested = element.node.path
      .split('/')
      .reduceRight<Json>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {});
    deepMerge(outputs, nested);
  }

  const tf: Json = { '//': { metadata, outputs } };
  const dependencies = stack.dependencies.length;
  for (const element of elements) deepMerge(tf, resolveFast(stack, documentOf(element) ?? element.toTerraform(), true));
  if (stack.dependencies.length > dependencies) {
    const others = stack.dependencies.slice(dependencies).map((s) => s.node.id);
    throw new CrossStackReferenceError(
      `stack '${stack.node.id}' references stack${others.length > 1 ? 's' : ''} ${others.map((id) => `'${id}'`).join(', ')}; stacks of the fleet must plan alone: look the object up by name instead`,
    );
  }
  deepMerge(tf, resolveFast(stack, rawOverrides));
  return tf;
}
