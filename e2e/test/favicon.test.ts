import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { connectBrowser } from '../support/browser'
import { expectFavicon } from '../support/favicon'
import { frameworks } from '../support/frameworks'

let browser: Browser

beforeAll(async () => {
  browser = await connectBrowser(inject('browserEndpoint'))
})

afterAll(() => browser?.close())

test.each(frameworks)('the %s example has a favicon', async (framework) => {
  const page = await browser.newPage()
  await expectFavicon(page, inject('exampleUrls')[framework])
  expect(await page.title()).toContain('Acme')
  await page.close()
})
