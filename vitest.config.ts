// Test runner configuration: unit tests beside sources, suites under test/.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.case.test.ts'],
    testTimeout: 30_000,
    // Hooks start gateways; a start that hangs fails first on its own bound (test/api/process.ts, harness.ts) naming what it
    // waited for. This backstop only has to outlast those bounds, so a start slowed by a loaded machine is not a failure.
    hookTimeout: 150_000,
    globalSetup: ['test/support/build-dist.ts'],
    pool: 'forks',
  },
})
