/**
 * Reading a catalog folder: which entries are catalog files, and their text. Every
 * entry is read, skipped by a stated rule (hidden names, notes), or refused with a
 * problem naming it; nothing the loader meets ends in an exception.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CatalogProblem, DOCUMENT } from './problems';

export const FLEET_FILE = 'fleet.yaml';

/** Largest catalog file read: site files are a few kilobytes, fleet.yaml some tens. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** One catalog file: its path (used in messages) and its text. */
export interface CatalogSource {
  readonly path: string;
  readonly text: string;
}

/** What a catalog folder holds: fleet.yaml (when it could be read), the site files, and what was refused. */
export interface CatalogFolder {
  readonly fleet?: CatalogSource;
  readonly sites: readonly CatalogSource[];
  readonly problems: readonly CatalogProblem[];
}

const SITE_FILE = /\.ya?ml$/;
/** `edge33.YAML`: a catalog file but for the case of its extension. */
const WRONG_CASE = /\.ya?ml$/i;
/** `edge33.yaml.bak`, `edge33.yaml~`, `edge33.yml.txt`: a catalog file's name with something after it. */
const COPY = /\.ya?ml[^/\\]+$/i;
/** Notes people keep next to the catalog; never read. */
const NOTE = /(^readme($|\.)|\.md$)/i;

/** A failed file system call. Checked by shape: errors from another realm (a test sandbox) are no `instanceof Error`. */
export function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { message?: unknown }).message === 'string';
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'it no longer exists',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'its path is too long',
  ENOTDIR: 'a part of its path is not a folder',
  EIO: 'an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/** `permission denied (EACCES)`: why a file system call failed, in words and its code. */
export function failure(error: unknown): string {
  if (!isErrno(error)) return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  const code = error.code ?? '';
  return `${REASONS[code] ?? error.message} (${code})`;
}

