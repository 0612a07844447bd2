/**
 * Reads a cdktf output folder: `manifest.json` names the stacks and where each
 * stack's `cdk.tf.json` is, and holds their annotations (the waived policy findings
 * are kept; see waivers.ts). Stacks are read one at a time, so a fleet of thousands
 * of sites never sits in memory at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readCatalogRecord } from '../../stacks/catalog-record';
import { isObject } from './json';
import { JsonValue, StackInput } from './types';
import { WaivedFinding, waivedFindings } from './waivers';

/** A problem with the input (arguments, folders, files): exit code 1, message printed after `review: `. */
export class ReviewInputError extends Error {}

/** An opened cdktf output folder. */
export interface SynthDir {
  /** The flag it was given with, for messages (`--base`). */
  readonly flag: string;
  /** The folder as given. */
  readonly dir: string;
  /** Stack name → absolute path of its cdk.tf.json. */
  readonly stacks: ReadonlyMap<string, string>;
  /** Stack name → its waived policy findings (from the stack's annotations in manifest.json); stacks without any are missing. */
  readonly waived: ReadonlyMap<string, readonly WaivedFinding[]>;
  /**
   * What the synthesis covered (its fleet-catalog.json): every site of its catalog, and
   * the sites SITES selected when it was partial. Absent in output written before the
   * record existed.
   */
  readonly record?: { readonly selected?: readonly string[]; readonly sites: ReadonlySet<string> };
}

/** Parses JSON text, naming the file on failure. */
function parseJson(text: string, where: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new ReviewInputError(`${where}: invalid JSON: ${(error as Error).message}`);
  }
}

/** Reads a file's bytes, naming it on failure (unreadable, a folder, ...). */
function readBytes(file: string, where: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new ReviewInputError(`${where}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Reads a text file, naming it on failure. */
function readText(file: string, where: string): string {
  return readBytes(file, where).toString('utf8');
}

/**
 * The stacks a manifest lists, with the path of each one's Terraform JSON relative to
 * the folder and the waived policy findings of its annotations.
 */
function manifestStacks(manifest: JsonValue, where: string): [string, string, WaivedFinding[]][] {
  if (!isObject(manifest) || !isObject(manifest.stacks)) throw new ReviewInputError(`${where}: no "stacks" object (not a cdktf manifest)`);
  return Object.entries(manifest.stacks).map(([name, entry]) => {
    const file = isObject(entry) && typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`;
    return [name, file, waivedFindings(entry)];
  });
}

/**
 * Opens a cdktf output folder: checks it holds a manifest.json and that every
 * stack it lists has its cdk.tf.json.
 */
export function openSynthDir(flag: string, dir: string): SynthDir {
  const label = `${flag} ${dir}`;
  if (!fs.existsSync(dir)) throw new ReviewInputError(`${label}: no such folder`);
  if (!fs.statSync(dir).isDirectory()) throw new ReviewInputError(`${label}: not a folder`);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new ReviewInputError(`${label}: no manifest.json (not a cdktf output folder)`);
  const manifest = parseJson(readText(manifestPath, `${flag} ${manifestPath}`), `${flag} ${manifestPath}`);
  const stacks = new Map<string, string>();
  const waived = new Map<string, readonly WaivedFinding[]>();
  for (const [name, file, findings] of manifestStacks(manifest, `${flag} ${manifestPath}`)) {
    const full = path.resolve(dir, file);
    if (!fs.existsSync(full)) throw new ReviewInputError(`${label}: stack ${name}: missing ${file}`);
    stacks.set(name, full);
    if (findings.length > 0) waived.set(name, findings);
  }
  const record = readCatalogRecord(dir);
  return { flag, dir, stacks, waived, ...(record ? { record: { ...(record.selected ? { selected: record.selected } : {}), sites: new Set(Object.keys(record.sites)) } } : {}) };
}

/** The stack's file in an opened folder. */
function stackFile(synth: SynthDir, name: string): string {
  const file = synth.stacks.get(name);
  if (file === undefined) throw new ReviewInputError(`${synth.flag} ${synth.dir}: no stack ${name}`);
  return file;
}

/** A stack's text as Terraform JSON, naming the file when it is not. */
function stackInput(synth: SynthDir, name: string, text: string): StackInput {
  const where = `${synth.flag} ${stackFile(synth, name)}`;
  const json = parseJson(text, where);
  if (!isObject(json)) throw new ReviewInputError(`${where}: not a Terraform JSON object`);
  return { name, json, text };
}

/** Reads one stack of an opened folder. */
export function readStack(synth: SynthDir, name: string): StackInput {
  const file = stackFile(synth, name);
  return stackInput(synth, name, readText(file, `${synth.flag} ${file}`));
}

/**
 * Reads a stack from both folders (undefined where a folder lacks it). Byte-identical
 * files, most of a fleet in most reviews, are decoded and parsed once: both sides are
 * then the same object.
 */
export function readStackPair(base: SynthDir, head: SynthDir, name: string): readonly [StackInput | undefined, StackInput | undefined] {
  if (!base.stacks.has(name) || !head.stacks.has(name)) {
    return [base.stacks.has(name) ? readStack(base, name) : undefined, head.stacks.has(name) ? readStack(head, name) : undefined];
  }
  const [baseFile, headFile] = [stackFile(base, name), stackFile(head, name)];
  const baseBytes = readBytes(baseFile, `${base.flag} ${baseFile}`);
  const headBytes = readBytes(headFile, `${head.flag} ${headFile}`);
  if (baseBytes.equals(headBytes)) {
    const same = stackInput(base, name, baseBytes.toString('utf8'));
    return [same, same];
  }
  return [stackInput(base, name, baseBytes.toString('utf8')), stackInput(head, name, headBytes.toString('utf8'))];
}
