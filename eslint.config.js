// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/', 'coverage/', 'node_modules/', 'data/'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-console': ['error', { allow: ['error'] }],
			eqeqeq: ['error', 'smart'],
		},
	},
	{
		// Tests, the bench and the terminal edges write to the console on purpose.
		files: ['test/**', 'src/bench/**', 'src/cli/**', 'src/console/**', 'src/main.ts'],
		rules: { 'no-console': 'off' },
	},
);
