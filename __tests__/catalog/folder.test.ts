/**
 * What a catalog folder may hold. Every entry is read as a catalog file, skipped by a
 * stated rule (hidden names, notes), or refused with a line naming it: before, some
 * ended in a raw Node exception (EISDIR, ENOENT, ENXIO, string too long), one hung
 * (a named pipe), and some were skipped without a word (a folder named edge99.yaml,
 * edge60.YAML, edge60.yaml.bak, links to folders).
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { parseCatalog, readCatalog } from '../../constructs/catalog/load';
import { MAX_FILE_BYTES, decodeText, failure, invalidUtf8 } from '../../constructs/catalog/folder';
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { sampleSources, writeCatalog } from '../support/catalog';

/** A copy of the fixture catalog in a fresh folder. */
const catalog = () => writeCatalog(sampleSources());

/** The problem lines of the catalog in `dir`, paths relative to it; [] when it loads. */
function linesOf(dir: string): string[] {
  try {
    parseCatalog(readCatalog(dir, dir));
    return [];
  } catch (error) {
    if (error instanceof CatalogError) return error.problems.map(formatProblem);
    throw error;
  }
}

/** Site ids the catalog in `dir` resolves to (throws with the problems when it does not load). */
const siteIds = (dir: string) => parseCatalog(readCatalog(dir, dir)).sites.map((s) => s.id);

const UTF8 = 'allowed: UTF-8 text (save the file as UTF-8)';

