// @ts-check
import tseslint from 'typescript-eslint';

const vscodeFree = {
  patterns: [{ group: ['vscode'], message: 'This folder is plain TypeScript: keep vscode out of it.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.cache/**', 'node_modules/**', '.vscode-test/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/client/**', 'src/jobs/**', 'src/results/**', 'src/language/**', 'src/plans/**', 'test/sandbox/**', 'test/unit/**', 'bench/**'],
    // The part of benchmark 4 that runs inside the extension host is the one place in bench/ with vscode.
    ignores: ['bench/host/**'],
    rules: { 'no-restricted-imports': ['error', vscodeFree] },
  },
  {
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
