// Same setup as exporter/jest.config.js: native ESM, swc strips types without type-checking
// (`npm run typecheck` does that). `src/` holds the promtool/amtool checks, `e2e/` the end-to-end
// harness and test that runs the Debian prometheus and prometheus-alertmanager binaries.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60000,
};
