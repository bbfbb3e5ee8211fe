// @vitest-environment node
import { createControllableClient } from '@passage-otp/core/testing'
import { version as reactVersion } from 'react'
import { renderToString, version as serverVersion } from 'react-dom/server'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { OtpAuthProvider } from '../src'
import { FlowProbe, LoginScreen, SharedFlowView, SharedLoginForms } from './components'

// Server rendering must not warn: no layout effects, no missing server snapshots.
let consoleErrors: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  consoleErrors = vi.spyOn(console, 'error')
})
afterEach(() => {
  expect(consoleErrors).not.toHaveBeenCalled()
  vi.restoreAllMocks()
})

const attribute = (html: string, name: string) =>
  new RegExp(`${name}="([^"]*)"`).exec(html)?.[1] ?? null

test(`runs without a DOM, on React ${process.env.EXPECTED_REACT_MAJOR}`, () => {
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')
  expect(reactVersion.split('.')[0]).toBe(process.env.EXPECTED_REACT_MAJOR)
  expect(serverVersion).toBe(reactVersion)
})

test('useOtpAuth renders the identifier step on the server and sends nothing', () => {
  const controllable = createControllableClient()
  const html = renderToString(
    <LoginScreen
      options={{ client: controllable.client, input: { identifier: 'ada@example.com' } }}
    />,
  )
  expect(attribute(html, 'data-step')).toBe('idle')
  expect(attribute(html, 'data-busy')).toBe('false')
  expect(attribute(html, 'data-can-resend')).toBe('false')
  expect(attribute(html, 'data-seconds-until-resend')).toBe('0')
  expect(html).toContain('value="ada@example.com"')
  expect(controllable.calls).toHaveLength(0)
})

test('useOtpAuth with an app id and base URL renders on the server without a request', () => {
  const html = renderToString(
    <FlowProbe options={{ appId: 'demo', baseURL: 'http://127.0.0.1:9/v1' }} />,
  )
  expect(attribute(html, 'data-step')).toBe('idle')
  expect(attribute(html, 'data-error')).toBe('none')
})

test('OtpAuthProvider and useOtpAuthContext render the identifier step on the server', () => {
  const controllable = createControllableClient()
  const html = renderToString(
    <OtpAuthProvider options={{ client: controllable.client }}>
      <SharedFlowView testId="header" />
      <SharedLoginForms />
    </OtpAuthProvider>,
  )
  expect(attribute(html, 'data-testid')).toBe('header')
  expect(attribute(html, 'data-step')).toBe('idle')
  expect(html).toContain('aria-label="Sign in"')
  expect(controllable.calls).toHaveLength(0)
})
