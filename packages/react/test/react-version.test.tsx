import { render } from '@testing-library/react'
import { version as reactVersion } from 'react'
import { version as reactDomVersion } from 'react-dom'
import { expect, test } from 'vitest'
import { FlowProbe } from './components'

// Each project says which React it means to test; this keeps an alias mistake from silently
// running both projects on the same React.
const expectedMajor = process.env.EXPECTED_REACT_MAJOR

test(`the tests run on React ${expectedMajor} and React DOM ${expectedMajor}`, () => {
  expect(expectedMajor).toMatch(/^1[89]$/)
  expect(reactVersion.split('.')[0]).toBe(expectedMajor)
  expect(reactDomVersion).toBe(reactVersion)
})

test('Testing Library, @xstate/react and the adapter share that one React', () => {
  // Hooks from a second copy of React would throw "Invalid hook call" here.
  const { getByTestId } = render(<FlowProbe options={{ appId: 'demo' }} />)
  expect(getByTestId('flow').dataset.step).toBe('idle')
})
