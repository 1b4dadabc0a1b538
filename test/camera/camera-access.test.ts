// The camera behind printgate's real security chain: a LAN client without a credential is refused, with one it is served.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { socketAddress } from '../../src/auth/client-address.js'
import { createSecurity, type Security } from '../../src/auth/security.js'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { openDatabase, type Db } from '../../src/storage/db.js'
import { LAN_PEER, PEER_HEADER } from '../security/secure-gateway.js'
import { isJpeg, startCameraServer, type CameraServer } from './camera-server.js'
import { startStandInCamera, type StandInCamera } from './stand-in-camera.js'

let streamer: StandInCamera
let server: CameraServer
let security: Security
let db: Db
let adminKey: string

beforeAll(async () => {
  streamer = await startStandInCamera({ fps: 10 })
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-camera-auth-'))
  db = openDatabase(join(dataDir, 'printgate.db'))
  security = createSecurity({
    db,
    clock: createSystemClock(),
    logger: silentLogger,
    options: { pairOnStart: false },
    addressSource: (c) => c.req.header(PEER_HEADER) ?? socketAddress(c),
  })
  adminKey = security.start().adminKey!
  server = await startCameraServer({ camera: { url: streamer.url, lingerMs: 200 }, dataDir, middleware: security.hook.middleware })
})
afterAll(async () => {
  await server?.close()
  security?.close()
  db?.close()
  await streamer?.stop()
})

const PRIVATE = [
  '/webcam/?action=stream',
  '/webcam/?action=snapshot',
  '/webcam/default/?action=snapshot',
  '/api/timelapse',
  '/api/camera',
  '/downloads/timelapse/x.mp4',
  '/downloads/snapshot/x.jpg',
]

describe('camera access', () => {
  it('refuses a LAN client without a credential on every camera route (401), and opens no upstream for it', async () => {
    const before = streamer.connections()
    for (const path of PRIVATE) {
      const res = await fetch(server.base + path, { headers: { [PEER_HEADER]: LAN_PEER } })
      expect(res.status, path).toBe(401)
      expect(((await res.json()) as { error: string }).error).toBe('UNAUTHORIZED')
    }
    expect(streamer.connections()).toBe(before)
  })

  it('refuses a wrong key and a public address', async () => {
    expect(
      (await fetch(`${server.base}/webcam/?action=snapshot`, { headers: { [PEER_HEADER]: LAN_PEER, 'x-api-key': 'pg.0000000000000000.wrong' } })).status,
    ).toBe(401)
    expect((await fetch(`${server.base}/webcam/?action=snapshot`, { headers: { [PEER_HEADER]: '8.8.8.8', 'x-api-key': adminKey } })).status).toBe(403)
  })

  it('serves a LAN client with a read credential', async () => {
    const res = await fetch(`${server.base}/webcam/?action=snapshot`, { headers: { [PEER_HEADER]: LAN_PEER, 'x-api-key': adminKey } })
    expect(res.status).toBe(200)
    expect(isJpeg(Buffer.from(await res.arrayBuffer()))).toBe(true)
  })
})
