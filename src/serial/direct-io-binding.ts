// Native serial binding with reads and writes as non-blocking syscalls on the event loop, not trips through libuv's thread pool.
/*
 * The stock Unix binding reads and writes the port's descriptor with fs.read/fs.write, so every
 * received chunk and every sent line costs two thread hand-overs (loop → pool thread → loop). With
 * several lines in flight and a planner a few tens of milliseconds deep, those wake-ups are where a
 * busy CPU delays the link: each one can wait a scheduler slice. The descriptor is opened
 * O_NONBLOCK, so a direct read or write returns at once (or EAGAIN, and the binding's own poller
 * says when to retry). Everything else (open, termios, close, flush) stays the native binding's.
 */
import { readSync, writeSync } from 'node:fs'
import type { BindingInterface, BindingPortInterface } from '@serialport/bindings-cpp'

interface Poller {
  once(event: 'readable' | 'writable', callback: (error: Error | null) => void): unknown
}

/** What the Linux and macOS bindings' open ports expose (public fields of their port classes). */
interface UnixPort extends BindingPortInterface {
  fd: number | null
  poller: Poller
}

const RETRY = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR'])
// The same codes the native binding treats as a vanished device: the stream then closes as "disconnected".
const GONE = new Set(['EBADF', 'ENXIO', 'UNKNOWN'])

type SysError = Error & { code?: string; errno?: number; disconnect?: boolean }

function isUnixPort(port: BindingPortInterface): port is UnixPort {
  const candidate = port as Partial<UnixPort>
  return typeof candidate.fd === 'number' && typeof candidate.poller?.once === 'function'
}

function portClosed(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true })
}

function classify(error: SysError): SysError {
  if (GONE.has(error.code ?? '') || error.errno === -1) error.disconnect = true
  return error
}

function waitFor(port: UnixPort, event: 'readable' | 'writable'): Promise<void> {
  return new Promise((resolve, reject) => port.poller.once(event, (error) => (error ? reject(error) : resolve())))
}

async function readDirect(port: UnixPort, buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (port.fd === null) throw portClosed()
    try {
      const bytesRead = readSync(port.fd, buffer, offset, length, null)
      if (bytesRead > 0) return { bytesRead, buffer }
    } catch (error) {
      if (!RETRY.has((error as SysError).code ?? '')) throw classify(error as SysError)
    }
    if (port.fd === null) throw portClosed()
    await waitFor(port, 'readable')
  }
}

async function writeDirect(port: UnixPort, buffer: Buffer): Promise<void> {
  let offset = 0
  while (offset < buffer.length) {
    if (port.fd === null) throw new Error('Port is not open')
    try {
      offset += writeSync(port.fd, buffer, offset, buffer.length - offset)
      continue
    } catch (error) {
      if (!RETRY.has((error as SysError).code ?? '')) throw classify(error as SysError)
    }
    await waitFor(port, 'writable')
  }
}

class DirectIoPort implements BindingPortInterface {
  private writing: Promise<void> = Promise.resolve()
  constructor(private readonly port: UnixPort) {}
  get openOptions() {
    return this.port.openOptions
  }
  get isOpen() {
    return this.port.isOpen
  }
  read(buffer: Buffer, offset: number, length: number) {
    return readDirect(this.port, buffer, offset, length)
  }
  write(buffer: Buffer) {
    this.writing = buffer.length ? writeDirect(this.port, buffer) : Promise.resolve()
    return this.writing
  }
  async drain() {
    await this.writing.catch(() => undefined)
    return this.port.drain()
  }
  close = () => this.port.close()
  update: UnixPort['update'] = (options) => this.port.update(options)
  set: UnixPort['set'] = (options) => this.port.set(options)
  get = () => this.port.get()
  getBaudRate = () => this.port.getBaudRate()
  flush = () => this.port.flush()
}

/** Wraps an opened Unix port; any other port (Windows, the simulator) is returned as it is. */
export function directIoPort(port: BindingPortInterface): BindingPortInterface {
  return isUnixPort(port) ? new DirectIoPort(port) : port
}

/** The binding whose `open` returns direct-I/O ports; `list` passes through. */
export function directIoBinding<T extends BindingInterface>(binding: T): T {
  return {
    ...binding,
    open: async (options: Parameters<T['open']>[0]) => directIoPort(await binding.open(options)),
  } as T
}
