import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import type { BindingInterface } from '@serialport/bindings-cpp'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createSystemClock } from '../core/clock.js'
import { silentLogger } from '../core/logger.js'
import { loadFirmwareProfiles } from '../profiles/load.js'
import { createPrinterService } from './printer-service.js'
import type { PrinterEvents } from './types.js'

// binding-mock's exports map hides its .d.ts from NodeNext, so the few calls used here are typed locally.
interface MockPort {
  isOpen: boolean
  emitData(data: Buffer | string): void
  write(buffer: Buffer): Promise<void>
}
interface MockBindingApi {
  createPort(path: string, options?: { echo?: boolean; record?: boolean }): void
  reset(): void
  list(): Promise<unknown[]>
  open(options: { path: string; baudRate: number }): Promise<MockPort>
}
const { MockBinding } = createRequire(import.meta.url)('@serialport/binding-mock') as { MockBinding: MockBindingApi }

/** binding-mock with a scripted firmware: every written line gets the replies `respond` returns. */
function scriptedBinding(respond: (command: string) => string[]) {
  MockBinding.createPort('/dev/fake', { echo: false, record: true })
  let port: MockPort | null = null
  const binding = {
    list: () => MockBinding.list(),
    async open(options: { path: string; baudRate: number }) {
      const opened = await MockBinding.open(options)
      const write = opened.write.bind(opened)
      opened.write = async (buffer: Buffer) => {
        await write(buffer)
        for (const line of buffer.toString('latin1').split('\n')) {
          const command = line.replace(/^N\d+ /, '').replace(/\*\d+$/, '')
          if (!command) continue
          const replies = respond(command)
          if (replies.length) setImmediate(() => opened.isOpen && opened.emitData(replies.map((r) => r + '\n').join('')))
        }
      }
      port = opened
      return opened
    },
  }
  return { binding: binding as unknown as BindingInterface, say: (line: string) => port?.emitData(line + '\n') }
}

function marlinReplies(command: string): string[] {
  if (command === 'M115') return ['FIRMWARE_NAME:Marlin 2.1.2 (fake) MACHINE_TYPE:Fake EXTRUDER_COUNT:1', 'Cap:AUTOREPORT_TEMP:1', 'ok']
  if (command === 'M114') return ['X:10.00 Y:20.00 Z:0.40 E:5.00 Count X:0 Y:0 Z:0', 'ok']
  if (command === 'M105') return ['ok T:205.0 /205.0 B:60.0 /60.0 @:0 B@:0']
  return ['ok']
}

const dir = mkdtempSync(join(tmpdir(), 'printgate-service-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(() => MockBinding.reset())

function setup() {
  const fake = scriptedBinding(marlinReplies)
  const printer = createPrinterService({
    clock: createSystemClock(),
    resolveBinding: async () => fake.binding,
    profiles: loadFirmwareProfiles(),
    logger: silentLogger,
    options: { defaultPort: '/dev/fake', defaultBaud: 115200, consoleRing: 50 },
  })
  return { printer, say: fake.say }
}

const waitFor = <K extends keyof PrinterEvents>(printer: ReturnType<typeof setup>['printer'], event: K, match: (p: PrinterEvents[K]) => boolean = () => true) =>
  new Promise<PrinterEvents[K]>((resolve) => {
    const off = printer.events.on(event, (payload) => {
      if (match(payload)) {
        off()
        resolve(payload)
      }
    })
  })

describe('printer service', () => {
  it('connects, picks the profile from FIRMWARE_NAME and reads temperatures', async () => {
    const { printer } = setup()
    await printer.connect()
    const status = printer.status()
    expect(status.state).toBe('operational')
    expect(status.firmware).toMatchObject({ name: 'Marlin 2.1.2 (fake)', profile: 'marlin', capabilities: { AUTOREPORT_TEMP: true } })
    await waitFor(printer, 'printer:temperature')
    expect(printer.status().temperatures?.tools[0]).toEqual({ actual: 205, target: 205 })
    expect(await printer.sendCommand('M114')).toEqual(['X:10.00 Y:20.00 Z:0.40 E:5.00 Count X:0 Y:0 Z:0', 'ok'])
    expect(printer.recentConsole().length).toBeLessThanOrEqual(50)
    await printer.disconnect()
    expect(printer.status().state).toBe('disconnected')
  })

  it('obeys host action commands: pause, resume, cancel; notices for the rest', async () => {
    const { printer, say } = setup()
    await printer.connect()
    const file = join(dir, 'long.gcode')
    writeFileSync(file, Array.from({ length: 20000 }, (_, i) => `G1 X${i % 200} Y${i % 150}`).join('\n'))
    const { done } = await printer.startPrint({ jobId: 'a', path: file })
    const notice = waitFor(printer, 'printer:notice')
    say('//action:notification Filament low')
    expect((await notice).message).toMatch(/Filament low/)
    const paused = waitFor(printer, 'printer:job_paused')
    say('//action:pause')
    await paused
    expect(printer.status().state).toBe('paused')
    expect(printer.recentConsole().some((l) => l.direction === 'sent' && /M114/.test(l.line))).toBe(true)
    const resumed = waitFor(printer, 'printer:job_resumed')
    say('// action:resume')
    await resumed
    expect(printer.recentConsole().some((l) => l.direction === 'sent' && /G1 X10 Y20 F6000/.test(l.line))).toBe(true)
    say('//action:cancel')
    const result = await done
    expect(result.outcome).toBe('cancelled')
    expect(printer.status().state).toBe('operational')
    await printer.disconnect()
  })

  it('refuses a print while not connected and a second print while printing', async () => {
    const { printer } = setup()
    await expect(printer.startPrint({ jobId: 'x', path: '/nope' })).rejects.toMatchObject({ code: 'PRINTER_NOT_CONNECTED' })
    await printer.connect()
    const file = join(dir, 'short.gcode')
    writeFileSync(file, Array.from({ length: 20000 }, (_, i) => `G1 X${i % 100}`).join('\n'))
    const { done } = await printer.startPrint({ jobId: 'b', path: file })
    await expect(printer.startPrint({ jobId: 'c', path: file })).rejects.toMatchObject({ code: 'PRINTER_BUSY' })
    await printer.cancel()
    expect((await done).outcome).toBe('cancelled')
    await printer.disconnect()
  })

  it('a firmware `start` mid-print interrupts the job with PRINTER_RESET', async () => {
    const { printer, say } = setup()
    await printer.connect()
    const file = join(dir, 'reset.gcode')
    writeFileSync(file, Array.from({ length: 20000 }, (_, i) => `G1 Y${i % 100}`).join('\n'))
    const { done } = await printer.startPrint({ jobId: 'r', path: file })
    say('start')
    const result = await done
    expect(result).toMatchObject({ outcome: 'interrupted', code: 'PRINTER_RESET' })
    await waitFor(printer, 'printer:state_changed', (s) => s.next === 'operational')
    await printer.disconnect()
  })
})
