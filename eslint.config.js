import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  // test/fixtures holds code that breaks the rules on purpose (the tests lint it themselves).
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    // No import cycles: reported at the import that closes one. TypeScript sources import each other
    // as `./x.js` (NodeNext), so the resolver maps `.js` to the `.ts` beside it. The rule skips
    // type-only imports; `scripts/import-cycles.ts` (also in `npm run lint`) counts those too.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Command-line tools and benchmarks print their results on purpose.
    files: ['src/cli.ts', 'src/cli-*.ts', 'src/db/migrate-cli.ts', 'bench/**', 'scripts/import-cycles.ts'],
    rules: { 'no-console': 'off' },
  },
);
