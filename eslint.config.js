// Lint rules, including the layer rules of architecture.md as errors:
// shared/ imports nothing of ours (and no node:*, DOM or electron); backend/ and renderer/
// import only shared/; electron/ imports shared/ and never backend or renderer code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const layer = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'renderer/dist/**',
      'electron/dist/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            layer('./shared', './backend', 'shared/ is the contract: it must not import backend code.'),
            layer('./shared', './renderer', 'shared/ is the contract: it must not import renderer code.'),
            layer('./shared', './electron', 'shared/ is the contract: it must not import electron code.'),
            layer('./backend', './renderer', 'backend/ may import only shared/, never renderer/.'),
            layer('./backend', './electron', 'backend/ may import only shared/, never electron/.'),
            layer(
              './renderer',
              './backend',
              'renderer/ talks to the backend over HTTP only; import shared/ instead.',
            ),
            layer(
              './renderer',
              './electron',
              'renderer/ reaches the shell only through the preload bridge (shared/ipc).',
            ),
            layer(
              './electron',
              './backend',
              'electron/ starts the backend as a process; it must not import its code.',
            ),
            layer('./electron', './renderer', 'electron/ loads the renderer; it must not import its code.'),
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no node:* modules.' },
            { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
