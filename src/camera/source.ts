// Upstream connections: an MJPEG streamer's URL over HTTP, or a V4L2 device through `ffmpeg -c copy`.
import { spawn } from 'node:child_process'
import http from 'node:http'
import https from 'node:https'
import { deviceCaptureArgs, type DeviceCapture } from './ffmpeg-args.js'
import { boundaryOf, createMjpegParser } from './mjpeg-parser.js'

export interface SourceHandlers {
  frame(jpeg: Buffer): void
  /** The connection is gone (refused, ended, or failed); called once, never after close(). */
  end(reason: string): void
}

/** One upstream connection per open(); close() ends it without calling `end`. */
export interface FrameSource {
  readonly description: string
  open(handlers: SourceHandlers): { close(): void }
}

function once(handlers: SourceHandlers) {
  let done = false
  return {
    frame: (jpeg: Buffer) => !done && handlers.frame(jpeg),
    end: (reason: string) => {
      if (done) return
      done = true
      handlers.end(reason)
    },
    silence: () => (done = true),
  }
}

/** An mjpg-streamer / ustreamer / camera-streamer stream URL. */
export function httpSource(url: string): FrameSource {
  const client = url.startsWith('https:') ? https : http
  return {
    description: url,
    open(handlers) {
      const h = once(handlers)
      const request = client.get(url, { agent: false, headers: { accept: 'multipart/x-mixed-replace, image/jpeg' } }, (response) => {
        const boundary = boundaryOf(response.headers['content-type'])
        if (response.statusCode !== 200 || !boundary) {
          response.resume()
          request.destroy()
          h.end(
            response.statusCode !== 200
              ? `the streamer answered HTTP ${response.statusCode}`
              : `not an MJPEG stream (${response.headers['content-type'] ?? 'no content type'})`,
          )
          return
        }
        const parser = createMjpegParser(boundary, h.frame)
        response.on('data', (chunk: Buffer) => parser.push(chunk))
        response.on('end', () => h.end('the streamer ended the stream'))
        response.on('error', (error) => h.end(error.message))
      })
      request.on('error', (error) => h.end(error.message))
      return {
        close() {
          h.silence()
          request.destroy()
        },
      }
    },
  }
}

/** A camera device read by ffmpeg, its JPEG frames copied through unencoded. */
export function deviceSource(capture: DeviceCapture, ffmpeg = 'ffmpeg'): FrameSource {
  return {
    description: `${capture.device} (ffmpeg)`,
    open(handlers) {
      const h = once(handlers)
      const child = spawn(ffmpeg, deviceCaptureArgs(capture), { stdio: ['ignore', 'pipe', 'pipe'] })
      const parser = createMjpegParser('ffmpeg', h.frame)
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => parser.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + String(chunk)).slice(-500)))
      child.on('error', (error) => h.end(`cannot run ffmpeg: ${error.message}`))
      child.on('exit', (code, signal) => h.end(`ffmpeg exited (${signal ?? code})${stderr ? `: ${stderr.trim()}` : ''}`))
      return {
        close() {
          h.silence()
          child.kill('SIGTERM')
        },
      }
    },
  }
}