describe('entries a catalog folder may not hold', () => {
  test('a folder named like a site file (before: walked into, and the site silently missing)', () => {
    const dir = catalog();
    fs.mkdirSync(path.join(dir, 'edge99.yaml'));
    expect(linesOf(dir)).toEqual(['edge99.yaml: (document): a folder, not a file; allowed: a file here (a folder of site files is named without .yaml or .yml)']);
  });

  test('fleet.yaml that is a folder (before: EISDIR out of the app)', () => {
    const dir = catalog();
    fs.rmSync(path.join(dir, 'fleet.yaml'));
    fs.mkdirSync(path.join(dir, 'fleet.yaml'));
    expect(linesOf(dir)).toEqual(['fleet.yaml: (document): a folder, not a file; allowed: a file here (a folder of site files is named without .yaml or .yml)']);
  });

  test('a link named like a site file to a folder (before: EISDIR)', () => {
    const dir = catalog();
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync('real', path.join(dir, 'edge99.yaml'));
    expect(linesOf(dir)).toEqual(['edge99.yaml: (document): a folder, not a file; allowed: a file here (a folder of site files is named without .yaml or .yml)']);
  });

  test('a broken link (before: ENOENT)', () => {
    const dir = catalog();
    fs.symlinkSync('/nonexistent/edge99.yaml', path.join(dir, 'edge99.yaml'));
    expect(linesOf(dir)).toEqual(['edge99.yaml: (document): a symbolic link to /nonexistent/edge99.yaml, which does not exist; allowed: a link to an existing file or folder, or no link']);
  });

  test('fleet.yaml as a broken link is that, not "missing"', () => {
    const dir = catalog();
    fs.rmSync(path.join(dir, 'fleet.yaml'));
    fs.symlinkSync('../elsewhere/fleet.yaml', path.join(dir, 'fleet.yaml'));
    expect(linesOf(dir)[0]).toBe('fleet.yaml: (document): a symbolic link to ../elsewhere/fleet.yaml, which does not exist; allowed: a link to an existing file or folder, or no link');
  });

  test('a link to itself (before: ELOOP)', () => {
    const dir = catalog();
    fs.symlinkSync('edge99.yaml', path.join(dir, 'edge99.yaml'));
    expect(linesOf(dir)).toEqual(['edge99.yaml: (document): a symbolic link to edge99.yaml, which leads back to itself; allowed: a link that ends at a file or folder']);
  });

  test('links between folders that form a loop (before: links to folders were skipped without a word)', () => {
    const dir = catalog();
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.symlinkSync('../b', path.join(dir, 'a', 'to-b'));
    fs.symlinkSync('../a', path.join(dir, 'b', 'to-a'));
    expect(linesOf(dir)).toEqual([
      'a/to-b/to-a: (document): a symbolic link to ../a that leads back to a folder holding it (a loop); allowed: a link to a folder outside it, or no link',
      'b/to-a/to-b: (document): a symbolic link to ../b that leads back to a folder holding it (a loop); allowed: a link to a folder outside it, or no link',
    ]);
  });

  test('a link to the catalog folder itself', () => {
    const dir = catalog();
    fs.mkdirSync(path.join(dir, 'emea'));
    fs.symlinkSync('..', path.join(dir, 'emea', 'up'));
    expect(linesOf(dir)).toEqual(['emea/up: (document): a symbolic link to .. that leads back to a folder holding it (a loop); allowed: a link to a folder outside it, or no link']);
  });

  test('a socket (before: ENXIO)', async () => {
    const dir = catalog();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'edge99.yaml'), resolve));
    try {
      expect(linesOf(dir)).toEqual(['edge99.yaml: (document): a socket, not a file; allowed: regular files only']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a link to a device (before: read as an empty file)', () => {
    const dir = catalog();
    fs.symlinkSync('/dev/null', path.join(dir, 'edge99.yaml'));
    expect(linesOf(dir)).toEqual(['edge99.yaml: (document): a character device (through the link to /dev/null), not a file; allowed: regular files only']);
  });

  test(`a file over ${MAX_FILE_BYTES} bytes (before: 600 MB ended in "Cannot create a string longer than 0x1fffffe8 characters")`, () => {
    const dir = catalog();
    const file = path.join(dir, 'edge99.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 600 * 1024 * 1024); // sparse: no disk space taken
    expect(linesOf(dir)).toEqual(['edge99.yaml: (document): the file is 629145600 bytes; allowed: at most 1048576 bytes (1 MiB) per catalog file']);
  });

  test(`a site file of exactly ${MAX_FILE_BYTES} bytes is read, one more byte is not`, () => {
    const dir = catalog();
    const file = path.join(dir, 'edge41.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const padded = (size: number) => `${text}#${'x'.repeat(size - Buffer.byteLength(text) - 2)}\n`;
    fs.writeFileSync(file, padded(MAX_FILE_BYTES));
    expect(linesOf(dir)).toEqual([]);
    fs.writeFileSync(file, padded(MAX_FILE_BYTES + 1));
    expect(linesOf(dir)).toEqual(['edge41.yaml: (document): the file is 1048577 bytes; allowed: at most 1048576 bytes (1 MiB) per catalog file']);
  });

  test('a file that is not UTF-8 (before: decoded to U+FFFD and refused as "ring: \'caf\uFFFD\' is not allowed")', () => {
    const dir = catalog();
    const file = path.join(dir, 'edge41.yaml');
    const text = fs.readFileSync(file, 'utf8').replace('# edge41:', '# edge41 (caf\u00e9):');
    fs.writeFileSync(file, Buffer.from(text, 'latin1'));
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('caf\u00e9'));
    const column = lines[line].indexOf('\u00e9') + 1;
    expect(linesOf(dir)).toEqual([`edge41.yaml: line ${line + 1}, column ${column}: byte 0xE9 is not UTF-8 (the file is in another encoding, or binary); ${UTF8}`]);
  });

  test('a UTF-16 file (before: "the file is not a YAML mapping")', () => {
    const dir = catalog();
    const file = path.join(dir, 'edge41.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fs.readFileSync(file, 'utf8'), 'utf16le')]));
    expect(linesOf(dir)).toEqual([`edge41.yaml: (document): the file is UTF-16 text (it starts with a UTF-16 byte order mark); ${UTF8}`]);
  });

  test('a binary file (before: "the file is not a YAML mapping")', () => {
    const dir = catalog();
    fs.writeFileSync(path.join(dir, 'edge41.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]));
    expect(linesOf(dir)).toEqual([`edge41.yaml: line 1, column 8: a NUL byte: the file is binary, or UTF-16 text without a byte order mark; ${UTF8}`]);
  });

  test('fleet.yaml missing, and the site files still checked (before: only the missing file)', () => {
    const dir = catalog();
    fs.rmSync(path.join(dir, 'fleet.yaml'));
    fs.writeFileSync(path.join(dir, 'edge41.yaml'), fs.readFileSync(path.join(dir, 'edge41.yaml'), 'utf8').replace('vlan: 412', 'vlan: 5000'));
    expect(linesOf(dir)).toEqual([
      'fleet.yaml: (document): the file is missing; allowed: every catalog folder has a fleet.yaml',
      'edge41.yaml: networks.vsan.vlan: 5000 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094',
    ]);
  });

  test('a refused entry and a fault in a readable file are listed in one run', () => {
    const dir = catalog();
    fs.symlinkSync('gone.yaml', path.join(dir, 'edge99.yaml'));
    fs.writeFileSync(path.join(dir, 'edge41.yaml'), fs.readFileSync(path.join(dir, 'edge41.yaml'), 'utf8').replace('vlan: 412', 'vlan: 5000'));
    expect(linesOf(dir)).toEqual([
      'edge41.yaml: networks.vsan.vlan: 5000 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094',
      'edge99.yaml: (document): a symbolic link to gone.yaml, which does not exist; allowed: a link to an existing file or folder, or no link',
    ]);
  });

  test('a catalog folder that is a file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-')), 'sites');
    fs.writeFileSync(file, 'id: edge33\n');
    expect(linesOf(file)).toEqual([`${file}: (document): the catalog folder is a file, not a folder; allowed: a folder holding fleet.yaml and one <site-id>.yaml per site`]);
  });
});

