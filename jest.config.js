/**
 * Unit and integration tests; TypeScript through ts-jest (type-checked separately by
 * `npm run typecheck`). Two projects:
 *   unit         tests/**\/*.test.ts except tests/integration/ (parallel workers)
 *   integration  tests/integration/**\/*.test.ts against the real Dovecot/Postfix that
 *                scripts/mailserver.sh runs: started in globalSetup, stopped in globalTeardown,
 *                files run one at a time (they share mailboxes and restart the servers).
 * `npx jest --selectProjects unit` never starts the mail servers.
 */
const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] }, // isolatedModules: in tsconfig.json
};

module.exports = {
  // Jest's default, one worker fewer than the cores, is a single in-band process on a 2-core
  // machine: the unit tests would use one core of two.
  maxWorkers: '100%',
  // Global (jest-circus reads only this one): the unit tests' limit; integration sets 60 s.
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/integration/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      runner: '<rootDir>/tests/integration/serial-runner.ts',
      globalSetup: '<rootDir>/tests/integration/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
      // 60 s per test: set there with jest.setTimeout (a project-level testTimeout is ignored).
      setupFilesAfterEnv: ['<rootDir>/tests/integration/setup-timeout.ts'],
    },
  ],
};
