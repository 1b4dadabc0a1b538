// A Moonraker app's session (Mobileraker, Home Assistant's Moonraker integration) replayed against a printing simulator: oneshot token, identify, subscribe, database, upload, print, pause, resume, cancel, history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startCompatGateway, until, type CompatGateway } from './compat-gateway.js'
import { openRpc, type RpcClient } from './moonraker-rpc-client.js'
import { longPrint } from './push-clients.js'

let gw: CompatGateway
beforeAll(async () => {
  gw = await startCompatGateway()
})
afterAll(async () => {
  await gw?.close()
})

const lan = (key?: string) => ({ [PEER_HEADER]: LAN_PEER, ...(key ? { 'X-Api-Key': key } : {}) })
const http = async (method: string, path: string, key = gw.slicerKey, body?: unknown) => {
  const res = await fetch(gw.baseUrl + path, {
    method,
    headers: { ...lan(key), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as any }
}
const SUBSCRIBE = {
  extruder: ['temperature', 'target'],
  heater_bed: ['temperature', 'target'],
  print_stats: null,
  virtual_sdcard: ['progress', 'is_active'],
  display_status: null,
  toolhead: ['position', 'homed_axes'],
  fan: null,
  webhooks: null,
  gcode_move: null,
}

describe('a Moonraker app (Mobileraker / Home Assistant) against printgate', () => {
  it('connects with a oneshot token, subscribes, keeps settings in the database, uploads and prints, pauses, resumes, cancels, and finds it in history', async () => {
    const token = (await http('GET', '/access/oneshot_token')).body.result as string
    const rpc: RpcClient = await openRpc(`${gw.wsUrl}/websocket?token=${token}`, lan())
    await expect(openRpc(`${gw.wsUrl}/websocket?token=${token}`, lan())).rejects.toThrow(/401/)
    await expect(openRpc(`${gw.wsUrl}/websocket`, lan())).rejects.toThrow(/401/)
    try {
      expect(
        (await rpc.call('server.connection.identify', { client_name: 'Mobileraker', version: '2.8.0', type: 'mobile', url: 'https://mobileraker.com' }))
          .connection_id,
      ).toEqual(expect.any(Number))
      expect((await rpc.call('server.info')).klippy_state).toBe('ready')
      expect((await rpc.call('printer.info')).state).toBe('ready')
      expect((await rpc.call('printer.objects.list')).objects).toEqual(expect.arrayContaining(Object.keys(SUBSCRIBE)))
      const first = await rpc.call('printer.objects.subscribe', { objects: SUBSCRIBE })
      expect(first.status.print_stats.state).toBe('standby')
      expect(first.status.webhooks.state).toBe('ready')
      expect(first.status.extruder).toEqual({ temperature: expect.any(Number), target: expect.any(Number) })
      Object.assign(rpc.merged, first.status)

      // Mainsail / Mobileraker settings
      await rpc.call('server.database.post_item', { namespace: 'mobileraker', key: 'settings.theme', value: 'dark' })
      expect((await rpc.call('server.database.get_item', { namespace: 'mobileraker', key: 'settings.theme' })).value).toBe('dark')
      expect((await rpc.call('server.database.get_item', { namespace: 'mobileraker' })).value).toEqual({ settings: { theme: 'dark' } })
      expect((await rpc.call('server.database.list')).namespaces).toContain('mobileraker')
      expect((await rpc.fail('server.database.get_item', { namespace: 'nobody' })).code).toBe(404)
      expect((await rpc.call('server.webcams.list')).webcams).toEqual([])

      // upload as Mobileraker and Mainsail do, then start it by name
      const form = new FormData()
      form.append('root', 'gcodes')
      form.append('file', new Blob([longPrint()]), 'rpc-cube.gcode')
      const upload = await fetch(gw.baseUrl + '/server/files/upload', { method: 'POST', headers: lan(gw.slicerKey), body: form })
      expect(upload.status).toBe(201)
      expect((await rpc.call('server.files.list', { root: 'gcodes' })).map((f: any) => f.path)).toContain('rpc-cube.gcode')
      expect(await rpc.call('server.files.metadata', { filename: 'rpc-cube.gcode' })).toMatchObject({ filename: 'rpc-cube.gcode', size: expect.any(Number) })
      expect(await rpc.call('printer.print.start', { filename: 'rpc-cube.gcode' })).toBe('ok')

      const printing = await rpc.status((s) => s.print_stats?.state === 'printing' && s.virtual_sdcard?.progress > 0, 'printing with progress')
      expect(printing.print_stats.filename).toBe('rpc-cube.gcode')
      const progress = printing.virtual_sdcard.progress as number
      const temp = printing.extruder.temperature as number
      await rpc.status((s) => s.virtual_sdcard.progress > progress && s.extruder.temperature !== temp, 'progress and temperature to move')

      expect(await rpc.call('printer.print.pause')).toBe('ok')
      await rpc.status((s) => s.print_stats.state === 'paused', 'paused')

      // while paused: Klipper commands as Mobileraker sends them, translated to Marlin
      expect(await rpc.call('printer.gcode.script', { script: 'SET_HEATER_TEMPERATURE HEATER=heater_bed TARGET=65' })).toBe('ok')
      await rpc.status((s) => s.heater_bed.target === 65, 'bed target 65 (translated to M140)')
      expect(await rpc.call('printer.gcode.script', { script: 'SET_FAN_SPEED FAN=fan SPEED=0.5\nM117 hello' })).toBe('ok')
      await rpc.status((s) => Math.abs(s.fan.speed - 128 / 255) < 0.01, 'fan at half speed')
      const refused = await rpc.fail('printer.gcode.script', { script: 'SET_VELOCITY_LIMIT VELOCITY=100' })
      expect(refused).toMatchObject({ code: 400, data: { error: 'GCODE_COMMAND_UNSUPPORTED' } })
      expect(await rpc.call('printer.gcode.script', { script: 'RESUME' })).toBe('ok')
      await rpc.status((s) => s.print_stats.state === 'printing', 'printing again')
      expect(await rpc.call('printer.print.cancel')).toBe('ok')
      await rpc.status((s) => s.print_stats.state === 'cancelled', 'cancelled')

      const history = await rpc.call('server.history.list', { limit: 10 })
      expect(history.jobs.find((j: any) => j.filename === 'rpc-cube.gcode')).toMatchObject({ status: 'cancelled', exists: true })
    } finally {
      rpc.close()
      await until(() => gw.orchestrator.activeJobId() === null, 10_000, 'the printer to be free')
      await gw.orchestrator.bedCleared()
    }
  }, 90_000)

  it('the same methods over HTTP, an X-Api-Key WebSocket, and scopes: a read key cannot print, G-code beyond temperatures needs admin', async () => {
    const query = await http('GET', '/printer/objects/query?extruder&print_stats=state')
    expect(query.status).toBe(200)
    expect(Object.keys(query.body.result.status)).toEqual(['extruder', 'print_stats'])
    expect(query.body.result.status.print_stats).toEqual({ state: expect.any(String) })
    expect((await http('POST', '/server/database/item', gw.slicerKey, { namespace: 'mainsail', key: 'general.printername', value: 'desk' })).status).toBe(200)
    expect((await http('GET', '/server/database/item?namespace=mainsail&key=general.printername')).body.result.value).toBe('desk')
    expect((await http('POST', '/server/database/item', gw.readKey, { namespace: 'mainsail', key: 'x', value: 1 })).status).toBe(403)
    expect((await http('POST', '/printer/print/start?filename=nothing.gcode')).status).toBe(404)
    expect((await http('GET', '/server/info', gw.readKey)).body.result.klippy_state).toBe('ready')

    const reader = await openRpc(`${gw.wsUrl}/websocket`, lan(gw.readKey))
    const slicer = await openRpc(`${gw.wsUrl}/websocket`, lan(gw.slicerKey))
    try {
      expect((await reader.fail('printer.print.cancel')).code).toBe(403)
      expect((await reader.fail('no.such.method')).code).toBe(-32601)
      expect((await slicer.fail('printer.gcode.script', { script: 'G28' })).data?.error).toBe('FORBIDDEN')
      expect(await slicer.call('printer.gcode.script', { script: 'M104 S0' })).toBe('ok')
    } finally {
      reader.close()
      slicer.close()
    }
  })
})
