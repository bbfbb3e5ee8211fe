import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** ICO files start with these four bytes (reserved 0, type 1 = icon). */
const ICO_MAGIC = [0, 0, 1, 0]

/**
 * The page at `url` links icons that load, and `/favicon.ico` (which browsers and tools ask for
 * whatever the page links) is an icon, not a 404.
 */
export async function expectFavicon(page: Page, url: string): Promise<void> {
  await page.goto(url)
  const ico = await page.request.get(new URL('/favicon.ico', url).href)
  expect(ico.status(), '/favicon.ico answers').toBe(200)
  expect([...(await ico.body()).subarray(0, 4)]).toEqual(ICO_MAGIC)
  const links = await page
    .locator('link[rel="icon"]')
    .evaluateAll((elements) => elements.map((element) => (element as HTMLLinkElement).href))
  expect(links.length, 'the page links an icon').toBeGreaterThan(0)
  for (const link of links) {
    const response = await page.request.get(link)
    expect(response.status(), `${link} answers`).toBe(200)
  }
}
