// Starts the dev server in a child process and talks to its `/__dev` routes over loopback.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const childScript = fileURLToPath(new URL('./dev-server-child.mjs', import.meta.url))

/** Users that exist before any flow runs (login and sign-up-or-in of an existing user). */
export const existingUsers = ['ada@example.com', 'grace@example.com', 'alan@example.com']

export async function startDevServer() {
  const child = fork(
    childScript,
    [JSON.stringify({ users: existingUsers.map((identifier) => ({ identifier })) })],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  const [ready] = await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`The dev server exited with ${code} before it was ready.`)
    }),
  ])
  const { url, baseURL, appId } = ready

  async function getJson(path) {
    const response = await fetch(`${url}${path}`)
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`)
    return response.json()
  }

  let cpuRequests = 0
  return {
    url,
    baseURL,
    appId,
    /** The code most recently sent to `identifier`, read from the dev outbox. */
    async latestCode(identifier) {
      const { messages } = await getJson(
        `/__dev/outbox?identifier=${encodeURIComponent(identifier)}`,
      )
      if (!messages[0]) throw new Error(`No code was sent to ${identifier}.`)
      return messages[0].code
    },
    /** `/v1` requests the server has seen so far (preflights and `/__dev` routes not counted). */
    async requests() {
      return (await getJson('/__dev/stats')).requests
    },
    /** The server process's own `process.cpuUsage()`. */
    async cpuUsage() {
      const id = ++cpuRequests
      child.send({ type: 'cpu', id })
      for (;;) {
        const [message] = await once(child, 'message')
        if (message.type === 'cpu' && message.id === id) return message.cpu
      }
    },
    async close() {
      const exited = once(child, 'exit')
      child.disconnect()
      await exited
    },
  }
}
