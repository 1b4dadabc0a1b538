// Serves a simulated printer on a pseudo-terminal (socat pty pair) so any program can open it as a serial port.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, unlinkSync } from 'node:fs'
import { LinuxBinding } from '@serialport/bindings-cpp'
import { createSystemClock } from '../core/clock.js'
import { directIoPort } from '../serial/direct-io-binding.js'
import type { SimOptions } from './options.js'
import { createSimPrinter, type SimPrinter } from './sim-printer.js'
import { createNvram } from './prusa-power-panic.js'

export interface PtyServerOptions {
  /** The path other programs open, e.g. /tmp/printer. */
  ptyPath: string
  sim: SimOptions
  /** After a simulated pulled cable, the pty comes back after this long (0 = stay gone). */
  replugMs?: number
  log?: (message: string) => void
}

export interface PtyServer {
  readonly printer: SimPrinter
  /** Cuts the printer's power: the pty goes, the planner and every setting are lost; it boots afresh after `offMs`. */
  powerCut(offMs: number): Promise<void>
  close(): Promise<void>
}

type OpenPort = ReturnType<typeof directIoPort>

function waitForPaths(paths: string[], child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const check = (): void => {
      if (child.exitCode !== null) return reject(new Error(`socat exited with code ${child.exitCode}`))
      if (paths.every((p) => existsSync(p))) return resolve()
      if (Date.now() - started > timeoutMs) return reject(new Error(`socat did not create ${paths.join(', ')}`))
      setTimeout(check, 20)
    }
    check()
  })
}

/** Starts socat, opens its inner end with the native binding and wires it to a fresh simulated printer. */
export async function startPtyServer(options: PtyServerOptions): Promise<PtyServer> {
  const log = options.log ?? (() => undefined)
  const innerPath = `${options.ptyPath}.sim-end`
  const clock = createSystemClock()
  // The printer's EEPROM outlives its power: a Prusa power panic record is read by the printer that boots next.
  const nvram = createNvram()
  let printer = createSimPrinter(clock, options.sim, nvram)
  let socat: ChildProcess | null = null
  let port: OpenPort | null = null
  let closing = false
  let replugTimer: NodeJS.Timeout | undefined

  async function connect(): Promise<void> {
    for (const p of [options.ptyPath, innerPath]) if (existsSync(p)) unlinkSync(p)
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${options.ptyPath}`, `pty,raw,echo=0,link=${innerPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    socat = child
    child.stderr?.on('data', () => undefined)
    await waitForPaths([options.ptyPath, innerPath], child, 5000)
    const opened = directIoPort(await LinuxBinding.open({ path: innerPath, baudRate: options.sim.baud ?? 115200 }))
    port = opened
    let writes: Promise<void> = Promise.resolve()
    printer.attach(
      {
        data: (bytes) => {
          writes = writes.then(() => (opened.isOpen ? opened.write(bytes) : undefined)).catch(() => undefined)
        },
        disconnected: () => void unplug(),
      },
      options.sim.baud ?? 115200,
    )
    void readLoop(opened)
    printer.reset()
    log(`simulated ${options.sim.firmware} on ${options.ptyPath}`)
  }

  async function readLoop(opened: OpenPort): Promise<void> {
    const buffer = Buffer.alloc(4096)
    while (opened.isOpen) {
      try {
        const { bytesRead } = await opened.read(buffer, 0, buffer.length)
        if (!printer.disconnected) printer.hostWrite(Buffer.from(buffer.subarray(0, bytesRead)))
      } catch {
        return
      }
    }
  }

  async function teardown(): Promise<void> {
    const opened = port
    port = null
    if (opened?.isOpen) await opened.close().catch(() => undefined)
    const child = socat
    socat = null
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    for (const p of [options.ptyPath, innerPath]) if (existsSync(p)) unlinkSync(p)
  }

  async function unplug(backAfterMs = options.replugMs): Promise<void> {
    log('cable pulled: the pty is gone')
    await teardown()
    if (closing || !backAfterMs) return
    replugTimer = setTimeout(() => {
      printer.shutdown()
      printer = createSimPrinter(clock, options.sim, nvram)
      connect().catch((error: unknown) => log(`replug failed: ${String(error)}`))
    }, options.replugMs)
  }

  await connect()
  return {
    get printer() {
      return printer
    },
    async powerCut(offMs) {
      log('power cut')
      printer.powerLoss()
      await unplug(Math.max(1, offMs))
    },
    async close() {
      closing = true
      clearTimeout(replugTimer)
      printer.shutdown()
      await teardown()
    },
  }
}
