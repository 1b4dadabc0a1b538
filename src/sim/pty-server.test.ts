// The simulator served on a real pseudo-terminal (socat), opened with the native serialport binding.
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LinuxBinding } from '@serialport/bindings-cpp'
import { until } from '../../test/support/wait-for.js'
import { parseCliArgs } from './cli.js'
import { parseSimOptions } from './options.js'
import { startPtyServer } from './pty-server.js'

describe('parseCliArgs', () => {
  it('reads --pty, --replugMs and passes the rest as simulator options with a 115200 default', () => {
    expect(parseCliArgs(['--pty', '/tmp/p', '--latencyMs=2', '--advancedOk'])).toEqual({
      pty: '/tmp/p',
      replugMs: 2000,
      sim: { baud: '115200', latencyMs: '2', advancedOk: '1' },
    })
    expect(() => parseCliArgs(['--baud', '250000'])).toThrow(/--pty is required/)
  })
})

describe('startPtyServer', () => {
  it('answers M115 and M105 over a socat pty opened by the native binding, and cleans up', async () => {
    const ptyPath = join(tmpdir(), `printgate-sim-${process.pid}`)
    const server = await startPtyServer({ ptyPath, sim: parseSimOptions({ baud: 250000, latencyMs: 1 }) })
    try {
      const port = await LinuxBinding.open({ path: ptyPath, baudRate: 250000 })
      await port.write(Buffer.from('N1 M115*39\nN2 M105*37\n'))
      let text = ''
      const buffer = Buffer.alloc(4096)
      await until(
        async () => {
          const { bytesRead } = await port.read(buffer, 0, buffer.length)
          text += buffer.subarray(0, bytesRead).toString('latin1')
          return /ok T:[^\n]*\n/.test(text)
        },
        20_000,
        () => `the M105 answer; got ${JSON.stringify(text)}`,
      )
      await port.close()
      expect(text).toMatch(/FIRMWARE_NAME:Marlin [^\n]*\n(Cap:[A-Z0-9_]+:[01]\n)+ok\nok T:21\.30 \/0\.00/)
      expect(server.printer.transcript.map((e) => e.lineNumber)).toEqual([1, 2])
    } finally {
      await server.close()
    }
    expect(existsSync(ptyPath)).toBe(false)
  })
})

describe('startPtyServer pulled cable', () => {
  it('removes the pty when the cable is pulled and brings a fresh printer back after replugMs', async () => {
    const ptyPath = join(tmpdir(), `printgate-sim-replug-${process.pid}`)
    const logs: string[] = []
    const server = await startPtyServer({ ptyPath, sim: parseSimOptions({ baud: 250000, latencyMs: 1 }), replugMs: 150, log: (m) => logs.push(m) })
    const served = () => logs.filter((m) => m.startsWith('simulated ')).length
    try {
      const first = server.printer
      first.disconnect()
      await until(() => !existsSync(ptyPath), 20_000, 'the pty to go')
      await until(() => served() === 2, 20_000, 'the server to serve the replugged printer')
      expect(existsSync(ptyPath)).toBe(true)
      expect(server.printer).not.toBe(first)
      const port = await LinuxBinding.open({ path: ptyPath, baudRate: 250000 })
      await port.write(Buffer.from('M105\n'))
      let text = ''
      const buffer = Buffer.alloc(1024)
      await until(
        async () => {
          const { bytesRead } = await port.read(buffer, 0, buffer.length)
          text += buffer.subarray(0, bytesRead).toString('latin1')
          return text.includes('ok T:')
        },
        20_000,
        () => `the replugged printer's M105 answer; got ${JSON.stringify(text)}`,
      )
      await port.close()
      expect(text).toContain('ok T:21.30')
    } finally {
      await server.close()
    }
  })
})

describe('npm run sim (the CLI process)', () => {
  it('serves the pty and removes it on SIGINT, exiting 0', async () => {
    const { spawn } = await import('node:child_process')
    const ptyPath = join(tmpdir(), `printgate-sim-cli-${process.pid}`)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--pty', ptyPath, '--latencyMs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    await until(
      () => output.includes('simulated') || child.exitCode !== null,
      25_000,
      () => `the simulator's start line; got ${output}`,
    )
    expect(output).toContain(`on ${ptyPath}`)
    expect(existsSync(ptyPath)).toBe(true)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(existsSync(ptyPath)).toBe(false)
  }, 30_000)
})