describe('file names', () => {
  const rename = (dir: string, from: string, to: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    fs.renameSync(path.join(dir, from), path.join(dir, to));
  };

  test('.yml site files are read like .yaml ones', () => {
    const dir = catalog();
    rename(dir, 'edge60.yaml', 'edge60.yml');
    expect(siteIds(dir)).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
  });

  test('an extension in another case (before: the site silently dropped out)', () => {
    const dir = catalog();
    rename(dir, 'edge60.yaml', 'edge60.YAML');
    expect(linesOf(dir)).toEqual(['edge60.YAML: (document): not read: only names ending in .yaml or .yml, in lower case, are catalog files; allowed: rename it to edge60.yaml']);
  });

  test.each(['edge60.yaml.bak', 'edge60.yaml~', 'edge60.yml.txt', 'edge60.yaml.disabled'])('a copy or a disabled site file: %s (before: the site silently dropped out)', (name) => {
    const dir = catalog();
    rename(dir, 'edge60.yaml', name);
    expect(linesOf(dir)).toEqual([
      `${name}: (document): not read, so a site in it would silently drop out of the catalog; allowed: a name ending in .yaml, or the file moved out of the catalog folder (to remove a site, decommission it first: docs/security.md, Decommissioning a site)`,
    ]);
  });

  test.each(['edge60.json', 'edge60', 'notes.txt'])('a file that is no catalog file: %s (before: skipped without a word)', (name) => {
    const dir = catalog();
    rename(dir, 'edge60.yaml', name);
    expect(linesOf(dir)).toEqual([`${name}: (document): not a catalog file; allowed: .yaml site files, fleet.yaml, notes (README, *.md) and hidden files (.name), or move it out of the catalog folder`]);
  });

  test('fleet.yml: fleet settings are read from fleet.yaml only (before: read as a site, with a site\'s schema errors)', () => {
    const dir = catalog();
    fs.copyFileSync(path.join(dir, 'fleet.yaml'), path.join(dir, 'fleet.yml'));
    expect(linesOf(dir)).toEqual(['fleet.yml: (document): fleet settings are read from fleet.yaml only, and this file would be read as a site; allowed: rename it to fleet.yaml, or remove it']);
  });

  test('fleet.yaml in a sub-folder (before: read as a site)', () => {
    const dir = catalog();
    fs.mkdirSync(path.join(dir, 'emea'));
    fs.copyFileSync(path.join(dir, 'fleet.yaml'), path.join(dir, 'emea', 'fleet.yaml'));
    expect(linesOf(dir)).toEqual([
      'emea/fleet.yaml: (document): fleet settings are read from fleet.yaml only, and this file would be read as a site; allowed: site files in sub-folders (move it to the top of the catalog folder as fleet.yaml, or remove it)',
    ]);
  });

  test('notes and hidden entries are skipped: README, *.md, dot-files, .git, editor lock links', () => {
    const dir = catalog();
    fs.writeFileSync(path.join(dir, 'README.md'), '# Our sites\n');
    fs.writeFileSync(path.join(dir, 'README'), 'see README.md\n');
    fs.writeFileSync(path.join(dir, 'rollout-plan.md'), '- edge60 next\n');
    fs.writeFileSync(path.join(dir, '.yamllint.yaml'), 'rules: {}\n');
    fs.writeFileSync(path.join(dir, '.edge99.yaml'), 'not: [a site\n');
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.symlinkSync('root@host.1234:1700000000', path.join(dir, '.#edge41.yaml'));
    expect(linesOf(dir)).toEqual([]);
  });
});

