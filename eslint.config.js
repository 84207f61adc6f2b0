// ESLint (flat config): type-aware checks that tsc does not make, and the workflow sandbox's import
// rules. Layer rules between folders live in .dependency-cruiser.cjs. Both run from `npm run lint`
// (scripts/lint.ts), which CI runs before the tests.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, bare and `node:`-prefixed: nothing a workflow sandbox may load. */
const nodeBuiltins = (await import('node:module')).builtinModules.flatMap((m) => [m, `node:${m}`]);

export default defineConfig(
  {
    ignores: ['node_modules/', '.tools/', '.data/', 'db/generated/', 'api/client/schema.ts', 'coverage/', 'console/dist/'],
  },
  {
    // the web console's .tsx too (its own tsconfig, console/tsconfig.json: DOM and JSX)
    files: ['**/*.ts', 'console/src/**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error and its ordering: the bugs this lint is here for.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Unused names: an underscore prefix says "on purpose" (positional parameters, rest siblings).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read untyped JSON answers and poke at internals; `any` there is a reading aid, not a hole.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node, no database, no
    // outside-system clients. Types may come from anywhere (`import type` is erased).
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code is deterministic: do I/O in an activity.',
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['**/adapters/**', '**/db/**', '**/api/**', '**/worker/**', '**/config/**', '**/activities/**'],
              message: 'Workflow code imports only domain/ and workflow files at runtime (use `import type`; side effects are activities).',
              allowTypeImports: true,
            },
            {
              group: ['@prisma/*', 'zod', 'zod/*', 'pg'],
              message: 'No database or validation library in the workflow bundle (validate in the API and the activities).',
              allowTypeImports: true,
            },
            {
              group: ['@temporalio/*', '!@temporalio/workflow', '!@temporalio/common'],
              message: 'Workflow code may use @temporalio/workflow (and @temporalio/common for types and keys) only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
);
