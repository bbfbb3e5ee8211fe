// Table 2: flow overhead. Complete login flows against the dev server (its own process) on
// loopback: ours, the floor, and our client without the machine, interleaved A B C D A B C D in one
// process with D, our machine without the network. The machine alone is measured again after them,
// flow after flow.
import {
  abortableRequestMicros,
  clientFlow,
  floorFlow,
  machineFlow,
  machineOnlyFlows,
  oursFlow,
} from './flows.mjs'
import { mean, median, ms, percentile, ratio, us } from './format.mjs'

const variants = [
  { id: 'ours', run: oursFlow, identifier: 'ada@example.com' },
  { id: 'floor', run: floorFlow, identifier: 'grace@example.com' },
  { id: 'client', run: clientFlow, identifier: 'alan@example.com' },
  // No request: its token comes from requests that resolve at once.
  { id: 'machine', run: machineFlow, identifier: null },
]
const networkVariants = variants.filter(({ identifier }) => identifier !== null).length

function summary(list) {
  const wall = list.map((sample) => sample.ms)
  const cpu = list.map((sample) => sample.cpuMicros)
  return {
    flows: list.length,
    medianMs: median(wall),
    p99Ms: percentile(wall, 99),
    meanMs: mean(wall),
    medianCpuMicros: median(cpu),
    p99CpuMicros: percentile(cpu, 99),
    meanCpuMicros: mean(cpu),
  }
}

export async function measureOverhead(server, { flows, warmup, machineFlows }) {
  const samples = Object.fromEntries(variants.map(({ id }) => [id, []]))
  const serverCpu0 = await server.cpuUsage()
  for (let i = 0; i < warmup + flows; i++) {
    for (const { id, run, identifier } of variants) {
      const { ms: wall, cpuMicros, result } = await run(server, identifier)
      if (!(result?.authToken ?? result?.auth_token)) throw new Error(`${id}: no auth token`)
      if (i >= warmup) samples[id].push({ ms: wall, cpuMicros })
    }
  }
  const serverCpu1 = await server.cpuUsage()
  const serverCpuMicros = serverCpu1.user + serverCpu1.system - serverCpu0.user - serverCpu0.system
  return {
    flows,
    warmup,
    ...Object.fromEntries(Object.entries(samples).map(([id, list]) => [id, summary(list)])),
    machineOnly: await machineOnlyFlows(machineFlows),
    requestMicros: abortableRequestMicros(machineFlows * 4),
    serverCpuMicrosPerFlow: serverCpuMicros / ((warmup + flows) * networkVariants),
  }
}

export function overheadTable(overhead) {
  const { ours, floor, client, machine, machineOnly, requestMicros } = overhead
  const row = (name, pick, format) => ({
    metric: name,
    ours: format(pick(ours)),
    floor: format(pick(floor)),
    ratio: ratio(pick(ours), pick(floor)),
    difference: format(pick(ours) - pick(floor)),
    client: format(pick(client)),
    machine: format(pick(machine)),
  })
  return {
    id: 'overhead',
    title: '2. Flow overhead: complete login flows on loopback (ours = core actor)',
    columns: [
      { key: 'metric', label: 'per flow' },
      { key: 'ours', label: 'ours', align: 'right' },
      { key: 'floor', label: 'floor (2 × fetch)', align: 'right' },
      { key: 'ratio', label: 'ours / floor', align: 'right' },
      { key: 'difference', label: 'ours − floor', align: 'right' },
      { key: 'client', label: 'our client alone', align: 'right' },
      { key: 'machine', label: 'our machine alone', align: 'right' },
    ],
    rows: [
      row('latency, median', (s) => s.medianMs, ms),
      row('latency, p99', (s) => s.p99Ms, ms),
      row('client CPU, median', (s) => s.medianCpuMicros, us),
      row('client CPU, p99', (s) => s.p99CpuMicros, us),
      row('client CPU, mean', (s) => s.meanCpuMicros, us),
    ],
    notes: [
      `${overhead.flows} flows of each after ${overhead.warmup} warm-up flows of each, interleaved ours, floor, client, machine, ours, floor, client, machine… in one process.`,
      'A flow: send the code, then activate it (login of an existing user). Time and CPU exclude reading the code from the dev outbox.',
      'Ours creates and starts an actor per flow; "our client alone" is `createPassageOtpClient` + `requestLoginOtp` + `activateOtp` without the machine; "our machine alone" is the same actor flow with requests that resolve at once, timed in the same loop: what the machine adds to the client in these conditions.',
      'CPU is `process.cpuUsage()` (user + system) of the bench process; the dev server runs in a child process.',
      `The machine alone again, flow after flow (hot caches, no network): ${us(machineOnly.cpuMicros)} CPU and ${ms(machineOnly.ms)} wall per flow (${machineOnly.flows} flows); ${us(machineOnly.logicMicros)} of that CPU is \`createOtpAuthLogic\` (\`otpAuthMachine.provide()\` runs once per client; each flow looks it up).`,
      `Node's fetch makes a request abortable at a cost: \`new Request\` with an \`AbortSignal\` takes ${us(requestMicros.abortable)} of CPU, without one ${us(requestMicros.plain)}. Our client passes one per request (its timeout and the caller's cancel); the floor passes none.`,
      `The dev server process spent ${us(overhead.serverCpuMicrosPerFlow)} of CPU per flow (outbox reads included).`,
    ],
  }
}
