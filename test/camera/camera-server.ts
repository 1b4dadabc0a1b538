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

/** Reads an MJPEG response part by part, independently of src/: parts are cut by their Content-Length. */
export function partReader(response: Response): { next(): Promise<Buffer | null>; cancel(): Promise<void> } {
  const reader = response.body!.getReader()
  let pending = Buffer.alloc(0)
  const cut = (): Buffer | null => {
    const head = pending.indexOf('\r\n\r\n')
    if (head < 0) return null
    const length = /Content-Length: (\d+)/i.exec(pending.subarray(0, head).toString('latin1'))
    if (!length) throw new Error('a part without Content-Length')
    const end = head + 4 + Number(length[1])
    if (pending.length < end + 2) return null
    const part = pending.subarray(head + 4, end)
    pending = pending.subarray(end + 2)
    return part
  }
  return {
    /** The next whole part, or null when the stream ended. */
    async next() {
      for (;;) {
        const part = cut()
        if (part) return part
        const { value, done } = await reader.read()
        if (done) return null
        pending = Buffer.concat([pending, Buffer.from(value)])
      }
    },
    cancel: () => reader.cancel(),
  }
}

/** The first `want` parts of an MJPEG response (fewer if it ends); fails after `timeoutMs`. */
export async function readParts(response: Response, want: number, timeoutMs = 20_000): Promise<Buffer[]> {
  const parts = partReader(response)
  const frames: Buffer[] = []
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${frames.length} of ${want} frames in ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    while (frames.length < want) {
      const part = await Promise.race([parts.next(), late])
      if (!part) break
      frames.push(part)
    }
  } finally {
    clearTimeout(timer)
    await parts.cancel()
  }
  return frames
}

export const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b.at(-2) === 0xff && b.at(-1) === 0xd9
