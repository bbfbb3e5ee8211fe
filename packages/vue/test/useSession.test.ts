import { createMemoryTokenStore, type Session, type SessionOptions } from '@passage-otp/core'
import { createTestAuthResult, createTestSession } from '@passage-otp/core/testing'
import { renderToString } from '@vue/server-renderer'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, expect, test, vi } from 'vitest'
import { createSSRApp, defineComponent, h, nextTick, onUpdated } from 'vue'
import { type UseSessionReturn, useSession } from '../src'

enableAutoUnmount(afterEach)

const sessions: Session[] = []
const channels: BroadcastChannel[] = []
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy()
  for (const channel of channels.splice(0)) channel.close()
})

function startSession(options: Partial<SessionOptions> = {}) {
  const session = createTestSession(options)
  sessions.push(session)
  return session
}

function Account(session: Session) {
  let result: UseSessionReturn | undefined
  let updates = 0
  const component = defineComponent({
    setup() {
      const own = useSession(session)
      result = own
      onUpdated(() => {
        updates += 1
      })
      return () =>
        h('div', [
          h('p', { 'data-testid': 'status' }, own.status.value),
          h('p', { 'data-testid': 'user' }, own.user.value?.sub ?? 'nobody'),
          h('button', { onClick: () => own.signOut() }, 'Sign out'),
        ])
    },
  })
  return { component, result: () => result, updates: () => updates }
}

test('shows the status and the user, and follows sign-in and sign-out', async () => {
  const session = startSession()
  const { component } = Account(session)
  const wrapper = mount(component)
  const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text()
  expect(text('status')).toBe('signedOut')
  expect(text('user')).toBe('nobody')

  await session.signIn(createTestAuthResult('ada'))
  await nextTick()
  expect(text('status')).toBe('signedIn')
  expect(text('user')).toBe('ada')

  await wrapper.get('button').trigger('click')
  await vi.waitFor(() => expect(text('status')).toBe('signedOut'), { timeout: 10_000 })
  expect(text('user')).toBe('nobody')
})

test('refs follow a refresh and a sign-out in another tab', async () => {
  const name = `passage-otp:vue-test:${Math.random()}`
  const pair = [new BroadcastChannel(name), new BroadcastChannel(name)]
  channels.push(...pair)
  const store = createMemoryTokenStore(createTestAuthResult('ada'))
  const here = startSession({ store, channel: pair[0] })
  const otherTab = startSession({ store, channel: pair[1] })
  const { component, result } = Account(here)
  mount(component)
  const session = result()
  expect(session?.status.value).toBe('signedIn')
  expect(session?.user.value?.sub).toBe('ada')

  await session?.refresh()
  expect(session?.user.value?.sub).toBe('test-user')
  expect(session?.authToken.value).toBe(here.getSnapshot().authToken)
  expect(session?.snapshot.value).toBe(here.getSnapshot())

  await otherTab.signOut()
  await vi.waitFor(() => expect(session?.status.value).toBe('signedOut'), { timeout: 10_000 })
  expect(session?.user.value).toBeNull()
  expect(session?.expiresAt.value).toBeNull()
})

test('stops listening when unmounted', async () => {
  const session = startSession()
  const subscribe = session.subscribe
  let listening = 0
  session.subscribe = (listener) => {
    listening += 1
    const unsubscribe = subscribe(listener)
    return () => {
      listening -= 1
      unsubscribe()
    }
  }
  const { component, updates } = Account(session)
  const wrapper = mount(component)
  expect(listening).toBe(1)
  await session.signIn(createTestAuthResult('ada'))
  await nextTick()
  expect(updates()).toBe(1)
  wrapper.unmount()
  expect(listening).toBe(0)
  await session.signOut()
  await nextTick()
  expect(updates()).toBe(1)
})

test('renders on the server without subscribing', async () => {
  const session = startSession({ store: createMemoryTokenStore(createTestAuthResult('grace')) })
  const subscribe = vi.spyOn(session, 'subscribe')
  const { component } = Account(session)
  const html = await renderToString(createSSRApp(component))
  expect(html).toContain('signedIn')
  expect(html).toContain('grace')
  expect(subscribe).not.toHaveBeenCalled()
})
