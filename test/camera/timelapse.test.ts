// A print on the simulator with a stand-in camera: a frame per layer (not per Z-hop), rendered, listed, playable, pruned with its job.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import { pruneJobFiles } from '../../src/ops/housekeeping.js'
import { createPrinterService } from '../../src/printer/printer-service.js'
import type { PrinterService } from '../../src/printer/types.js'
import { loadFirmwareProfiles } from '../../src/profiles/load.js'
import { createBindingResolver } from '../../src/serial/resolve-binding.js'
import { createSimBinding, type SimBinding } from '../../src/sim/sim-binding.js'
import { FAST_SIM, until } from '../api/harness.js'
import { isJpeg, startCameraServer, type CameraServer } from './camera-server.js'
import { startStandInCamera, type StandInCamera } from './stand-in-camera.js'

const LAYERS = 12

/** PrusaSlicer-style layers, each with a Z-hop travel (which must not add frames); the last four spiral up like vase mode. */
function layeredGcode(): string {
  const out = ['G21', 'G90', 'M82', 'G28', 'G92 E0']
  let e = 0
  for (let layer = 1; layer <= LAYERS; layer++) {
    const z = (layer * 0.2).toFixed(2)
    out.push(';LAYER_CHANGE', `;Z:${z}`, `G1 Z${z} F600`)
    const vase = layer > LAYERS - 4
    for (let i = 0; i < 30; i++) {
      e += 0.05
      const zi = vase ? ` Z${(layer * 0.2 + (i / 30) * 0.2).toFixed(3)}` : ''
      out.push(`G1 X${100 + (i % 10)} Y${100 + Math.floor(i / 10)}${zi} E${e.toFixed(3)} F1800`)
      if (!vase && i === 15) out.push(`G1 Z${(layer * 0.2 + 0.4).toFixed(2)} F600`, 'G0 X120 Y120 F6000', `G1 Z${z} F600`)
    }
  }
  return out.join('\n') + '\n'
}

let streamer: StandInCamera
let server: CameraServer
let printer: PrinterService
let sim: SimBinding
const jobId = 'tl-job-1'

beforeAll(async () => {
  streamer = await startStandInCamera({ size: '640x480', fps: 10 })
  const clock = createSystemClock()
  sim = createSimBinding({ clock })
  printer = createPrinterService({
    clock,
    logger: silentLogger,
    profiles: loadFirmwareProfiles(),
    resolveBinding: createBindingResolver({ sim }),
    options: { defaultPort: FAST_SIM, defaultBaud: 250000 },
  })
  await printer.connect()
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-timelapse-'))
  server = await startCameraServer({ camera: { url: streamer.url, lingerMs: 200, timelapse: { fps: 10, threads: 2 } }, printer, clock, dataDir })
}, 60_000)
afterAll(async () => {
  await server?.close()
  await printer?.shutdown().catch(() => undefined)
  sim?.dispose()
  await streamer?.stop()
})

describe('timelapse of a print on the simulator', () => {
  it('records one frame per layer change, renders an H.264 yuv420p +faststart MP4 listed in /api/timelapse, with a snapshot', async () => {
    const dir = join(server.dataDir, 'jobs', jobId)
    mkdirSync(dir, { recursive: true })
    const path = join(dir, 'print.gcode')
    writeFileSync(path, layeredGcode())
    const { done } = await printer.startPrint({ jobId, path })
    expect((await done).outcome).toBe('completed')
    await server.camera.recorder!.settled(jobId)

    type Listing = {
      enabled: boolean
      config: { type: string }
      files: { name: string; url: string; bytes: number; thumbnail: string | null; job_id: string }[]
      unrendered: unknown[]
    }
    const listing = await until(
      async () => {
        const body = (await (await fetch(`${server.base}/api/timelapse`)).json()) as Listing
        return body.files.length ? body : null
      },
      60_000,
      'the rendered timelapse',
    )
    expect(listing.enabled).toBe(true)
    expect(listing.config.type).toBe('zchange')
    const entry = listing.files[0]!
    expect(entry).toMatchObject({
      name: `${jobId}.mp4`,
      url: `/downloads/timelapse/${jobId}.mp4`,
      thumbnail: `/downloads/snapshot/${jobId}.jpg`,
      job_id: jobId,
    })
    expect(listing.unrendered).toEqual([])

    const video = Buffer.from(await (await fetch(server.base + entry.url)).arrayBuffer())
    expect(video.length).toBe(entry.bytes)
    const file = join(server.dataDir, 'downloaded.mp4')
    writeFileSync(file, video)
    const probe = JSON.parse(
      execFileSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-count_frames',
          '-select_streams',
          'v:0',
          '-show_entries',
          'stream=codec_name,pix_fmt,width,height,nb_read_frames',
          '-of',
          'json',
          file,
        ],
        { encoding: 'utf8' },
      ),
    ) as { streams: { codec_name: string; pix_fmt: string; width: number; height: number; nb_read_frames: string }[] }
    expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 640, height: 480 })
    // one frame per layer marker: the Z-hops and the spiral (vase) layers add none
    expect(Number(probe.streams[0]!.nb_read_frames)).toBe(LAYERS)
    // +faststart: the index (moov) comes before the media data
    expect(video.indexOf('moov')).toBeLessThan(video.indexOf('mdat'))
    // frames are dropped once rendered
    expect(existsSync(join(dir, 'timelapse-frames'))).toBe(false)

    const snapshot = await fetch(server.base + entry.thumbnail!)
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg')
    expect(isJpeg(Buffer.from(await snapshot.arrayBuffer()))).toBe(true)

    const range = await fetch(server.base + entry.url, { headers: { range: 'bytes=0-99' } })
    expect(range.status).toBe(206)
    expect(range.headers.get('content-range')).toBe(`bytes 0-99/${entry.bytes}`)
    expect(Buffer.from(await range.arrayBuffer())).toEqual(video.subarray(0, 100))
  })

  it('is deleted by housekeeping with its job folder, and no longer listed', async () => {
    const video = join(server.dataDir, 'jobs', jobId, 'timelapse.mp4')
    expect(readFileSync(video).length).toBeGreaterThan(0)
    const result = await pruneJobFiles({ roots: [join(server.dataDir, 'jobs')], maxAgeMs: -1, maxTotalBytes: Number.MAX_SAFE_INTEGER, isInUse: () => false })
    expect(result.deleted.map((d) => d.path)).toContain(video)
    const body = (await (await fetch(`${server.base}/api/timelapse`)).json()) as { files: unknown[] }
    expect(body.files).toEqual([])
    expect((await fetch(`${server.base}/downloads/timelapse/${jobId}.mp4`)).status).toBe(404)
  })

  it('refuses a download name that is not a job id', async () => {
    expect((await fetch(`${server.base}/downloads/timelapse/..%2F..%2Fprintgate.db.mp4`)).status).toBe(404)
    expect((await fetch(`${server.base}/downloads/snapshot/x.png`)).status).toBe(404)
  })
})
