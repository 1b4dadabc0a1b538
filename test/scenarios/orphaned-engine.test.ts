// Scenario: the gateway dies mid-print (SIGKILL); its engine process, left alone on a real pty, makes the printer safe and exits.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseSimOptions } from '../../src/sim/options.js'
import { startPtyServer } from '../../src/sim/pty-server.js'
import { until } from '../support/wait-for.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('engine process whose gateway was killed', () => {
  it('turns the heaters off and exits without a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-orphan-'))
    const ptyPath = join(dir, 'printer')
    const server = await startPtyServer({
      ptyPath,
      sim: parseSimOptions({ baud: '250000', latencyMs: '1', heatRate: '500', bedHeatRate: '500', homeMs: '0' }),
      replugMs: 0,
    })
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/engine-parent.ts', import.meta.url)), ptyPath, join(dir, 'job.gcode')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    // The engine inherits the stand-in's stderr, so a crash after its parent died still shows here.
    let stderr = ''
    parent.stderr!.on('data', (chunk) => (stderr += String(chunk)))
    try {
      const enginePid = await new Promise<number>((resolve, reject) => {
        let out = ''
        parent.stdout!.on('data', (chunk) => {
          out += String(chunk)
          const match = /printing (\d+)/.exec(out)
          if (match) resolve(Number(match[1]))
        })
        parent.once('exit', (code) => reject(new Error(`the stand-in gateway exited early (${code})`)))
      })
      expect(server.printer.state()).toMatchObject({ toolTarget: 200, bedTarget: 60 })
      parent.kill('SIGKILL')
      await until(() => !alive(enginePid), 15_000, `the orphaned engine (pid ${enginePid}) to exit`)
      expect(server.printer.state()).toMatchObject({ toolTarget: 0, bedTarget: 0 })
      expect(stderr).not.toMatch(/Error|Node\.js v/)
      const commands = server.printer.transcript.map((entry) => entry.command)
      const lastMove = commands.findLastIndex((c) => /^G1 X/.test(c))
      expect(commands.slice(lastMove + 1)).toEqual(expect.arrayContaining(['M104 S0', 'M140 S0']))
    } finally {
      parent.kill('SIGKILL')
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
