import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests spawn the CLI, tsc and esbuild; on a 2-core CI machine they need room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