describe('folders', () => {
  test('site files in sub-folders are read', () => {
    const dir = catalog();
    fs.mkdirSync(path.join(dir, 'emea', 'de'), { recursive: true });
    fs.renameSync(path.join(dir, 'edge60.yaml'), path.join(dir, 'emea', 'de', 'edge60.yaml'));
    expect(siteIds(dir)).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
  });

  test('a link to a folder of site files is followed (before: its sites silently dropped out)', () => {
    const dir = catalog();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'region-'));
    fs.renameSync(path.join(dir, 'edge60.yaml'), path.join(elsewhere, 'edge60.yaml'));
    fs.symlinkSync(elsewhere, path.join(dir, 'emea'));
    expect(siteIds(dir)).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
  });

  test('a link to a site file is read', () => {
    const dir = catalog();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'site-'));
    fs.renameSync(path.join(dir, 'edge60.yaml'), path.join(elsewhere, 'edge60.yaml'));
    fs.symlinkSync(path.join(elsewhere, 'edge60.yaml'), path.join(dir, 'edge60.yaml'));
    expect(siteIds(dir)).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
  });
});

describe('text decoding', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);

  test('invalidUtf8 finds the first byte that is not UTF-8', () => {
    expect(invalidUtf8(Buffer.from('plain ascii'))).toBe(-1);
    expect(invalidUtf8(Buffer.from('é ü 日本 😀'))).toBe(-1);
    expect(invalidUtf8(bytes(0x61, 0xe9, 0x62))).toBe(1); // Latin-1 é
    expect(invalidUtf8(bytes(0xc0, 0xaf))).toBe(0); // overlong "/"
    expect(invalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // a UTF-16 surrogate
    expect(invalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // beyond U+10FFFF
    expect(invalidUtf8(bytes(0x61, 0xe6, 0x97))).toBe(1); // cut off
    expect(invalidUtf8(bytes(0x80))).toBe(0); // a lone continuation byte
  });

  test('a UTF-32 byte order mark', () => {
    expect(decodeText('f.yaml', bytes(0xff, 0xfe, 0, 0, 0x61, 0, 0, 0))).toEqual({
      problem: { file: 'f.yaml', path: '(document)', message: `the file is UTF-32 text (it starts with a UTF-32 byte order mark); ${UTF8}` },
    });
  });

  test('UTF-8 text, with or without a byte order mark', () => {
    expect(decodeText('f.yaml', Buffer.from('id: café\n'))).toEqual({ text: 'id: café\n' });
    expect(decodeText('f.yaml', Buffer.from('\ufeffid: x\n'))).toEqual({ text: '\ufeffid: x\n' });
  });

  test('file system failures in words, with their code', () => {
    const error = (code: string) => Object.assign(new Error(`${code}: something`), { code });
    expect(failure(error('EACCES'))).toBe('permission denied (EACCES)');
    expect(failure(error('EIO'))).toBe('an input/output error (EIO)');
    expect(failure(error('EWHATEVER'))).toBe('EWHATEVER: something (EWHATEVER)');
  });
});
