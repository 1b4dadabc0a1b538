// The direct-I/O serial port on a real socat pty pair: order, back-pressure, close, and no wait on libuv's thread pool.
import { spawn, type ChildProcess } from 'node:child_process'
import { pbkdf2 } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LinuxBinding } from '@serialport/bindings-cpp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { until } from '../../test/support/wait-for.js'
import { directIoBinding, directIoPort } from './direct-io-binding.js'

let dir: string
let socat: ChildProcess
let a: string
let b: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pg-direct-io-'))
  a = join(dir, 'a')
  b = join(dir, 'b')
  socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' })
  await until(() => existsSync(a) && existsSync(b), 5000, 'socat to create the pty pair')
})

afterEach(() => {
  socat.kill()
  rmSync(dir, { recursive: true, force: true })
})

const open = async (path: string) => directIoBinding(LinuxBinding).open({ path, baudRate: 250000 })

async function readUntil(port: Awaited<ReturnType<typeof open>>, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  const buffer = Buffer.alloc(65536)
  while (total < bytes) {
    const { bytesRead } = await port.read(buffer, 0, buffer.length)
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)))
    total += bytesRead
  }
  return Buffer.concat(chunks)
}

describe('directIoBinding', () => {
  it('carries lines both ways while every thread-pool thread is busy', async () => {
    const host = await open(a)
    const printer = await open(b)
    // Occupy all four pool threads; the stock binding's fs.read/fs.write would queue behind them.
    let poolDone = 0
    const pool = Array.from({ length: 4 }, () => new Promise<void>((resolve) => pbkdf2('x', 'y', 400_000, 64, 'sha512', () => (poolDone++, resolve()))))
    await host.write(Buffer.from('N1 G1 X1*99\n'))
    expect((await readUntil(printer, 12)).toString()).toBe('N1 G1 X1*99\n')
    await printer.write(Buffer.from('ok\n'))
    expect((await readUntil(host, 3)).toString()).toBe('ok\n')
    expect(poolDone).toBe(0)
    await Promise.all(pool)
    await host.close()
    await printer.close()
  }, 30_000)

  it('writes more than the tty buffer holds, waiting for room, with every byte in order', async () => {
    const host = await open(a)
    const printer = await open(b)
    const data = Buffer.alloc(512 * 1024)
    for (let i = 0; i < data.length; i++) data[i] = i % 251
    const written = host.write(data)
    const received = await readUntil(printer, data.length)
    await written
    expect(received.equals(data)).toBe(true)
    await host.close()
    await printer.close()
  }, 30_000)

  it('rejects a pending read as canceled when the port is closed', async () => {
    const host = await open(a)
    const pending = expect(host.read(Buffer.alloc(64), 0, 64)).rejects.toMatchObject({ canceled: true })
    await host.close()
    await pending
  })

  it('leaves ports without a descriptor (the simulator, Windows) as they are', () => {
    const port = { isOpen: true } as unknown as Parameters<typeof directIoPort>[0]
    expect(directIoPort(port)).toBe(port)
  })
})
