import { defineConfig } from 'vitest/config';
import { engineProvider } from './test/harness/browser-provider.js';
import { ENGINES } from './test/harness/engine-session.js';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
        },
      },
      {
        // One project per real engine (chromium, firefox, webkit), run one after another.
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: engineProvider(),
            screenshotFailures: false,
            instances: ENGINES.map((engine) => ({
              browser: engine,
              name: engine,
              provide: { engine },
            })),
          },
        },
      },
    ],
  },
});
