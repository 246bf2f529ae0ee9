/**
 * The newcomer's session end to end, in English and Chinese, in the light and the dark theme:
 * a preset MLP trained for an epoch on Fashion-MNIST, exported to ONNX with its parity check, then
 * AlexNet and UNet++ as they open. Every step saves a screenshot; the English light-theme views of
 * the large presets are the README's pictures (resources/screenshots).
 */
import { expect, test, type Page } from '@playwright/test'
import path from 'node:path'
import { openApp, shots, useWebApp } from './web-app'

const app = useWebApp('walkthrough')
const readme = path.resolve('resources/screenshots')
// words that must not show through in the Chinese interface
const english = /\b(classification|regression|segmentation|completed|stopped|accuracy|epoch|loss|Train)\b/

for (const lang of ['en', 'zh-CN'] as const)
  for (const theme of ['light', 'dark'] as const)
    test(`a newcomer's session in ${lang}, ${theme} theme`, async ({ page }) => {
      const shot = (step: string) =>
        page.screenshot({ path: path.join(shots, `walk-${lang}-${theme}-${step}.png`) })
      // loading a preset over the edited training settings asks first: the walk says yes
      page.on('dialog', (d) => void d.accept())
      await openApp(page, app())
      await page.getByTestId('language').selectOption(lang)
      await page.getByTestId('theme').selectOption(theme)

      await page.getByTestId('preset-MLP 784-256-10').click()
      await expect(page.getByTestId('node-hidden')).toBeVisible()
      await page.getByTestId('tab-training').click()
      await page.getByTestId('train-epochs').fill('1')
      await page.getByTestId('train-limit').fill('1000')
      await page.getByTestId('train-start').click()
      const status = page.getByTestId('training-status')
      await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 120_000 })
      await expect(page.getByTestId('training-last-epoch')).toBeVisible()
      if (lang === 'zh-CN') expect(await status.innerText()).not.toMatch(english)
      await shot('trained')

      await page.getByTestId('tab-export').click()
      await page.getByTestId('export-run').click()
      await expect(page.getByTestId('export-parity')).toBeVisible({ timeout: 60_000 })
      if (lang === 'zh-CN') expect(await page.getByTestId('export-result').innerText()).not.toMatch(english)
      await shot('exported')

      for (const [preset, file] of [
        ['AlexNet', 'alexnet-open.png'],
        ['UNet++', 'unetpp-open.png'],
      ] as const) {
        await page.getByTestId('tab-presets').click()
        await page.getByTestId(`preset-${preset}`).click()
        await expect(page.getByTestId('doc-name')).toHaveText(preset)
        await page.waitForTimeout(600)
        await shot(file.replace('.png', ''))
        if (lang === 'en' && theme === 'light') await page.screenshot({ path: path.join(readme, file) })
      }
      await keepTheme(page, theme)
    })

/** The theme is remembered across reloads: each session leaves the next one the light theme. */
async function keepTheme(page: Page, theme: 'light' | 'dark') {
  if (theme === 'dark') await page.getByTestId('theme').selectOption('light')
}
