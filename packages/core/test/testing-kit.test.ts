import { describe, expect, test } from 'vitest'
import { defineOtpAuthScreens, type OtpAuthTestStep } from '../src/testing'

// A user's UI test states what the screen shows in every step; the kit refuses a table with a
// step missing, so a step cannot go untested.

const headings = {
  idle: 'Sign in',
  requesting: 'Sign in',
  awaitingCode: 'Enter your code',
  activating: 'Enter your code',
  authenticated: 'Signed in',
  error: 'Something went wrong',
}

describe('defineOtpAuthScreens', () => {
  test('a table without a step is refused, naming the step', () => {
    const { error: _, ...withoutError } = headings
    expect(() => defineOtpAuthScreens(withoutError as typeof headings)).toThrow(
      new TypeError(
        'defineOtpAuthScreens: no screen for error. State what the screen shows in every step: ' +
          'idle, requesting, awaitingCode, activating, authenticated, error.',
      ),
    )
  })

  test('an undefined entry counts as missing, and a name that is not a step is refused', () => {
    expect(() => defineOtpAuthScreens({ ...headings, idle: undefined })).toThrow(
      /^defineOtpAuthScreens: no screen for idle\./,
    )
    expect(() =>
      defineOtpAuthScreens({ ...headings, locked: 'Locked' } as typeof headings),
    ).toThrow(/^defineOtpAuthScreens: not a step: locked\./)
  })

  test('for() gives the screen of a path step; unvisited() lists the steps never asked for', () => {
    const screens = defineOtpAuthScreens(headings)
    const everyStep = ['idle', 'requesting', 'awaitingCode', 'activating', 'authenticated', 'error']
    expect(screens.unvisited()).toEqual(everyStep)
    const signedIn: OtpAuthTestStep = {
      event: {
        type: 'xstate.done.actor.activateOtp',
        output: { authToken: 't', redirectUrl: '/' },
      },
      value: 'authenticated',
      step: 'authenticated',
      requests: 2,
    }
    expect(screens.for(signedIn)).toBe('Signed in')
    expect(screens.for('error')).toBe('Something went wrong')
    expect(screens.unvisited()).not.toContain('error')
    expect(screens.unvisited()).not.toContain('authenticated')
  })
})
