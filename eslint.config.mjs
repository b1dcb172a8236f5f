// Lint: typescript-eslint recommended, plus the architecture rules: src/core never imports 'vscode', and only the
// Settings gate reads configuration.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'test/localAws/**/*.ts', 'test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, the local endpoint and unit tests run in plain Node: no vscode import.' }] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      // One settings gate: scopes, workspace trust and restricted settings are decided in one place.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='getConfiguration'], ObjectPattern > Property[key.name='getConfiguration']",
          message: 'Read settings through the Settings gate (src/ui/settings/settings.ts), which applies scopes and workspace trust.',
        },
      ],
    },
  },
  {
    files: ['src/ui/settings/settings.ts'],
    rules: {
      'no-restricted-syntax': 'off',
    },
  },
);
