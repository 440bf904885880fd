import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { importCycles } from '../../scripts/import-cycles.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/import-cycle/', import.meta.url));

// `npm run lint` runs both checks on the tree; these prove each one fails on a cycle.
describe('import cycles (npm run lint)', () => {
  it('the check finds a cycle of value imports and one closed by a type-only import', () => {
    expect(importCycles(`${fixture}tsconfig.json`)).toEqual(
      expect.arrayContaining([
        ['value-a.ts', 'value-b.ts'],
        ['typed-a.ts', 'typed-b.ts'],
      ]),
    );
    expect(importCycles(`${fixture}tsconfig.json`)).toHaveLength(2);
  });

  it("ESLint's import-x/no-cycle, with the project's configuration, reports the value cycle at its imports", async () => {
    const eslint = new ESLint({ cwd: root, ignore: false });
    const results = await eslint.lintFiles([`${fixture}value-a.ts`, `${fixture}value-b.ts`, `${fixture}leaf.ts`]);
    const cycles = results.map((r) => ({
      file: r.filePath.slice(fixture.length),
      rules: r.messages.map((m) => m.ruleId),
    }));
    expect(cycles).toEqual([
      { file: 'value-a.ts', rules: ['import-x/no-cycle'] },
      { file: 'value-b.ts', rules: ['import-x/no-cycle'] },
      { file: 'leaf.ts', rules: [] },
    ]);
  });
});
