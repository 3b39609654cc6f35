// The layer rules of architecture.md are lint errors, not advice: this checks that ESLint
// rejects each forbidden import direction and accepts the allowed ones.
import { ESLint } from 'eslint';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['backend/layer-probe.ts', "import '../renderer/app/App';", /backend\/ may import only shared/],
    ['backend/layer-probe.ts', "import '../electron/main/policy';", /backend\/ may import only shared/],
    [
      'renderer/layer-probe.ts',
      "import '../backend/main';",
      /renderer\/ talks to the backend over HTTP only/,
    ],
    [
      'electron/main/layer-probe.ts',
      "import '../../backend/main';",
      /electron\/ starts the backend as a process/,
    ],
    ['shared/domain/layer-probe.ts', "import '../../backend/main';", /shared\/ is the contract/],
    ['shared/domain/layer-probe.ts', "import 'node:fs';", /no node:\* modules/],
  ])('%s: %s is an error', async (file, source, message) => {
    const errors = await layerErrors(file, source);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['backend/layer-probe.ts', "import '../shared/domain/errors';"],
    ['renderer/layer-probe.ts', "import '../shared/util/email-address';"],
    ['electron/main/layer-probe.ts', "import '../../shared/ipc/channels';"],
  ])('%s: %s is allowed', async (file, source) => {
    expect(await layerErrors(file, source)).toEqual([]);
  });
});
