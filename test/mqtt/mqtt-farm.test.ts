// Several printers on one gateway over a real Mosquitto: one HA device each, both printing at once, a button acting on its own printer only,
// configs of a removed printer cleared at the next start, and every printer's availability offline after SIGKILL.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { startMosquitto, type Broker } from './mosquitto.js'
import { mqttAsync } from './mqtt-client.js'
import { until } from '../support/wait-for.js'

const SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.5'
const ENTITIES = [
  'sensor:hotend_temperature',
  'sensor:hotend_target',
  'sensor:bed_temperature',
  'sensor:bed_target',
  'sensor:state',
  'sensor:progress',
  'sensor:time_left',
  'sensor:layer',
  'sensor:file',
  'binary_sensor:printing',
  'button:pause',
  'button:resume',
  'button:cancel',
  'button:emergency_stop',
  'button:bed_cleared',
]

let broker: Broker
let gateway: GatewayProcess | null = null
let client: Awaited<ReturnType<typeof mqttAsync>>
const retainedNow = new Map<string, string>()
const dataDir = mkdtempSync(join(tmpdir(), 'pg-farm-mqtt-'))

function startFarm(printers: string[]): Promise<GatewayProcess> {
  const config = join(dataDir, `farm-${printers.join('-')}.yaml`)
  writeFileSync(
    config,
    [
      'mqtt:',
      '  gatewayId: farm1',
      '  name: Farm',
      'queue:',
      '  autoStart: true',
      'printers:',
      ...printers.map((id, i) => `  - { id: ${id}, name: Printer ${id.toUpperCase()}, port: "${SIM}&seed=${i + 1}", engine: process }`),
    ].join('\n'),
  )
  // PRINTGATE_SERIAL_PORT set to '' is ignored: the config's printers: list decides the ports
  return startGatewayProcess({ dataDir, env: { PRINTGATE_MQTT_URL: broker.url, PRINTGATE_CONFIG: config, PRINTGATE_SERIAL_PORT: '' } })
}

