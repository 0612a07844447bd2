/**
 * Writes the files generated from the catalog definition (see generated-files.ts).
 *
 *   npm run schema            write them
 *   npm run schema -- --check exit 1 when a committed file is out of date
 */
import * as fs from 'fs';
import * as path from 'path';
import { generatedFilesOf } from './generated-files';
import { projectRoot } from './project-root';

const root = projectRoot();
const check = process.argv.includes('--check');
const files = generatedFilesOf(root);
let stale = 0;
for (const [name, text] of Object.entries(files)) {
  const file = path.join(root, name);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current === text) continue;
  if (check) {
    process.stderr.write(`${name} is out of date; run npm run schema\n`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${name}\n`);
  }
}
process.exit(stale > 0 ? 1 : 0);
