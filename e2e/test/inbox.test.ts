import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { axeViolations } from '../support/accessibility'
import { artifactPath } from '../support/artifacts'
import { connectBrowser } from '../support/browser'

let server: DevServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([
    createDevServer({ logger: false, ipRateLimit: false }),
    connectBrowser(inject('browserEndpoint')),
  ])
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

test('the dev inbox passes axe-core (WCAG 2.2 AA), has a main landmark and never reloads itself', async () => {
  server.users.set('ada@example.com', 'active')
  const sent = await fetch(`${server.baseURL}/apps/${server.appId}/login/otp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'ada@example.com' }),
  })
  expect(sent.status).toBe(200)
  // The page's Content-Security-Policy allows no script: bypassed for the audit's own script.
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  const loads: string[] = []
  page.on('load', () => loads.push(page.url()))
  await page.goto(`${server.url}/__dev/inbox`)
  await page.getByRole('table').waitFor()

  expect(await axeViolations(page)).toEqual([])
  expect(await page.locator('meta[http-equiv="refresh" i]').count()).toBe(0)
  expect(await page.getByRole('main').getByRole('table').count()).toBe(1)
  // Refreshed only when asked (a page that reloads itself moves focus: WCAG 2.2.1).
  const refresh = page.getByRole('link', { name: 'Refresh' })
  await refresh.focus()
  await page.screenshot({ path: artifactPath('dev-inbox.png') })

  await refresh.click()
  await page.waitForLoadState()
  expect(loads).toHaveLength(2)
  await context.close()
})
