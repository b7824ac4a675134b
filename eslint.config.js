import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

// Shared by .ts files and the `<script lang="ts">` blocks of Svelte components.
const typeScriptRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/no-explicit-any': 'error',
  '@typescript-eslint/consistent-type-imports': 'error',
  '@typescript-eslint/no-unused-vars': [
    'error',
    { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
  ],
};

// The same for every file, so the TypeScript project service is set up once.
const typeAwareParserOptions = {
  projectService: true,
  tsconfigRootDir: import.meta.dirname,
  extraFileExtensions: ['.svelte'],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/.svelte-kit/',
      'web/build/',
      'web/build-*/',
      '**/.svelte-kit-*/',
      '.data/',
      'migrations/',
      'web/svelte.config.js',
      'web/vite.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  ...svelte.configs.prettier,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: typeAwareParserOptions,
    },
    rules: typeScriptRules,
  },
  {
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts', 'web/**/*.svelte.js'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { ...typeAwareParserOptions, parser: tseslint.parser, svelteConfig },
    },
    rules: typeScriptRules,
  },
  {
    files: ['web/**/*.svelte.ts', 'web/**/*.svelte.js'],
    // Rune modules swap new Map/Set copies into $state.raw (read by identity); their other
    // Maps, Sets and Dates are locals or non-reactive bookkeeping, not state.
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  {
    // SvelteKit keeps the service worker out of the web project (it runs with the webworker lib),
    // so it is linted without type information.
    files: ['web/src/service-worker.ts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { ...globals.serviceworker },
      parserOptions: { projectService: false },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
