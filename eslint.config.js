// ESLint (flat config): `npm run lint`, the first step of `npm test`. Only rules that pass on the whole
// tree and stay fast: no type-aware rules (the type-check is `npm run typecheck`); import cycles are
// checked by tests/unit/layers.test.ts. Local rules live in resources/lint/keji-plugin.js.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import keji from './resources/lint/keji-plugin.js';

// Files of the core whose Chinese text is the product itself, not a message: the 工作总结 and
// 统计表 documents (written in Chinese whatever the app's language), the vocabulary that reads
// Chinese spreadsheets, the demo school, and frozen migrations (SQL as of their version).
const CHINESE_CONTENT = [
  'electron/core/report/narrative.ts',
  'electron/core/report/document.ts',
  'electron/core/report/xlsx.ts',
  'electron/core/report/docx.ts',
  'electron/core/report/html.ts',
  'electron/core/report/statistics.ts',
  'electron/core/sheets/headers.ts',
  'electron/core/sheets/cells.ts',
  'electron/core/demo/**',
  'electron/core/db/migrations/**',
];

const unusedVars = [
  'error',
  {
    args: 'after-used',
    argsIgnorePattern: '^_',
    varsIgnorePattern: '^_',
    caughtErrors: 'none',
    destructuredArrayIgnorePattern: '^_',
    ignoreRestSiblings: true,
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-output/', '**/*.d.ts', '**/*.d.mts'] },
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { '@typescript-eslint/no-unused-vars': unusedVars },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests build fakes (an `electron` module, hostile inputs) where `any` is the honest type.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // The page: React's rules of hooks.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // "Today" on the page is the teacher's day: toISOString() is UTC's, a day behind in China before 08:00.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='slice'][callee.object.callee.property.name='toISOString']",
          message: "A day from toISOString() is UTC's: use localIsoDate() from shared/domain/format.ts.",
        },
      ],
    },
  },
  // i18n: no `as MessageKey` anywhere; no Chinese text inline in the core and the web host.
  { plugins: { keji }, rules: { 'keji/no-message-key-cast': 'error' } },
  {
    files: ['electron/core/**/*.{ts,mts,js,mjs}', 'electron/web/**/*.{ts,mts,js,mjs}'],
    ignores: CHINESE_CONTENT,
    rules: { 'keji/no-han-literal': 'error' },
  },
);
