import * as fs from 'fs';
import { generateCatalog } from './generate';
const [dir, n] = process.argv.slice(2);
generateCatalog(dir, Number(n), fs.readFileSync('sites/fleet.yaml', 'utf8'));
