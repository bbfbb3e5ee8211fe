import type { BrowserContext, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { artifactPath } from './artifacts'
import type { Framework } from './frameworks'

export type IntentLabel = 'Log in' | 'Sign up' | 'Sign up or in'
export type Step = 'idle' | 'requesting' | 'awaitingCode' | 'activating' | 'authenticated' | 'error'

export interface OpenOptions {
  framework: Framework
  scenario: string
  /** Where the built example is served. */
  appUrl: string
  /** The dev server's `/v1` URL, passed to the example as `?baseURL=`. */
  baseURL: string
  /** Passed as `?resendCooldown=` so the countdown matches the server's cooldown. */
  resendCooldownSeconds: number
  /** More of the example's query, such as `{ inspect: 'console' }`. */
  query?: Record<string, string>
}

/** Where the examples' flows save themselves (the core's default key). */
export const SAVED_FLOW_KEY = 'passage-otp:flow'

/** Waits for a value that the page reaches by itself (a step, a focus, a text). */
export const eventually = <T>(read: () => Promise<T> | T) =>
  expect.poll(read, { timeout: 10_000, interval: 50 })

/**
 * Drives either example through the DOM contract both share: labels, roles, button texts and
 * `data-step` on the card. Screenshots go to `artifacts/<framework>-<scenario>-<step>.png`.
 */
export class ExamplePage {
  readonly card: Locator
  readonly identifierField: Locator
  readonly codeField: Locator
  readonly alert: Locator

  private constructor(
    readonly page: Page,
    readonly options: OpenOptions,
  ) {
    this.card = page.locator('main[data-step]')
    this.identifierField = page.getByLabel('Email or phone number')
    this.codeField = page.getByLabel('Verification code')
    this.alert = page.getByRole('alert')
  }

  static async open(context: BrowserContext, options: OpenOptions): Promise<ExamplePage> {
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    const query = new URLSearchParams({
      baseURL: options.baseURL,
      resendCooldown: String(options.resendCooldownSeconds),
      ...options.query,
    })
    await page.goto(`${options.appUrl}?${query}`)
    const app = new ExamplePage(page, options)
    await app.waitForStep('idle')
    return app
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' })
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name })
  }

  /** The value shown for a token claim (or `redirect_url`) on the signed-in screen. */
  claim(name: string): Locator {
    return this.page.locator(`dd[data-claim="${name}"]`)
  }

  step(): Promise<string | null> {
    return this.card.getAttribute('data-step')
  }

  async waitForStep(step: Step): Promise<void> {
    await this.page.locator(`main[data-step="${step}"]`).waitFor()
  }

  /** The id of the focused element. */
  focusedId(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.id ?? '')
  }

  async chooseIntent(label: IntentLabel): Promise<void> {
    await this.page.getByRole('radio', { name: label, exact: true }).check()
  }

  async submitIdentifier(identifier: string, intent: IntentLabel = 'Log in'): Promise<void> {
    await this.chooseIntent(intent)
    await this.identifierField.fill(identifier)
    await this.button('Send code').click()
  }

  /** Submits the identifier and waits for the code form. */
  async requestCode(identifier: string, intent: IntentLabel = 'Log in'): Promise<void> {
    await this.submitIdentifier(identifier, intent)
    await this.waitForStep('awaitingCode')
  }

  async enterCode(code: string): Promise<void> {
    await this.codeField.fill(code)
    await this.button('Verify').click()
  }

  /** Reloads the page, as a person would on any step; the example restores the saved flow. */
  async reload(): Promise<void> {
    await this.page.reload()
    await this.card.waitFor()
  }

  /** The flow the example saved in the tab's `sessionStorage`, parsed, or `null`. */
  savedFlow(): Promise<Record<string, unknown> | null> {
    return this.page.evaluate((key) => {
      const raw = sessionStorage.getItem(key)
      return raw === null ? null : (JSON.parse(raw) as Record<string, unknown>)
    }, SAVED_FLOW_KEY)
  }

  /** The identifier the code and signed-in screens name (the lead's bold text). */
  shownIdentifier(): Promise<string | null> {
    return this.page.locator('.lead strong').textContent()
  }

  async shot(step: string): Promise<void> {
    const { framework, scenario } = this.options
    await this.page.screenshot({ path: artifactPath(`${framework}-${scenario}-${step}.png`) })
  }
}

/** A six-digit code that is certainly not `code`. */
export function wrongCodeFor(code: string): string {
  return code.replace(/^\d/, (digit) => String((Number(digit) + 1) % 10))
}
