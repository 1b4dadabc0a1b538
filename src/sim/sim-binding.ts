// The simulator as a node-serialport BindingInterface: `sim://marlin?…` opens like a real port.
// (Types come through @serialport/bindings-cpp: bindings-interface's exports map hides its .d.ts from NodeNext.)
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo, PortStatus, SetOptions, UpdateOptions } from '@serialport/bindings-cpp'
import { createSystemClock, type Clock } from '../core/clock.js'
import { parseSimPath } from './options.js'
import { createSimPrinter, type SimPrinter } from './sim-printer.js'

export interface SimBindingOptions {
  clock?: Clock
  onPortOpened?: (sim: SimPrinter, path: string) => void
}

export interface SimBinding extends BindingInterface<SimPortBinding> {
  /** The printer behind each path opened so far (the latest instance per path). */
  readonly ports: ReadonlyMap<string, SimPrinter>
  printer(path: string): SimPrinter | undefined
  /** The device vanishes (open fails) until `plug`; an open port is disconnected like a pulled cable. */
  unplug(path: string): void
  plug(path: string): void
  /** Stops every simulated printer's timers. */
  dispose(): void
}

/** Rejection of reads pending when the port closes, as the binding contract requires. */
export class CanceledError extends Error {
  readonly canceled = true
}

const OPEN_DEFAULTS = { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true } as const

export function createSimBinding(options: SimBindingOptions = {}): SimBinding {
  const clock = options.clock ?? createSystemClock()
  const ports = new Map<string, SimPrinter>()
  const openPorts = new Map<string, SimPortBinding>()
  const unplugged = new Set<string>()

  return {
    ports,
    printer: (path) => ports.get(path),
    async list(): Promise<PortInfo[]> {
      return [...ports.keys()]
        .filter((p) => !unplugged.has(p))
        .map((path) => ({
          path,
          manufacturer: 'printgate simulator',
          serialNumber: undefined,
          pnpId: undefined,
          locationId: undefined,
          productId: undefined,
          vendorId: undefined,
        }))
    },
    async open(openOptions: OpenOptions): Promise<SimPortBinding> {
      if (!openOptions || typeof openOptions !== 'object') throw new TypeError('"options" is not an object')
      if (!openOptions.path) throw new TypeError('"path" is not a valid port')
      if (!openOptions.baudRate) throw new TypeError('"baudRate" is not a valid baudRate')
      const path = openOptions.path
      const simOptions = parseSimPath(path)
      await Promise.resolve()
      if (unplugged.has(path)) throw new Error(`Error: No such file or directory, cannot open ${path}`)
      if (openPorts.get(path)?.isOpen) throw new Error('Error Resource temporarily unavailable Cannot lock port')
      const existing = ports.get(path)
      const reuse = existing !== undefined && !simOptions.resetOnOpen && !existing.disconnected
      if (existing && !reuse) existing.shutdown()
      const printer = reuse ? existing : createSimPrinter(clock, simOptions)
      ports.set(path, printer)
      const port = new SimPortBinding(printer, { ...OPEN_DEFAULTS, ...openOptions } as Required<OpenOptions>, () => openPorts.delete(path))
      openPorts.set(path, port)
      if (!reuse && simOptions.resetOnOpen) printer.reset()
      options.onPortOpened?.(printer, path)
      return port
    },
    unplug(path) {
      unplugged.add(path)
      ports.get(path)?.disconnect()
    },
    plug(path) {
      unplugged.delete(path)
    },
    dispose() {
      for (const printer of ports.values()) printer.shutdown()
    },
  }
}

interface PendingRead {
  buffer: Buffer
  offset: number
  length: number
  resolve(result: { buffer: Buffer; bytesRead: number }): void
  reject(error: Error): void
}

/** One open simulated port; follows the binding contract of @serialport/bindings-interface. */
export class SimPortBinding implements BindingPortInterface {
  isOpen = true
  readonly openOptions: Required<OpenOptions>
  private inbox: Buffer[] = []
  private pendingRead: PendingRead | null = null
  private lost: Error | null = null
  private writing: Promise<void> | null = null
  private readonly detach: () => void

  constructor(
    readonly printer: SimPrinter,
    openOptions: Required<OpenOptions>,
    private readonly onClosed: () => void,
  ) {
    this.openOptions = openOptions
    this.detach = printer.attach({ data: (bytes) => this.receive(bytes), disconnected: () => this.lose() }, openOptions.baudRate)
  }

  private receive(bytes: Buffer): void {
    if (!this.isOpen) return
    this.inbox.push(bytes)
    const pending = this.pendingRead
    if (pending) {
      this.pendingRead = null
      pending.resolve(this.take(pending))
    }
  }

  private lose(): void {
    this.lost = Object.assign(new Error('sim: device disconnected (cable pulled)'), { code: 'EIO', disconnected: true })
    const pending = this.pendingRead
    this.pendingRead = null
    pending?.reject(this.lost)
  }

  private take({ buffer, offset, length }: { buffer: Buffer; offset: number; length: number }): { buffer: Buffer; bytesRead: number } {
    let bytesRead = 0
    while (bytesRead < length && this.inbox.length > 0) {
      const head = this.inbox[0] as Buffer
      const n = head.copy(buffer, offset + bytesRead, 0, Math.min(head.length, length - bytesRead))
      bytesRead += n
      if (n >= head.length) this.inbox.shift()
      else this.inbox[0] = head.subarray(n)
    }
    return { buffer, bytesRead }
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new Error('Port is not open')
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer')
    if (buffer.length < offset + length) throw new Error('buffer is too small')
    this.assertOpen()
    if (this.lost) throw this.lost
    if (this.pendingRead) throw new Error('a read is already pending')
    if (this.inbox.length > 0) return this.take({ buffer, offset, length })
    return new Promise((resolve, reject) => {
      this.pendingRead = { buffer, offset, length, resolve, reject }
    })
  }

  async write(buffer: Buffer): Promise<void> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer')
    this.assertOpen()
    if (this.lost) throw this.lost
    if (this.writing) throw new Error('Overlapping writes are not supported and should be queued by the serialport object')
    this.printer.hostWrite(Buffer.from(buffer))
    this.writing = new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
      this.writing = null
    })
    return this.writing
  }

  async close(): Promise<void> {
    this.assertOpen()
    this.isOpen = false
    this.inbox = []
    const pending = this.pendingRead
    this.pendingRead = null
    pending?.reject(new CanceledError('port is closed'))
    this.detach()
    this.onClosed()
    if (this.printer.options.resetOnOpen || this.printer.disconnected) this.printer.shutdown()
  }

  async update(options: UpdateOptions): Promise<void> {
    if (typeof options?.baudRate !== 'number') throw new TypeError('"options.baudRate" is not a number')
    this.assertOpen()
    this.openOptions.baudRate = options.baudRate
    this.printer.setHostBaud(options.baudRate)
  }

  async set(_options: SetOptions): Promise<void> {
    this.assertOpen()
  }

  async get(): Promise<PortStatus> {
    this.assertOpen()
    return { cts: true, dsr: true, dcd: true }
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.assertOpen()
    return { baudRate: this.openOptions.baudRate }
  }

  async flush(): Promise<void> {
    this.assertOpen()
    this.inbox = []
  }

  async drain(): Promise<void> {
    this.assertOpen()
    await this.writing
  }
}
