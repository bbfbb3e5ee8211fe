import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { artifactPath } from '../support/artifacts'
import { connectBrowser } from '../support/browser'
import { expectFavicon } from '../support/favicon'

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await connectBrowser(inject('browserEndpoint'))
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
})

afterAll(() => browser?.close())

describe('the built docs at 1280×800', () => {
  test('have a favicon', async () => {
    await expectFavicon(page, `${inject('docsUrl')}/`)
  })

  test('the errors reference fits its column: nothing scrolls sideways', async () => {
    await page.goto(`${inject('docsUrl')}/reference/errors`)
    await page.locator('#every-kind').waitFor()
    const overflowing = await page.evaluate(() =>
      [document.documentElement, ...document.querySelectorAll('.vp-doc, .vp-doc *')]
        .filter((element) => element.scrollWidth > element.clientWidth + 1)
        .filter(
          (element) =>
            getComputedStyle(element).overflowX !== 'visible' ||
            element === document.documentElement,
        )
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}: ${element.scrollWidth} px in ${element.clientWidth} px`,
        ),
    )
    expect(overflowing, 'elements that scroll sideways').toEqual([])
    await page.locator('#every-kind').evaluate((heading) => heading.scrollIntoView())
    await page.screenshot({ path: artifactPath('docs-errors.png') })
  })
})
