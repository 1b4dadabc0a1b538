// A line transport over SerialPortStream with an injected binding: open, write lines, receive lines, close.

import { SerialPortStream } from '@serialport/stream'
import type { BindingInterface } from '@serialport/bindings-cpp'
import { GatewayError } from '../core/errors.js'
import { createLineSplitter } from './line-splitter.js'

export interface LineTransportOptions {
  binding: BindingInterface
  path: string
  baudRate: number
  /** Longest received line kept whole; longer garbage is cut. */
  maxLineBytes?: number
}

export interface LineTransport {
  readonly path: string
  readonly baudRate: number
  open(): Promise<void>
  /** Queues `text + "\n"`; never blocks the event loop. Returns the bytes queued. */
  writeLine(text: string): number
  /** Registers the line handler (one). */
  onLine(fn: (line: string) => void): void
  /** Called once when the port closes for any reason other than close(): a pulled cable, a USB reset. */
  onLost(fn: (reason: string) => void): void
  isOpen(): boolean
  close(): Promise<void>
}

export function createLineTransport(options: LineTransportOptions): LineTransport {
  let port: SerialPortStream | null = null
  let lineHandler: (line: string) => void = () => {}
  let lostHandler: (reason: string) => void = () => {}
  let closing = false
  let lost = false
  const splitter = createLineSplitter((line) => lineHandler(line), options.maxLineBytes)

  const reportLost = (reason: string) => {
    if (closing || lost) return
    lost = true
    lostHandler(reason)
  }

  return {
    path: options.path,
    baudRate: options.baudRate,
    async open() {
      closing = false
      lost = false
      splitter.reset()
      const stream = new SerialPortStream({
        binding: options.binding,
        path: options.path,
        baudRate: options.baudRate,
        hupcl: false,
        lock: true,
        rtscts: false,
        autoOpen: false,
      } as ConstructorParameters<typeof SerialPortStream>[0])
      await new Promise<void>((resolve, reject) => {
        stream.open((error) =>
          error ? reject(new GatewayError('PRINTER_CONNECT_FAILED', `Could not open ${options.path}: ${error.message}`, { cause: error })) : resolve(),
        )
      })
      port = stream
      stream.on('data', (chunk: Buffer) => splitter.push(chunk))
      stream.on('close', (error: (Error & { disconnected?: boolean }) | null) => reportLost(error?.message ?? 'the serial port closed'))
      stream.on('error', (error: Error) => reportLost(error.message))
      // Low-latency mode shortens the USB-serial turnaround on Linux; other bindings ignore or reject it.
      stream.set({ lowLatency: true } as Parameters<SerialPortStream['set']>[0], () => {})
    },
    writeLine(text) {
      if (!port || !port.isOpen) throw new GatewayError('PRINTER_NOT_CONNECTED')
      const data = text + '\n'
      port.write(data, 'latin1')
      return data.length
    },
    onLine(fn) {
      lineHandler = fn
    },
    onLost(fn) {
      lostHandler = fn
    },
    isOpen: () => !!port && port.isOpen && !lost,
    async close() {
      closing = true
      const stream = port
      port = null
      if (!stream || !stream.isOpen) return
      await new Promise<void>((resolve) => stream.close(() => resolve()))
    },
  }
}
