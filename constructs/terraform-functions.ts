/**
 * Terraform function calls with literal text in their arguments.
 *
 * cdktf 0.21 writes a string literal inside a function call (`Fn.yamlencode({...})`)
 * as an HCL quoted template with only newlines and `${` escaped: a `"` or `\` in the
 * text ends the literal early or makes an invalid escape, and Terraform refuses the
 * whole configuration at plan ("Missing attribute separator"). A Prometheus relabel
 * `regex: "true"` in a values document is enough. The helpers here escape what cdktf
 * does not (`\`, `"` and the template directive `%{`) before cdktf adds its own
 * escapes; a test runs Terraform's own parser over every expression the fleet writes.
 */
import { Fn } from 'cdktf';

/** Escapes a literal for an HCL quoted template (token markers hold none of these characters). */
function escapeLiteral(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%\{/g, '%%{');
}

/** A copy of plain data with every string and key escaped for use inside a function call. */
export function hclLiterals(value: unknown): unknown {
  if (typeof value === 'string') return escapeLiteral(value);
  if (Array.isArray(value)) return value.map(hclLiterals);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeLiteral(k), hclLiterals(v)]));
  }
  return value;
}

/** `Fn.yamlencode(value)`, correct for any text in the value's strings and keys. */
export function yamlencode(value: unknown): string {
  return Fn.yamlencode(hclLiterals(value));
}
