import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { artifactPath } from '../support/artifacts'
import { connectBrowser } from '../support/browser'

/** The smallest text a person reads without zooming, at the page's default zoom (WCAG-ish). */
const MIN_LABEL_PX = 11

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await connectBrowser(inject('browserEndpoint'))
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(`${inject('docsUrl')}/concepts/machine`)
})

afterAll(() => browser?.close())

interface Label {
  diagram: number
  text: string
  height: number
}

/** Every state label (states and compound states' titles) of every rendered diagram. */
function stateLabels(page: Page): Promise<Label[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.mermaid-diagram svg')].flatMap((svg, diagram) =>
      [...svg.querySelectorAll('g.node .nodeLabel, g.cluster-label .nodeLabel, g.node text')]
        .filter((label) => (label.textContent ?? '').trim() !== '')
        .map((label) => ({
          diagram,
          text: (label.textContent ?? '').trim(),
          height: label.getBoundingClientRect().height,
        })),
    ),
  )
}

describe('the machine page of the built docs at 1280×800', () => {
  test('every state label of every statechart diagram is at least 11 px high', async () => {
    const diagrams = page.locator('.mermaid-diagram')
    await diagrams.first().locator('svg').waitFor()
    const count = await diagrams.count()
    for (let index = 0; index < count; index++) await diagrams.nth(index).locator('svg').waitFor()

    const labels = await stateLabels(page)
    // The states of the flow, each in some diagram (hand-written: the machine's top-level states).
    const texts = labels.map((label) => label.text)
    for (const state of ['idle', 'requesting', 'awaitingCode', 'activating', 'authenticated']) {
      expect(texts.some((text) => text.startsWith(state))).toBe(true)
    }
    const small = labels.filter((label) => label.height < MIN_LABEL_PX)
    expect(
      small.map(
        ({ diagram, text, height }) => `diagram ${diagram + 1}: "${text}" ${height.toFixed(1)} px`,
      ),
      `state labels under ${MIN_LABEL_PX} px`,
    ).toEqual([])

    // As a person sees it at 1280×800: the overview, then each diagram on its own.
    await page.locator('#overview').evaluate((heading) => heading.scrollIntoView())
    await page.screenshot({ path: artifactPath('docs-statechart.png') })
    for (let index = 0; index < count; index++) {
      await diagrams
        .nth(index)
        .screenshot({ path: artifactPath(`docs-statechart-${index + 1}.png`) })
    }
  })
})
