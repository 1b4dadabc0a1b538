// A stand-in network camera: ffmpeg's test source encoded to MJPEG, served as multipart by a small HTTP server like mjpg-streamer.
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandInCamera {
  url: string
  port: number
  /** Stream requests received since start (one per upstream connection). */
  connections(): number
  /** Stream connections open now. */
  openConnections(): number
  /** Stops the streamer (server and ffmpeg), as when mjpg-streamer restarts. */
  stop(): Promise<void>
  /** Starts it again on the same port. */
  start(): Promise<void>
  ffmpegPid(): number | undefined
}

const BOUNDARY = Buffer.from('--ffmpeg')

/** `size` like `640x480`; `fps` frames a second. Frames go only to clients that joined at a part boundary. */
export async function startStandInCamera(o: { size?: string; fps?: number; port?: number; quality?: number } = {}): Promise<StandInCamera> {
  const size = o.size ?? '640x480'
  const fps = o.fps ?? 10
  let ffmpeg: ChildProcess | null = null
  let server: http.Server | null = null
  let total = 0
  const clients = new Map<http.ServerResponse, boolean>()
  let port = o.port ?? 0

  const startFfmpeg = () => {
    const child = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-re',
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=${size}:rate=${fps}`,
        '-c:v',
        'mjpeg',
        '-qmin',
        '1',
        '-q:v',
        String(o.quality ?? 5),
        '-f',
        'mpjpeg',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const [res, joined] of clients) {
        if (joined) res.write(chunk)
        else {
          const at = chunk.indexOf(BOUNDARY)
          if (at < 0) continue
          clients.set(res, true)
          res.write(chunk.subarray(at))
        }
      }
    })
    return child
  }

  async function start() {
    ffmpeg = startFfmpeg()
    server = http.createServer((req, res) => {
      const action = new URL(req.url ?? '/', 'http://x').searchParams.get('action')
      if (action !== 'stream') return res.writeHead(404).end()
      total++
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace;boundary=ffmpeg', 'cache-control': 'no-cache' })
      clients.set(res, false)
      res.on('close', () => clients.delete(res))
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  }

  async function stop() {
    ffmpeg?.kill('SIGKILL')
    ffmpeg = null
    for (const res of clients.keys()) res.destroy()
    clients.clear()
    const s = server
    server = null
    if (s) await new Promise((r) => s.close(r))
  }

  await start()
  return {
    get url() {
      return `http://127.0.0.1:${port}/?action=stream`
    },
    get port() {
      return port
    },
    connections: () => total,
    openConnections: () => clients.size,
    stop,
    start,
    ffmpegPid: () => ffmpeg?.pid,
  }
}
