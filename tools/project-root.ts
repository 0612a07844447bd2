import * as fs from 'fs';
import * as path from 'path';

/** The project folder: the nearest folder above this file that holds cdktf.json (works bundled or not). */
export function projectRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  while (!fs.existsSync(path.join(dir, 'cdktf.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no cdktf.json above ${from}`);
    dir = parent;
  }
  return dir;
}
