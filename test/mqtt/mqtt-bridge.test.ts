// MQTT against a real Mosquitto: retained state and Home Assistant discovery, buttons acting through the control code, OctoPrint-style topics, the fleet, and the last will.
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGatewayProcess, type GatewayProcess } from '../api/process.js'
import { startMosquitto, type Broker } from './mosquitto.js'
import { mqttAsync } from './mqtt-client.js'
import { until } from '../support/wait-for.js'

let broker: Broker
let gateway: GatewayProcess | null = null
let second: GatewayProcess | null = null
const watcher = { messages: new Map<string, string>(), log: [] as Array<{ topic: string; payload: string }> }
let client: Awaited<ReturnType<typeof mqttAsync>>

const api = async <T>(g: GatewayProcess, path: string, init?: RequestInit): Promise<T> => (await (await fetch(`${g.baseUrl}${path}`, init)).json()) as T
const retained = (suffix: string): string | undefined => [...watcher.messages.entries()].find(([topic]) => topic.endsWith(suffix))?.[1]

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
  gateway = await startGatewayProcess({ env: { PRINTGATE_MQTT_URL: broker.url } })
  client = await mqttAsync(broker.url)
  client.on('message', (topic, payload) => {
    watcher.messages.set(topic, payload.toString())
    watcher.log.push({ topic, payload: payload.toString() })
  })
  await client.subscribeAsync(['homeassistant/#', 'printgate/#'])
}, 60_000)

afterAll(async () => {
  await client?.endAsync()
  await gateway?.stop('SIGKILL')
  await second?.stop('SIGKILL')
  await broker?.stop()
})

