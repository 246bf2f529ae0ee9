import { defineConfig } from '@playwright/test'

// Debian's Chromium: Playwright's own browser download is impossible offline.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '.cache/playwright',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
