// The simulator through node-serialport: the binding contract and a SerialPortStream round trip.
import { describe, expect, it } from 'vitest'
import { SerialPortStream } from '@serialport/stream'
import { createFakeClock } from '../core/clock.js'
import { createSimBinding } from './sim-binding.js'
import type { SimPrinter } from './sim-printer.js'

const PATH = 'sim://marlin?baud=115200&latencyMs=1'

function collectUntil(port: SerialPortStream, done: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`timed out; received: ${JSON.stringify(text)}`)), timeoutMs)
    port.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (done(text)) {
        clearTimeout(timer)
        resolve(text)
      }
    })
  })
}

describe('createSimBinding', () => {
  it('opens sim://marlin through SerialPortStream and round-trips M115 (real time)', async () => {
    let opened: SimPrinter | undefined
    const binding = createSimBinding({ onPortOpened: (sim) => (opened = sim) })
    const port = new SerialPortStream({ binding, path: PATH, baudRate: 115200 })
    const text = collectUntil(port, (t) => /Cap:[\s\S]*\nok\n/.test(t))
    await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject))
    port.write('N1 M115*39\n')
    const reply = await text
    expect(reply.startsWith('start\n')).toBe(true)
    expect(reply).toMatch(/\nFIRMWARE_NAME:Marlin [^\n]+\nCap:/)
    expect(opened).toBe(binding.printer(PATH))
    expect(opened?.transcript.map((e) => [e.lineNumber, e.command])).toEqual([[1, 'M115']])
    expect((await binding.list()).map((p) => p.path)).toEqual([PATH])
    await new Promise<void>((resolve) => port.close(() => resolve()))
    binding.dispose()
  })

  it('a pulled cable rejects the pending read (not canceled), so the stream closes with a disconnect', async () => {
    const clock = createFakeClock()
    const binding = createSimBinding({ clock })
    const port = new SerialPortStream({ binding, path: PATH, baudRate: 115200 })
    await new Promise<void>((resolve) => port.once('open', resolve))
    port.on('data', () => undefined)
    const closed = new Promise<unknown>((resolve) => port.once('close', resolve))
    binding.printer(PATH)?.disconnect()
    const error = (await closed) as { disconnected?: boolean }
    expect(error?.disconnected).toBe(true)
  })

  it('close() rejects a pending read with canceled: true; writes after a disconnect fail', async () => {
    const clock = createFakeClock()
    const binding = createSimBinding({ clock })
    const port = await binding.open({ path: PATH, baudRate: 115200 })
    const pending = port.read(Buffer.alloc(64), 0, 64)
    await port.close()
    await expect(pending).rejects.toMatchObject({ canceled: true })
    await expect(port.read(Buffer.alloc(8), 0, 8)).rejects.toThrow('Port is not open')

    const again = await binding.open({ path: PATH, baudRate: 115200 })
    binding.printer(PATH)?.disconnect()
    await expect(again.write(Buffer.from('M105\n'))).rejects.toMatchObject({ code: 'EIO' })
    await expect(again.read(Buffer.alloc(8), 0, 8)).rejects.not.toMatchObject({ canceled: true })
    await again.close()
  })

  it('refuses a second open while locked, an unknown firmware and an unplugged device', async () => {
    const binding = createSimBinding({ clock: createFakeClock() })
    const port = await binding.open({ path: PATH, baudRate: 115200 })
    await expect(binding.open({ path: PATH, baudRate: 115200 })).rejects.toThrow(/lock/)
    await expect(binding.open({ path: 'sim://repetier', baudRate: 115200 })).rejects.toThrow(TypeError)
    await expect(binding.open({ path: 'sim://marlin?nope=1', baudRate: 115200 })).rejects.toThrow(/nope/)
    await port.close()
    binding.unplug(PATH)
    await expect(binding.open({ path: PATH, baudRate: 115200 })).rejects.toThrow(/No such file/)
    binding.plug(PATH)
    await (await binding.open({ path: PATH, baudRate: 115200 })).close()
  })

  it('garbles both directions when the host opens at another baud rate', async () => {
    const clock = createFakeClock()
    const binding = createSimBinding({ clock })
    const port = await binding.open({ path: PATH, baudRate: 250000 })
    clock.advance(100)
    const { buffer, bytesRead } = await port.read(Buffer.alloc(256), 0, 256)
    const text = buffer.subarray(0, bytesRead).toString('latin1')
    expect(text).not.toContain('start')
    expect(text).toContain('\n')
    await port.close()
  })

  it('with resetOnOpen=0 a reopened port reattaches to the running firmware without a banner', async () => {
    const clock = createFakeClock()
    const path = 'sim://marlin?resetOnOpen=0&latencyMs=0'
    const binding = createSimBinding({ clock })
    const first = await binding.open({ path, baudRate: 115200 })
    const sim = binding.printer(path)
    await first.write(Buffer.from('G1 X5 F600\n'))
    clock.advance(10)
    await first.close()
    const second = await binding.open({ path, baudRate: 115200 })
    expect(binding.printer(path)).toBe(sim)
    await second.write(Buffer.from('M114\n'))
    clock.advance(10)
    const { buffer, bytesRead } = await second.read(Buffer.alloc(256), 0, 256)
    expect(buffer.subarray(0, bytesRead).toString('latin1')).toBe('X:5.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0\nok\n')
    await second.close()
    binding.dispose()
  })
})
