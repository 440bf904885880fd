import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
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
    // Command-line tools and benchmarks print their results on purpose.
    files: ['src/cli.ts', 'src/cli-*.ts', 'src/db/migrate-cli.ts', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
