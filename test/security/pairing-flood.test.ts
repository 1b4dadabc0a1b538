// An unauthenticated pairing flood (and a console flood) during a print: the print keeps its lines, the display is shown once.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startSecureGateway, until, type SecureGateway } from './secure-gateway.js'

let gw: SecureGateway
let agent: http.Agent
beforeAll(async () => {
  gw = await startSecureGateway({ autoStart: true })
  agent = new http.Agent({ keepAlive: true, maxSockets: 16 })
})
afterAll(async () => {
  agent?.destroy()
  await gw?.close()
})

function post(path: string, headers: Record<string, string>, body = '{}'): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: gw.port, method: 'POST', path, agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

async function printOnce(flood: boolean) {
  const created = (await (
    await fetch(`${gw.baseUrl}/api/print-request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_request: 'Print a 20 mm cube for the flood run' }),
    })
  ).json()) as { job_id: string }
  const status = async () => ((await (await fetch(`${gw.baseUrl}/api/status/${created.job_id}`)).json()) as { status: string }).status
  await until(async () => (await status()) === 'printing_phase', 20_000, 'printing')
  const sim = [...gw.sim.ports.values()][0]!
  const statuses: Record<number, number> = {}
  let printing = true
  const done = until(async () => ['completed', 'failed', 'cancelled', 'interrupted'].includes(await status()), 180_000, 'print end').then(
    () => (printing = false),
  )
  const flooders = flood
    ? Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; printing && (w < 4 || i < 250); i++) {
          // pairing requests from 40 LAN addresses, and a console flood of messages from an admin key
          const code =
            w < 4
              ? await post('/api/printer/command', { [PEER_HEADER]: LAN_PEER, 'x-api-key': gw.adminKey }, JSON.stringify({ command: `M117 flood ${w}-${i}` }))
              : await post('/api/auth/pairing/request', { [PEER_HEADER]: `192.168.7.${((w * 7 + i) % 40) + 1}` })
          statuses[code] = (statuses[code] ?? 0) + 1
        }
      })
    : []
  const t0 = Date.now()
  await Promise.all([done, ...flooders])
  console.info('print took', Date.now() - t0, 'ms', flood ? 'with' : 'without', 'flood')
  expect(await status()).toBe('completed')
  const transcript = sim.transcript.map((e) => e.command)
  const sent = transcript.slice(transcript.findLastIndex((c) => c.startsWith('M110')) + 1)
  const gcode = await (await fetch(`${gw.baseUrl}/api/workflows/${created.job_id}/files/gcode`)).text()
  const jobLines = gcode
    .split('\n')
    .map((l) => l.replace(/;.*$/, '').trim())
    .filter(Boolean)
  return { sent, jobLines, statuses }
}

describe('a pairing flood during a print', () => {
  it('shows the code once, rate-limits the route per client, and the print keeps at least 95 % of the link', async () => {
    gw.plan.controls.layers = 20
    gw.plan.controls.movesPerLayer = 100
    const calm = await printOnce(false)
    await gw.orchestrator.bedCleared()
    const flooded = await printOnce(true)

    const requests = Object.values(flooded.statuses).reduce((a, b) => a + b, 0)
    console.info('flood statuses', flooded.statuses, 'lines on the link', { calm: calm.sent.length, flooded: flooded.sent.length })
    expect(requests).toBeGreaterThan(2000)
    expect(flooded.statuses[429]).toBeGreaterThan(500)
    expect(Object.keys(flooded.statuses).filter((s) => Number(s) >= 500 || s === '0')).toEqual([])

    // every job line exactly once and in order, whatever else was interleaved
    const isJob = (c: string) => !c.startsWith('M117') && !c.startsWith('M105') && !c.startsWith('M155')
    expect(flooded.sent.filter(isJob)).toEqual(flooded.jobLines.filter(isJob))
    const pairDisplays = flooded.sent.filter((c) => c.startsWith('M117 Pair code'))
    expect(pairDisplays.length).toBeLessThanOrEqual(2)
    // the link's line rate for the print: its share of the lines sent while it ran
    const share = (run: { sent: string[]; jobLines: string[] }) => run.jobLines.length / run.sent.length
    console.info('job share of the link', { calm: share(calm), flooded: share(flooded) })
    expect(share(flooded)).toBeGreaterThanOrEqual(share(calm) * 0.95)
  }, 400_000)
})
