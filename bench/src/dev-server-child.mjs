// The dev server in its own process, so the bench process's CPU time is the client's alone.
// Started by dev-server.mjs with `fork`; options arrive as JSON in argv, the URL goes back over IPC.
import { createDevServer } from '@passage-otp/dev-server'

const extra = JSON.parse(process.argv[2] ?? '{}')
const server = await createDevServer({
  ...extra,
  ipRateLimit: false,
  resendCooldownSeconds: 0,
  logger: false,
})

process.on('message', async (message) => {
  if (message?.type === 'cpu')
    process.send({ type: 'cpu', id: message.id, cpu: process.cpuUsage() })
})
process.on('disconnect', async () => {
  await server.close()
  process.exit(0)
})
process.send({ type: 'ready', url: server.url, baseURL: server.baseURL, appId: server.appId })
