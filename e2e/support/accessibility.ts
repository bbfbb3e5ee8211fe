import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** WCAG 2.2 level AA, as axe-core tags its rules. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** axe-core's findings on the page as it is now, one line per rule and element. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as {
      axe: {
        run(
          context: Document,
          options: object,
        ): Promise<{
          violations: { id: string; help: string; nodes: { target: unknown[] }[] }[]
        }>
      }
    }
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags } })
    return violations.flatMap(({ id, help, nodes }) =>
      nodes.map(({ target }) => `${id} (${help}): ${target.join(' ')}`),
    )
  }, WCAG_22_AA)
}

/**
 * The contrast of the focused element's focus ring (its outline, else its box shadow, else its
 * label's box shadow) against the background behind it, as WCAG computes contrast.
 */
export function focusRingContrast(page: Page): Promise<{ element: string; ratio: number }> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number]
    const parse = (color: string): Rgba | null => {
      const numbers = color.match(/[\d.]+/g)?.map(Number)
      if (!numbers || numbers.length < 3) return null
      const srgb = color.startsWith('color(srgb')
      const [r = 0, g = 0, b = 0] = numbers.map((n) => (srgb ? n * 255 : n))
      return [r, g, b, numbers[3] ?? 1]
    }
    const over = ([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba => [
      r * a + br * (1 - a),
      g * a + bg * (1 - a),
      b * a + bb * (1 - a),
      1,
    ]
    const luminance = ([r, g, b]: Rgba) => {
      const [lr = 0, lg = 0, lb = 0] = [r, g, b].map((channel) => {
        const c = channel / 255
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb
    }
    /** The opaque colour behind an element: its ancestors' backgrounds, composited. */
    const backgroundBehind = (element: Element | null): Rgba => {
      const layers: Rgba[] = []
      for (let node = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor)
        if (color && color[3] > 0) layers.push(color)
        if (color && color[3] === 1) break
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1])
    }
    const focused = document.activeElement as HTMLElement
    const ringOf = (element: Element) => {
      const style = getComputedStyle(element)
      if (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) {
        return style.outlineColor
      }
      return style.boxShadow === 'none' ? null : style.boxShadow
    }
    const label = focused.closest('label')
    const ringElement = ringOf(focused) ? focused : label
    const ring = ringElement ? ringOf(ringElement) : null
    const describe = `${focused.tagName.toLowerCase()}${focused.id ? `#${focused.id}` : ''}`
    if (!ring || !ringElement) return { element: describe, ratio: 1 }
    // A box shadow lists its colour first; an outline is a colour.
    const ringColor = parse(ring.match(/^(rgba?|color)\([^)]*\)/)?.[0] ?? ring)
    if (!ringColor) return { element: describe, ratio: 1 }
    const behind = backgroundBehind(ringElement.parentElement)
    const [light, dark] = [luminance(over(ringColor, behind)), luminance(behind)].sort(
      (a, b) => b - a,
    )
    return { element: describe, ratio: ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05) }
  })
}