const api = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${gateway!.baseUrl}${path}`, init)).json()) as T
const status = async (id: string) => (await api<{ status: string }>(`/api/status/${id}`)).status
const configsOf = (printer: string) =>
  [...retainedNow.entries()].filter(
    ([topic, payload]) => topic.startsWith('homeassistant/') && topic.includes(`/printgate_farm1_${printer}/`) && payload !== '',
  )

function longFile(): string {
  const lines = ['M140 S40', 'M104 S60', 'G28', 'G90', 'M82', 'G92 E0']
  for (let i = 0; i < 1500; i++) {
    if (i % 300 === 0) lines.push(';LAYER_CHANGE', `;Z:${(0.2 * (1 + i / 300)).toFixed(1)}`, `G1 Z${(0.2 * (1 + i / 300)).toFixed(1)} F600`)
    lines.push(`G1 X${10 + (i % 2) * 10} Y${10 + (i % 9)} E${(i * 0.02).toFixed(2)} F600`)
  }
  return lines.join('\n')
}

beforeAll(async () => {
  broker = await startMosquitto()
  client = await mqttAsync(broker.url)
  client.on('message', (topic, payload) => {
    if (payload.length === 0) retainedNow.delete(topic)
    else retainedNow.set(topic, payload.toString())
  })
  await client.subscribeAsync(['homeassistant/#', 'printgate/#'])
  gateway = await startFarm(['a', 'b'])
}, 90_000)

afterAll(async () => {
  await client?.endAsync()
  await gateway?.stop('SIGKILL')
  await broker?.stop()
})

describe('several printers per gateway over MQTT', () => {
  it('announces one Home Assistant device per printer with every entity, retained, and both printers in the fleet', async () => {
    await until(() => (configsOf('a').length >= 15 && configsOf('b').length >= 15 ? true : undefined), 30_000, 'discovery for both printers')
    for (const printer of ['a', 'b']) {
      const keys = configsOf(printer).map(([topic]) => `${topic.split('/')[1]}:${topic.split('/').slice(-2, -1)[0]}`)
      expect(keys).toEqual(expect.arrayContaining(ENTITIES))
      const devices = new Set(
        configsOf(printer).map(([, payload]) => (JSON.parse(payload) as { device: { identifiers: string[]; name: string } }).device.identifiers[0]),
      )
      expect([...devices]).toEqual([`printgate_farm1_${printer}`])
      expect(JSON.parse(configsOf(printer)[0]![1])).toMatchObject({
        availability_topic: `printgate/farm1/${printer}/availability`,
        device: { name: `Printer ${printer.toUpperCase()}` },
      })
    }
    await until(
      () =>
        retainedNow.get('printgate/farm1/a/availability') === 'online' && retainedNow.get('printgate/farm1/b/availability') === 'online' ? true : undefined,
      20_000,
      'both printers online',
    )
    // retained: a client connecting now gets both devices' buttons
    const late = await mqttAsync(broker.url)
    const seen = new Set<string>()
    late.on('message', (topic) => seen.add(topic))
    await late.subscribeAsync('homeassistant/button/+/+/config')
    await until(() => (seen.size >= 10 ? true : undefined), 10_000, 'ten retained buttons for a late client')
    await late.endAsync()
    const announced = await until(
      () => {
        const raw = retainedNow.get('printgate/gateways/farm1')
        const body = raw ? (JSON.parse(raw) as { printers: Array<{ id: string; state: string }> }) : undefined
        return body?.printers.length === 2 && body.printers.every((p) => p.state === 'operational') ? body : undefined
      },
      20_000,
      'the gateway announcing both printers',
    )
    expect(announced.printers.map((p) => p.id)).toEqual(['a', 'b'])
  }, 90_000)

  it('prints on both printers at once; a button pressed over MQTT acts on its own printer only', async () => {
    const form = new FormData()
    form.append('file', new Blob([longFile()]), 'farm.gcode')
    const file = await api<{ id: string }>('/api/files', { method: 'POST', body: form })
    const start = (printer: string) => api<{ job_id: string; printer_id: string }>(`/api/printers/${printer}/files/${file.id}/print`, { method: 'POST' })
    const [jobA, jobB] = [await start('a'), await start('b')]
    expect([jobA.printer_id, jobB.printer_id]).toEqual(['a', 'b'])
    await until(
      () => {
        const printing = (p: string) => (JSON.parse(retainedNow.get(`printgate/farm1/${p}/state`) ?? '{}') as { printing?: boolean }).printing === true
        return printing('a') && printing('b') ? true : undefined
      },
      60_000,
      'both printing in their state topics',
    )
    const pauseB = (JSON.parse(retainedNow.get('homeassistant/button/printgate_farm1_b/pause/config') ?? '{}') as { command_topic?: string }).command_topic
    expect(pauseB).toBe('printgate/farm1/b/command/pause')
    await client.publishAsync(pauseB!, 'PRESS')
    await until(async () => ((await status(jobB.job_id)) === 'paused' ? true : undefined), 30_000, 'b paused by its button')
    expect(await status(jobA.job_id)).toBe('printing_phase')
    expect((await api<{ state: string }>('/api/printers/a')).state).toBe('printing')
    await client.publishAsync('printgate/farm1/a/command/cancel', 'PRESS')
    await until(async () => ((await status(jobA.job_id)) === 'cancelled' ? true : undefined), 30_000, 'a cancelled by its button')
    expect(await status(jobB.job_id)).toBe('paused')
    await client.publishAsync('printgate/farm1/b/command/cancel', 'PRESS')
    await until(async () => ((await status(jobB.job_id)) === 'cancelled' ? true : undefined), 30_000, 'b cancelled')
  }, 150_000)

  it('clears the retained configs of a printer removed from the config at the next start', async () => {
    await gateway!.stop('SIGTERM')
    await until(() => (retainedNow.get('printgate/farm1/b/availability') === 'offline' ? true : undefined), 10_000, 'both offline after a clean stop')
    gateway = await startFarm(['a'])
    await until(
      () => (configsOf('b').length === 0 && !retainedNow.has('printgate/farm1/b/availability') ? true : undefined),
      30_000,
      "b's discovery configs removed",
    )
    expect(configsOf('a').length).toBeGreaterThanOrEqual(15)
    await until(() => (retainedNow.get('printgate/farm1/a/availability') === 'online' ? true : undefined), 20_000, 'a online again')
  }, 90_000)

  it("reads every printer's availability offline (the last wills) after SIGKILL", async () => {
    await gateway!.stop('SIGTERM')
    gateway = await startFarm(['a', 'b'])
    await until(
      () =>
        retainedNow.get('printgate/farm1/a/availability') === 'online' && retainedNow.get('printgate/farm1/b/availability') === 'online' ? true : undefined,
      30_000,
      'both online',
    )
    const engines = execFileSync('pgrep', ['-P', String(gateway.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
    expect(engines.length).toBeGreaterThanOrEqual(2)
    await gateway.stop('SIGKILL')
    for (const pid of engines) process.kill(pid, 'SIGKILL')
    gateway = null
    await until(
      () =>
        retainedNow.get('printgate/farm1/a/availability') === 'offline' && retainedNow.get('printgate/farm1/b/availability') === 'offline' ? true : undefined,
      20_000,
      'both offline from their last wills',
    )
  }, 120_000)
})
