import { createDevServer, type DevServer, type OutboxMessage } from '@passage-otp/dev-server'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest'
import { axeViolations, focusRingContrast } from './accessibility'
import { artifactPath } from './artifacts'
import { connectBrowser } from './browser'
import { ExamplePage, eventually, wrongCodeFor } from './example-page'
import type { Framework } from './frameworks'

/** Short, so the resend tests see the countdown end; the examples get it as `?resendCooldown=`. */
const RESEND_COOLDOWN_SECONDS = 3

/**
 * Every browser scenario, for one example. Each file calls this for its framework, so both
 * examples run the same scenarios through the same page helpers.
 */
export function describeExample(framework: Framework): void {
  describe(`${framework} example`, () => {
    let server: DevServer
    let browser: Browser
    let context: BrowserContext

    beforeAll(async () => {
      ;[server, browser] = await Promise.all([
        createDevServer({
          resendCooldownSeconds: RESEND_COOLDOWN_SECONDS,
          ipRateLimit: false,
          logger: false,
        }),
        connectBrowser(inject('browserEndpoint')),
      ])
    })

    afterAll(async () => {
      await browser?.close()
      await server?.close()
    })

    beforeEach(async () => {
      context = await browser.newContext({ viewport: { width: 900, height: 800 } })
    })

    afterEach(async () => {
      server.clearFaults()
      await context.close()
    })

    const open = (scenario: string, query?: Record<string, string>) =>
      ExamplePage.open(context, {
        framework,
        scenario,
        appUrl: inject('exampleUrls')[framework],
        baseURL: server.baseURL,
        resendCooldownSeconds: RESEND_COOLDOWN_SECONDS,
        query,
      })

    const emailFor = (scenario: string) => `${framework}-${scenario}@example.com`

    const existingUser = (scenario: string) => {
      const identifier = emailFor(scenario)
      server.users.set(identifier, 'active')
      return identifier
    }

    const latestMessage = (identifier: string): OutboxMessage => {
      const message = server.outbox.latest(identifier)
      if (!message) throw new Error(`no code was sent to ${identifier}`)
      return message
    }

    test('register: a new user signs up with the emailed code', async () => {
      const app = await open('register')
      const identifier = emailFor('register')
      await app.heading('Welcome back').waitFor()
      await app.shot('form')

      await app.chooseIntent('Sign up')
      await app.heading('Create your account').waitFor()
      await app.requestCode(identifier, 'Sign up')
      await app.heading('Check your email').waitFor()
      await eventually(() => app.focusedId()).toBe('code')
      expect(await app.codeField.getAttribute('autocomplete')).toBe('one-time-code')
      expect(await app.codeField.getAttribute('inputmode')).toBe('numeric')
      const message = latestMessage(identifier)
      expect(message.intent).toBe('register')
      await app.shot('code')

      await app.enterCode(message.code)
      await app.waitForStep('authenticated')
      await app.heading("You're signed in").waitFor()
      expect(server.users.get(identifier)?.status).toBe('active')
      await app.shot('signed-in')
    })

    test('login: an existing user logs in with the emailed code', async () => {
      const app = await open('login')
      const identifier = existingUser('login')
      await app.requestCode(identifier)
      const message = latestMessage(identifier)
      expect(message.intent).toBe('login')
      await app.shot('code')

      await app.enterCode(message.code)
      await app.waitForStep('authenticated')
      expect(await app.claim('sub').textContent()).toBe(server.users.get(identifier)?.id)
      await app.shot('signed-in')
    })

    test('wrong code: the alert shows the attempts left, then the right code works', async () => {
      const app = await open('wrong-code')
      const identifier = existingUser('wrong-code')
      await app.requestCode(identifier)
      const { code } = latestMessage(identifier)
      const lead = (await app.page.locator('.lead').textContent()) ?? ''
      expect(lead.replace(/\s+/g, ' ').trim()).toBe(`We sent a 6-digit code to ${identifier}.`)

      // Too short: refused in place, without a request or a used attempt.
      await app.enterCode(code.slice(0, 3))
      await app.alert.filter({ hasText: 'Enter the 6-digit code from the message' }).waitFor()
      expect(await app.step()).toBe('awaitingCode')

      await app.enterCode(wrongCodeFor(code))
      await app.alert.filter({ hasText: '4 attempts left.' }).waitFor()
      expect(await app.alert.textContent()).toContain('That code is wrong or has expired.')
      expect(await app.step()).toBe('awaitingCode')
      await eventually(() => app.focusedId()).toBe('code')
      await app.shot('wrong-code')

      await app.enterCode(code)
      await app.waitForStep('authenticated')
      await app.shot('signed-in')
    })

    test('resend: the countdown ends in a button, the new code works and the old one not', async () => {
      const app = await open('resend')
      const identifier = existingUser('resend')
      await app.requestCode(identifier)
      const first = latestMessage(identifier)

      await app.page.getByText(/Resend code in \d+ s/).waitFor()
      await app.shot('countdown')
      const resend = app.button('Send a new code')
      await resend.waitFor()
      await app.shot('resend-ready')

      // While the new code is on its way, the code form stays (the view's isResending).
      server.setFaults({ latencyMs: 1000 })
      await resend.click()
      await app.waitForStep('requesting')
      await app.page.getByText('Sending a new code to').waitFor()
      expect(await app.codeField.isVisible()).toBe(true)
      await app.shot('resending')
      await eventually(() => latestMessage(identifier).id).not.toBe(first.id)
      await app.waitForStep('awaitingCode')
      server.clearFaults()
      await eventually(() => app.focusedId()).toBe('code')
      const second = latestMessage(identifier)

      await app.enterCode(first.code === second.code ? wrongCodeFor(first.code) : first.code)
      await app.alert.filter({ hasText: 'That code is wrong or has expired.' }).waitFor()
      await app.shot('old-code-refused')
      await app.enterCode(second.code)
      await app.waitForStep('authenticated')
    })

    test('resend: "New code sent" is shown and announced once the new code is out', async () => {
      const app = await open('resend-notice')
      const identifier = existingUser('resend-notice')
      await app.requestCode(identifier)
      const first = latestMessage(identifier)
      const status = app.page.getByRole('status')
      await eventually(() => status.textContent()).toBe(`Code sent to ${identifier}.`)
      expect(await app.page.getByText('New code sent').count()).toBe(0)

      await app.button('Send a new code').click()
      await eventually(() => latestMessage(identifier).id).not.toBe(first.id)
      await app.page.locator('.notice').filter({ hasText: 'New code sent' }).waitFor()
      await eventually(() => status.textContent()).toBe('New code sent')
      await app.shot('new-code-sent')

      // Trying a code ends the confirmation; the new code signs in.
      await app.enterCode(latestMessage(identifier).code)
      await app.waitForStep('authenticated')
    })

    test('a failed resend keeps the code form, says when to ask again, and the code still works', async () => {
      const app = await open('resend-failed')
      const identifier = existingUser('resend-failed')
      await app.requestCode(identifier)
      const first = latestMessage(identifier)
      const resend = app.button('Send a new code')
      await resend.waitFor()

      server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 30 })
      await resend.click()
      const alert = app.alert.filter({ hasText: "We couldn't send a new code." })
      await alert.waitFor()
      const text = (await alert.textContent()) ?? ''
      const seconds = Number(/Too many requests\. Try again in (\d+) s\./.exec(text)?.[1])
      expect(seconds).toBeGreaterThan(20)
      expect(seconds).toBeLessThanOrEqual(30)
      expect(await app.step()).toBe('awaitingCode')
      await app.page.getByText(/Resend code in \d+ s/).waitFor()
      await app.shot('resend-failed')

      server.clearFaults()
      await app.enterCode(first.code)
      await app.waitForStep('authenticated')
    })

    test('too many wrong codes: only a new code helps, and it works', async () => {
      const app = await open('locked')
      const identifier = existingUser('locked')
      await app.requestCode(identifier)
      const first = latestMessage(identifier)
      const wrong = wrongCodeFor(first.code)

      for (const left of [4, 3, 2, 1]) {
        await app.enterCode(wrong)
        await app.alert
          .filter({ hasText: `${left} ${left === 1 ? 'attempt' : 'attempts'} left.` })
          .waitFor()
      }
      await app.enterCode(wrong)
      await app.alert.filter({ hasText: 'Too many wrong codes.' }).waitFor()
      expect(await app.button('Verify').count()).toBe(0)
      const resend = app.button('Send a new code')
      await resend.waitFor()
      await app.shot('locked')

      await resend.click()
      await eventually(() => latestMessage(identifier).id).not.toBe(first.id)
      await app.waitForStep('awaitingCode')
      await app.enterCode(latestMessage(identifier).code)
      await app.waitForStep('authenticated')
    })

    test('cancel: a slow request can be cancelled, while sending and while verifying', async () => {
      const app = await open('cancel')
      const identifier = existingUser('cancel')
      server.setFaults({ latencyMs: 3000 })
      await app.submitIdentifier(identifier)
      await app.waitForStep('requesting')
      await app.page.locator('main[aria-busy="true"]').waitFor()
      await app.button(/Sending code/).waitFor()
      await app.shot('sending')

      await app.button('Cancel').click()
      await app.waitForStep('idle')
      expect(await app.identifierField.inputValue()).toBe(identifier)
      expect(await app.card.getAttribute('aria-busy')).toBe('false')
      await app.shot('cancelled')

      // A second user, so the cancelled request (still handled by the server) cannot interfere.
      const other = existingUser('cancel-verify')
      server.clearFaults()
      await app.requestCode(other)
      server.setFaults({ latencyMs: 3000 })
      await app.enterCode(latestMessage(other).code)
      await app.waitForStep('activating')
      await app.button(/Verifying/).waitFor()
      await app.shot('verifying')
      await app.button('Cancel').click()
      await app.waitForStep('awaitingCode')
      await app.button('Verify').waitFor()
    })

    test('server error: the error step names what failed and "Try again" goes on', async () => {
      const app = await open('retry')
      const identifier = existingUser('retry')
      server.setFaults({ errorRate: 1, errorStatus: 503 })
      await app.submitIdentifier(identifier)
      await app.waitForStep('error')
      await app.heading("We couldn't send the code").waitFor()
      expect(await app.alert.textContent()).toBe(
        'Something went wrong on our side. Try again in a moment.',
      )
      await eventually(() => app.page.evaluate(() => document.activeElement?.id)).toBe(
        'error-heading',
      )
      await app.shot('error')

      server.clearFaults()
      await app.button('Try again').click()
      await app.waitForStep('awaitingCode')

      // Now checking the code fails; "Try again" sends the same code again.
      server.setFaults({ errorRate: 1, errorStatus: 503 })
      await app.enterCode(latestMessage(identifier).code)
      await app.waitForStep('error')
      await app.heading("We couldn't check the code").waitFor()
      await app.shot('activate-error')
      server.clearFaults()
      await app.button('Try again').click()
      await app.waitForStep('authenticated')
    })

    test('identifier: a bad one is refused in place, another can be chosen later', async () => {
      const app = await open('identifier')
      const identifier = existingUser('identifier')
      const apiRequests: string[] = []
      app.page.on('request', (request) => {
        if (request.url().startsWith(server.baseURL)) apiRequests.push(request.url())
      })
      await app.submitIdentifier('not-an-email')
      await app.alert.filter({ hasText: 'Enter a valid email address' }).waitFor()
      expect(await app.step()).toBe('idle')
      expect(await app.identifierField.getAttribute('aria-invalid')).toBe('true')
      expect(apiRequests).toEqual([])
      await app.shot('invalid')

      await app.requestCode(identifier)
      expect(apiRequests).toHaveLength(1)
      await app.button('Use a different email').click()
      await app.waitForStep('idle')
      expect(await app.identifierField.inputValue()).toBe(identifier)
      await eventually(() => app.focusedId()).toBe('identifier')
    })

    test('unknown user: "Sign up instead" registers the same email', async () => {
      const app = await open('unknown-user')
      const identifier = emailFor('unknown-user')
      await app.submitIdentifier(identifier)
      await app.waitForStep('error')
      await app.heading('No account yet').waitFor()
      await app.shot('not-found')

      await app.button('Sign up instead').click()
      await app.waitForStep('awaitingCode')
      expect(latestMessage(identifier).intent).toBe('register')
      await app.enterCode(latestMessage(identifier).code)
      await app.waitForStep('authenticated')
    })

    test('rate limit: the alert says when to try again', async () => {
      const app = await open('rate-limit')
      const identifier = existingUser('rate-limit')
      server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 30 })
      await app.submitIdentifier(identifier)
      await app.waitForStep('error')
      await app.heading("We couldn't send the code").waitFor()
      const text = (await app.alert.textContent()) ?? ''
      const seconds = Number(/Too many requests\. Try again in (\d+) s\./.exec(text)?.[1])
      expect(seconds).toBeGreaterThan(20)
      expect(seconds).toBeLessThanOrEqual(30)
      expect(await app.button(/^Try again in \d+ s$/).isDisabled()).toBe(true)
      await app.shot('rate-limited')

      await app.button('Use a different email').click()
      await app.waitForStep('idle')
      expect(await app.identifierField.inputValue()).toBe(identifier)
    })

    test('paste: "123 456" pasted into the code field signs in', async () => {
      const app = await open('paste')
      const identifier = existingUser('paste')
      await app.requestCode(identifier)
      const { code } = latestMessage(identifier)
      const spaced = `${code.slice(0, 3)} ${code.slice(3)}`

      await context.grantPermissions(['clipboard-read', 'clipboard-write'])
      await app.page.evaluate((text) => navigator.clipboard.writeText(text), spaced)
      await app.codeField.focus()
      await app.page.keyboard.press('ControlOrMeta+V')
      await eventually(() => app.codeField.inputValue()).toBe(code)
      await app.shot('pasted')

      await app.button('Verify').click()
      await app.waitForStep('authenticated')
    })

    test('sign up or in: an unknown email is registered', async () => {
      const app = await open('sign-up-or-in')
      const identifier = emailFor('sign-up-or-in')
      await app.chooseIntent('Sign up or in')
      await app.heading('Sign up or log in').waitFor()
      await app.shot('form')
      await app.requestCode(identifier, 'Sign up or in')
      expect(latestMessage(identifier).intent).toBe('register')

      await app.enterCode(latestMessage(identifier).code)
      await app.waitForStep('authenticated')
      expect(server.users.get(identifier)?.status).toBe('active')
      await app.shot('signed-in')
    })

    test('signed in: claims and redirect_url are shown, sign-out returns to the form', async () => {
      const app = await open('sign-out')
      const phone = framework === 'react' ? '+14155550101' : '+14155550102'
      server.users.set(phone, 'active')
      await app.requestCode(`+1 415 555 01${phone.slice(-2)}`)
      await app.heading('Check your phone').waitFor()
      await app.enterCode(latestMessage(phone).code)
      await app.waitForStep('authenticated')

      const user = server.users.get(phone)
      expect(await app.claim('sub').textContent()).toBe(user?.id)
      expect(await app.claim('aud').textContent()).toBe('demo')
      expect(await app.claim('iss').textContent()).toBe(`${server.baseURL}/apps/demo`)
      expect(await app.claim('exp').textContent()).toMatch(/^\d+ \(/)
      expect(await app.claim('redirect_url').textContent()).toBe('/')
      await eventually(() => app.page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
      await app.shot('signed-in')

      await app.button('Sign out').click()
      await app.waitForStep('idle')
      expect(await app.identifierField.inputValue()).toBe('')
      await eventually(() => app.focusedId()).toBe('identifier')
      await app.shot('signed-out')
    })

    test('reload: the code step and the signed-in step survive a reload, sign-out does too', async () => {
      const app = await open('reload')
      const identifier = emailFor('reload')
      await app.requestCode(identifier, 'Sign up')
      const sent = server.outbox.messages(identifier).length
      const requests = server.stats().requests
      expect(sent).toBe(1)
      const { code } = latestMessage(identifier)
      // Saved: the code step, but never the code itself.
      const saved = await app.savedFlow()
      expect(saved).toMatchObject({ step: 'awaitingCode', identifier, intent: 'register' })
      expect(JSON.stringify(saved)).not.toContain(code)

      const apiRequests: string[] = []
      app.page.on('request', (request) => {
        if (request.url().startsWith(server.baseURL)) apiRequests.push(request.url())
      })
      await app.reload()
      await app.waitForStep('awaitingCode')
      await app.heading('Check your email').waitFor()
      expect(await app.shownIdentifier()).toBe(identifier)
      await eventually(() => app.focusedId()).toBe('code')
      expect(await app.codeField.inputValue()).toBe('')
      // No new code: nothing was sent and the server saw no request.
      expect(server.outbox.messages(identifier).length).toBe(sent)
      expect(server.stats().requests).toBe(requests)
      expect(apiRequests).toEqual([])
      await app.shot('code')

      await app.enterCode(code)
      await app.waitForStep('authenticated')
      expect(server.users.get(identifier)?.status).toBe('active')
      expect(await app.claim('sub').textContent()).toBe(server.users.get(identifier)?.id)
      // Saved: the signed-in step, but never a token.
      const signedIn = await app.savedFlow()
      expect(signedIn).toMatchObject({ step: 'authenticated', identifier })
      expect(Object.keys(signedIn ?? {}).join()).not.toMatch(/token|otp|code/i)

      await app.reload()
      await app.waitForStep('authenticated')
      await app.heading("You're signed in").waitFor()
      expect(await app.shownIdentifier()).toBe(identifier)
      // Tokens are not saved, so the restored step says so instead of showing claims.
      await app.page.getByText('Restored after a reload.').waitFor()
      expect(await app.claim('sub').count()).toBe(0)
      await eventually(() => app.focusedId()).toBe('signed-in-heading')
      expect(server.outbox.messages(identifier).length).toBe(sent)
      await app.shot('signed-in')

      await app.button('Sign out').click()
      await app.waitForStep('idle')
      expect(await app.savedFlow()).toBeNull()
      await app.reload()
      await app.waitForStep('idle')
      await app.identifierField.waitFor()
      expect(await app.identifierField.inputValue()).toBe('')
      expect(await app.savedFlow()).toBeNull()
      await eventually(() => app.focusedId()).toBe('identifier')
      await app.shot('signed-out')
    })

    test('accessibility: every screen passes axe-core (WCAG 2.2 AA), with its step in the title and its progress in a status region', async () => {
      const app = await open('a11y')
      const identifier = existingUser('a11y')
      const status = app.page.getByRole('status')
      const example = framework === 'react' ? 'React' : 'Vue'
      const audit = async (screen: string, title: string) => {
        await eventually(() => app.page.title()).toBe(`${title} · Acme (${example})`)
        expect(await axeViolations(app.page), `axe-core on the ${screen}`).toEqual([])
        await app.shot(`a11y-${screen}`)
      }
      await audit('identifier-form', 'Sign in')

      server.setFaults({ latencyMs: 1000 })
      await app.submitIdentifier(identifier)
      await eventually(() => status.textContent()).toBe('Sending code…')
      await app.waitForStep('awaitingCode')
      server.clearFaults()
      await eventually(() => status.textContent()).toBe(`Code sent to ${identifier}.`)
      await audit('code-form', 'Enter your code')

      const first = latestMessage(identifier)
      const wrong = wrongCodeFor(first.code)
      await app.enterCode(wrong)
      await app.alert.filter({ hasText: '4 attempts left.' }).waitFor()
      expect(await status.textContent()).toBe('')
      await audit('code-form-error', 'Enter your code')

      for (const left of [3, 2, 1]) {
        await app.enterCode(wrong)
        await app.alert.filter({ hasText: `${left} attempt` }).waitFor()
      }
      await app.enterCode(wrong)
      await app.alert.filter({ hasText: 'Too many wrong codes.' }).waitFor()
      await audit('locked', 'Enter your code')

      await app.button('Send a new code').click()
      await eventually(() => latestMessage(identifier).id).not.toBe(first.id)
      await app.waitForStep('awaitingCode')
      await app.enterCode(latestMessage(identifier).code)
      await app.waitForStep('authenticated')
      await audit('signed-in', 'Signed in')

      await app.button('Sign out').click()
      await app.waitForStep('idle')
      server.setFaults({ errorRate: 1, errorStatus: 503 })
      await app.submitIdentifier(identifier)
      await app.waitForStep('error')
      await audit('error', 'Error')
    })

    test('focus rings: at least 3:1 against what is behind them (WCAG 1.4.11)', async () => {
      const app = await open('focus')
      const rings: string[] = []
      // From the identifier field: the button, the footer's link, then back to the intents.
      for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
        await app.page.keyboard.press(key)
        const { element, ratio } = await focusRingContrast(app.page)
        rings.push(`${element}: ${ratio.toFixed(2)}:1`)
        expect(ratio, `focus ring of ${element}`).toBeGreaterThanOrEqual(3)
      }
      expect(rings.length).toBe(5)
      await app.shot('focus-ring')
    })

    test('?inspect=console prints each transition to the console, codes and tokens masked', async () => {
      const lines: Promise<string>[] = []
      context.on('console', (message) => {
        lines.push(
          Promise.all(message.args().map((arg) => arg.jsonValue())).then((values) =>
            values
              .map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
              .join(' '),
          ),
        )
      })
      const app = await open('console-inspector', { inspect: 'console' })
      await app.page.getByText('Console inspector on:').waitFor()
      const identifier = existingUser('console-inspector')
      await app.requestCode(identifier)
      const { code } = latestMessage(identifier)
      await app.enterCode(code)
      await app.waitForStep('authenticated')

      const printed = (await Promise.all(lines)).filter((line) => line.startsWith('[passage-otp]'))
      expect(
        printed.some((line) => line.startsWith('[passage-otp] code.submit → activating')),
      ).toBe(true)
      expect(printed.at(-1)).toMatch(/^\[passage-otp\] \S+ → authenticated /)
      const all = printed.join('\n')
      expect(all).not.toContain(code)
      expect(all, 'no JWT in clear').not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)
      expect(all).toContain('"authToken":"[redacted]"')

      // What the console showed, as a page: the CI artifact of this offline inspector.
      const shot = await context.newPage()
      await shot.setContent(
        '<pre style="font: 13px/1.5 monospace; white-space: pre-wrap; overflow-wrap: anywhere; margin: 1rem"></pre>',
      )
      await shot.locator('pre').evaluate((pre, text) => {
        pre.textContent = text
      }, all)
      await shot.screenshot({
        path: artifactPath(`${framework}-console-inspector.png`),
        fullPage: true,
      })
    })

    test('accessibility in dark mode: the identifier and code forms pass axe-core too', async () => {
      await context.close()
      context = await browser.newContext({
        viewport: { width: 900, height: 800 },
        colorScheme: 'dark',
      })
      const app = await open('a11y-dark')
      expect(await axeViolations(app.page), 'axe-core on the dark identifier form').toEqual([])
      await app.requestCode(existingUser('a11y-dark'))
      await app.enterCode('12')
      await app.alert.waitFor()
      expect(await axeViolations(app.page), 'axe-core on the dark code form').toEqual([])
      await app.shot('a11y-dark-code-form')
    })
  })
}
