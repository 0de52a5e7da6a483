import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
const cruise = (cwd: string) => execa(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, reject: false });

test('the layer rules pass on the code as it is', async () => {
  const result = await cruise(ROOT);
  assert.equal(result.exitCode, 0, String(result.stdout));
});

// The rules are only worth something if a breach fails `npm run lint`: plant one of each kind in a scratch tree.
test('a type-only import circle and an import of a higher layer each fail the rules', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rocketctl-layers-'));
  try {
    await copyFile(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
    );
    const files: Record<string, string> = {
      'src/shared/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'src/shared/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
      'src/config/load.ts': "import { main } from '../cli/main.js';\nexport const load = () => main;\n",
      'src/cli/main.ts': 'export const main = 1;\n',
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const result = await cruise(dir);
    // A CI machine may force colour (FORCE_COLOR): depcruise then paints file names bold, so match the plain text.
    const output = stripVTControlCharacters(String(result.stdout));
    // The whole output in each message: a failure on a CI machine must say what depcruise printed there.
    const said = `exit ${result.exitCode}\nstdout:\n${output}\nstderr:\n${String(result.stderr)}`;
    assert.notEqual(result.exitCode, 0, said);
    assert.match(output, /no-circular: src\/shared\/[ab]\.ts/, said);
    assert.match(output, /layer-config: src\/config\/load\.ts → src\/cli\/main\.ts/, said);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
