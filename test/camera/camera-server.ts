// Serves the camera routes (src/camera) on a free loopback port, optionally behind printgate's security chain.
import { serve, type ServerType } from '@hono/node-server'
import { Hono, type MiddlewareHandler } from 'hono'
import { mkdtempSync } from 'node:fs'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createErrorHandler } from '../../src/api/errors.js'
import { cameraConfigSchema } from '../../src/camera/config.js'
import { createCameraService, type CameraService } from '../../src/camera/index.js'
import { createSystemClock, type Clock } from '../../src/core/clock.js'
import { createEmitter, type TypedEmitter } from '../../src/core/events.js'
import { silentLogger } from '../../src/core/logger.js'
import type { PrinterEvents, PrinterService, PrinterState } from '../../src/printer/types.js'

export interface CameraServer {
  base: string
  camera: CameraService
  dataDir: string
  /** The server-side responses of open /webcam requests (to read how much each one buffers). */
  responses: http.ServerResponse[]
  close(): Promise<void>
}

/** A printer stand-in for camera tests that do not print: only its state and events are read. */
export function idlePrinter(state: PrinterState = 'operational'): Pick<PrinterService, 'status' | 'events'> & { events: TypedEmitter<PrinterEvents> } {
  const events = createEmitter<PrinterEvents>()
  return { events, status: () => ({ state }) as ReturnType<PrinterService['status']> }
}

export async function startCameraServer(o: {
  camera: unknown
  printer?: Pick<PrinterService, 'status' | 'events'>
  clock?: Clock
  dataDir?: string
  middleware?: MiddlewareHandler[]
}): Promise<CameraServer> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'pg-camera-'))
  const camera = createCameraService({
    config: cameraConfigSchema.parse(o.camera),
    printer: o.printer ?? idlePrinter(),
    clock: o.clock ?? createSystemClock(),
    dataDir,
    logger: silentLogger,
  })
  const app = new Hono()
  app.onError(createErrorHandler(silentLogger))
  for (const m of o.middleware ?? []) app.use('*', m)
  app.route('/', camera.routes)
  const responses: http.ServerResponse[] = []
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => req.url?.startsWith('/webcam') && responses.push(res))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    camera,
    dataDir,
    responses,
    async close() {
      camera.stop()
      ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      await new Promise((r) => server.close(r))
    },
  }
}

/** Reads an MJPEG response independently of src/: counts parts by their Content-Length and checks each is a JPEG. */
export async function readParts(response: Response, want: number, timeoutMs = 20_000): Promise<Buffer[]> {
  const reader = response.body!.getReader()
  const frames: Buffer[] = []
  let pending = Buffer.alloc(0)
  const deadline = Date.now() + timeoutMs
  while (frames.length < want) {
    if (Date.now() > deadline) throw new Error(`only ${frames.length} of ${want} frames in ${timeoutMs} ms`)
    const { value, done } = await reader.read()
    if (done) break
    pending = Buffer.concat([pending, Buffer.from(value)])
    for (;;) {
      const head = pending.indexOf('\r\n\r\n')
      if (head < 0) break
      const length = /Content-Length: (\d+)/i.exec(pending.subarray(0, head).toString('latin1'))
      if (!length) throw new Error('a part without Content-Length')
      const end = head + 4 + Number(length[1])
      if (pending.length < end + 2) break
      frames.push(pending.subarray(head + 4, end))
      pending = pending.subarray(end + 2)
    }
  }
  await reader.cancel()
  return frames
}

export const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b.at(-2) === 0xff && b.at(-1) === 0xd9