/** What a non-file, non-folder entry is. */
function special(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function invalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const b1 = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates, beyond U+10FFFF.
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** `line 2, column 7` of a byte offset, counting characters as the YAML reader does. */
function lineOf(bytes: Uint8Array, offset: number): string {
  const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
  const lines = before.split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}

const UTF8 = 'allowed: UTF-8 text (save the file as UTF-8)';

/** A catalog file's bytes as text, or the problem with them: not UTF-8, or not text at all. */
export function decodeText(file: string, bytes: Uint8Array): { readonly text: string } | { readonly problem: CatalogProblem } {
  const starts = (...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return { problem: { file, path: DOCUMENT, message: `the file is UTF-32 text (it starts with a UTF-32 byte order mark); ${UTF8}` } };
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return { problem: { file, path: DOCUMENT, message: `the file is UTF-16 text (it starts with a UTF-16 byte order mark); ${UTF8}` } };
  const nul = bytes.indexOf(0);
  const bad = invalidUtf8(bytes);
  if (bad >= 0 && (nul < 0 || bad < nul)) {
    const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    return { problem: { file, path: lineOf(bytes, bad), message: `byte 0x${hex} is not UTF-8 (the file is in another encoding, or binary); ${UTF8}` } };
  }
  if (nul >= 0) return { problem: { file, path: lineOf(bytes, nul), message: `a NUL byte: the file is binary, or UTF-16 text without a byte order mark; ${UTF8}` } };
  return { text: Buffer.from(bytes).toString('utf8') };
}

/** Reads one catalog file that `stat` says is a regular file. */
function readFile(full: string, shown: string, stat: fs.Stats, problems: CatalogProblem[]): CatalogSource | undefined {
  const tooLarge = (size: number) => problems.push({ file: shown, path: DOCUMENT, message: `the file is ${size} bytes; allowed: at most ${MAX_FILE_BYTES} bytes (1 MiB) per catalog file` });
  if (stat.size > MAX_FILE_BYTES) {
    tooLarge(stat.size);
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (error) {
    problems.push({ file: shown, path: DOCUMENT, message: `the file cannot be read: ${failure(error)}; allowed: a file the user running synthesis can read` });
    return undefined;
  }
  // It may have grown since it was looked at.
  if (bytes.length > MAX_FILE_BYTES) {
    tooLarge(bytes.length);
    return undefined;
  }
  const decoded = decodeText(shown, bytes);
  if ('problem' in decoded) {
    problems.push(decoded.problem);
    return undefined;
  }
  return { path: shown, text: decoded.text };
}

function linkTarget(full: string): string {
  try {
    return fs.readlinkSync(full);
  } catch {
    return '?';
  }
}

/**
 * Reads a catalog folder: `fleet.yaml` at its top and every `.yaml`/`.yml` site file
 * below it, following symbolic links. Skipped without a word: hidden entries (names
 * starting with "."; tools keep theirs there: .git, editor lock files) and notes
 * (README, *.md). Every other entry is a problem: files with other extensions (a site
 * in `edge33.yaml.bak` would silently drop out of the catalog), folders named like a
 * catalog file, broken or looping links, pipes and devices, files that cannot be read,
 * are too large or not UTF-8, and fleet.yaml anywhere but at the top. `show` turns a
 * path into the one messages print.
 */
export function readCatalogFolder(dir: string, show: (file: string) => string): CatalogFolder {
  const problems: CatalogProblem[] = [];
  const sites: CatalogSource[] = [];
  let fleet: CatalogSource | undefined;
  let fleetSeen = false;
  let listed = true;
  const refuse = (full: string, message: string) => problems.push({ file: show(full), path: DOCUMENT, message });

  const walk = (current: string, ancestors: readonly string[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch (error) {
      refuse(current, `the folder cannot be read: ${failure(error)}; allowed: a folder the user running synthesis can read`);
      if (current === dir) listed = false;
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      const top = current === dir;
      if (top && entry.name === FLEET_FILE) fleetSeen = true;
      const link = entry.isSymbolicLink();
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch (error) {
        if (NOTE.test(entry.name)) continue;
        const code = isErrno(error) ? error.code : undefined;
        if (link && code === 'ENOENT') refuse(full, `a symbolic link to ${linkTarget(full)}, which does not exist; allowed: a link to an existing file or folder, or no link`);
        else if (link && code === 'ELOOP') refuse(full, `a symbolic link to ${linkTarget(full)}, which leads back to itself; allowed: a link that ends at a file or folder`);
        else refuse(full, `${link ? `the symbolic link to ${linkTarget(full)} cannot be followed` : 'it cannot be read'}: ${failure(error)}; allowed: a file or folder the user running synthesis can read`);
        continue;
      }
      if (stat.isDirectory()) {
        if (WRONG_CASE.test(entry.name)) {
          refuse(full, `a folder, not a file; allowed: a file here (a folder of site files is named without .yaml or .yml)`);
          continue;
        }
        let real: string;
        try {
          real = fs.realpathSync(full);
        } catch (error) {
          refuse(full, `the folder cannot be read: ${failure(error)}; allowed: a folder the user running synthesis can read`);
          continue;
        }
        if (ancestors.includes(real)) {
          refuse(full, `${link ? `a symbolic link to ${linkTarget(full)}` : 'a folder'} that leads back to a folder holding it (a loop); allowed: a link to a folder outside it, or no link`);
          continue;
        }
        walk(full, [...ancestors, real]);
        continue;
      }
      if (!stat.isFile()) {
        refuse(full, `${special(stat)}${link ? ` (through the link to ${linkTarget(full)})` : ''}, not a file; allowed: regular files only`);
        continue;
      }
      if (SITE_FILE.test(entry.name)) {
        if (top && entry.name === FLEET_FILE) {
          fleet = readFile(full, show(full), stat, problems);
        } else if (/^fleet\.ya?ml$/.test(entry.name)) {
          refuse(full, `fleet settings are read from ${show(path.join(dir, FLEET_FILE))} only, and this file would be read as a site; allowed: ${top ? 'rename it to fleet.yaml, or remove it' : 'site files in sub-folders (move it to the top of the catalog folder as fleet.yaml, or remove it)'}`);
        } else {
          const source = readFile(full, show(full), stat, problems);
          if (source) sites.push(source);
        }
      } else if (WRONG_CASE.test(entry.name)) {
        const fixed = entry.name.replace(WRONG_CASE, (ext) => ext.toLowerCase());
        refuse(full, `not read: only names ending in .yaml or .yml, in lower case, are catalog files; allowed: rename it to ${fixed}`);
      } else if (COPY.test(entry.name)) {
        refuse(
          full,
          'not read, so a site in it would silently drop out of the catalog; allowed: a name ending in .yaml, or the file moved out of the catalog folder (to remove a site, decommission it first: docs/security.md, Decommissioning a site)',
        );
      } else if (!NOTE.test(entry.name)) {
        refuse(full, 'not a catalog file; allowed: .yaml site files, fleet.yaml, notes (README, *.md) and hidden files (.name), or move it out of the catalog folder');
      }
    }
  };
  walk(dir, [realOf(dir)]);
  // A folder that cannot be listed may well hold fleet.yaml: that one problem is enough.
  if (!fleetSeen && listed) problems.push({ file: show(path.join(dir, FLEET_FILE)), path: DOCUMENT, message: 'the file is missing; allowed: every catalog folder has a fleet.yaml' });
  sites.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { fleet, sites, problems };
}

function realOf(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}