describe('MQTT and Home Assistant', () => {
  it('announces the printer as a Home Assistant device with sensors, a binary sensor and buttons, retained', async () => {
    await until(() => (retained('/emergency_stop/config') ? true : undefined), 20_000, 'discovery configs')
    const configs = [...watcher.messages.entries()].filter(([topic]) => topic.startsWith('homeassistant/'))
    const keys = configs.map(([topic]) => topic.split('/').slice(1, 2).concat(topic.split('/').slice(-2, -1)).join(':'))
    expect(keys).toEqual(
      expect.arrayContaining([
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
      ]),
    )
    const hotend = JSON.parse(retained('/hotend_temperature/config') as string) as Record<string, unknown> & { device: { identifiers: string[] } }
    expect(hotend).toMatchObject({ device_class: 'temperature', unit_of_measurement: '°C', payload_available: 'online' })
    const devices = new Set(configs.map(([, payload]) => (JSON.parse(payload) as { device: { identifiers: string[] } }).device.identifiers[0]))
    expect(devices.size).toBe(1)
    // A client that connects later gets them too: they are retained.
    const late = await mqttAsync(broker.url)
    const seen: string[] = []
    late.on('message', (topic) => seen.push(topic))
    await late.subscribeAsync('homeassistant/button/+/+/config')
    await until(() => (seen.length >= 5 ? true : undefined), 5000, 'retained button configs for a late client')
    await late.endAsync()
    expect(await until(() => (retained('/default/availability') === 'online' ? true : undefined), 10_000, 'availability online')).toBe(true)
  }, 60_000)

  it('publishes state while printing, OctoPrint-style progress, temperature and event topics, and acts on buttons', async () => {
    const form = new FormData()
    form.append('file', new Blob([longFile()]), 'mqtt.gcode')
    form.append('print', 'true')
    const { job } = await api<{ job: { job_id: string } }>(gateway!, '/api/files', { method: 'POST', body: form })
    await until(
      () => {
        const state = retained('/default/state')
        return state && (JSON.parse(state) as { printing: boolean }).printing ? true : undefined
      },
      30_000,
      'printing in the state topic',
    )
    await until(() => (watcher.log.some((m) => m.topic.endsWith('/event/PrintStarted')) ? true : undefined), 10_000, 'an OctoPrint-style PrintStarted event')
    await until(() => (retained('/progress/printing') && retained('/temperature/tool0') ? true : undefined), 10_000, 'progress/printing and temperature/tool0')
    // The file sets 60 °C first; the next temperature report carries it.
    await until(
      () => ((JSON.parse(retained('/temperature/tool0') as string) as { target: number }).target === 60 ? true : undefined),
      15_000,
      'the hotend target in temperature/tool0',
    )
    expect(JSON.parse(retained('/temperature/tool0') as string)).toMatchObject({ actual: expect.any(Number), target: 60 })

    const pauseTopic = (JSON.parse(retained('/pause/config') ?? '{}') as { command_topic?: string }).command_topic ?? ''
    expect(pauseTopic).toMatch(/^printgate\/[^/]+\/default\/command\/pause$/)
    await client.publishAsync(pauseTopic, 'PRESS')
    await until(
      async () => ((await api<{ status: string }>(gateway!, `/api/status/${job.job_id}`)).status === 'paused' ? true : undefined),
      30_000,
      'the job paused by the MQTT button',
    )
    await until(() => (watcher.log.some((m) => m.topic.endsWith('/event/PrintPaused')) ? true : undefined), 10_000, 'a PrintPaused event')
    await client.publishAsync(pauseTopic.replace(/pause$/, 'resume'), 'PRESS')
    await until(
      async () => ((await api<{ status: string }>(gateway!, `/api/status/${job.job_id}`)).status === 'printing_phase' ? true : undefined),
      30_000,
      'the job printing again',
    )
    await client.publishAsync(pauseTopic.replace(/pause$/, 'cancel'), 'PRESS')
    await until(
      async () => ((await api<{ status: string }>(gateway!, `/api/status/${job.job_id}`)).status === 'cancelled' ? true : undefined),
      30_000,
      'the job cancelled',
    )
  }, 120_000)

  it('sends the discovery configs again when Home Assistant comes online', async () => {
    const before = watcher.log.filter((m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config')).length
    await client.publishAsync('homeassistant/status', 'online')
    await until(
      () => (watcher.log.filter((m) => m.topic.startsWith('homeassistant/') && m.topic.endsWith('/config')).length >= before + 15 ? true : undefined),
      10_000,
      'configs re-sent',
    )
  }, 30_000)

  it("lists a second gateway on the same broker in the first one's fleet", async () => {
    second = await startGatewayProcess({ env: { PRINTGATE_MQTT_URL: broker.url } })
    const fleet = await until(
      async () => {
        const body = await api<{ mqtt: boolean; gateways: Array<{ self: boolean; online: boolean; printers: unknown[] }> }>(gateway!, '/api/fleet')
        return body.gateways.length === 2 ? body : undefined
      },
      20_000,
      'two gateways in the fleet',
    )
    expect(fleet.mqtt).toBe(true)
    expect(fleet.gateways.filter((g) => g.self)).toHaveLength(1)
    expect(fleet.gateways.every((g) => g.online && g.printers.length === 1)).toBe(true)
  }, 60_000)

  it('reads offline (the last will) after the gateway is killed with SIGKILL', async () => {
    const firstId = (await api<{ gateways: Array<{ id: string; self: boolean }> }>(gateway!, '/api/fleet')).gateways.find((g) => g.self)?.id
    const firstTopic = `printgate/${firstId}/default/availability`
    expect(watcher.messages.get(firstTopic)).toBe('online')
    const engines = execFileSync('pgrep', ['-P', String(gateway!.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
    await gateway!.stop('SIGKILL')
    for (const pid of engines) process.kill(pid, 'SIGKILL')
    await until(() => (watcher.messages.get(firstTopic) === 'offline' ? true : undefined), 15_000, 'offline from the last will')
    const fleet = await until(
      async () => {
        const body = await api<{ gateways: Array<{ self: boolean; online: boolean }> }>(second!, '/api/fleet')
        return body.gateways.some((g) => !g.self && !g.online) ? body : undefined
      },
      10_000,
      'the second gateway to see the first offline',
    )
    expect(fleet.gateways.find((g) => g.self)?.online).toBe(true)
  }, 60_000)
})
