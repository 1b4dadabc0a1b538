// How the engine process is launched: a plain-JS bundle normally, tsx when the bundle cannot be built; both start.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineMessage } from './protocol.js'
import { engineLaunch, startEngineProcess, type EngineLaunch } from './start-process.js'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pg-launch-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Starts the engine, waits for its `ready`, returns its command line, stops it. */
async function startAndStop(launch: EngineLaunch): Promise<string> {
  const channel = startEngineProcess({ options: { defaultPort: 'sim://marlin', defaultBaud: 115200 }, logLevel: 'error' }, launch)
  await new Promise<void>((resolve, reject) => {
    channel.onMessage((message: EngineMessage) => message.type === 'ready' && resolve())
    channel.onGone(reject)
  })
  const commandLine = readFileSync(`/proc/${channel.pid}/cmdline`, 'utf8').split('\0').join(' ')
  await channel.terminate()
  return commandLine
}

describe('engineLaunch', () => {
  it('runs the engine from a bundle in the given folder, with no Node options', async () => {
    const launch = await engineLaunch(join(dir, 'cache'))
    expect(launch).toMatchObject({ execArgv: [], bundleError: null })
    expect(launch.entry.startsWith(join(dir, 'cache'))).toBe(true)
    expect(await startAndStop(launch)).not.toMatch(/tsx/)
  }, 30_000)

  it('falls back to the tsx loader, saying why, when the bundle folder is unsafe; the engine still starts', async () => {
    const shared = join(dir, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o777)
    const launch = await engineLaunch(shared)
    expect(launch.entry).toMatch(/engine-worker\.ts$/)
    expect(launch.execArgv).toEqual(['--import', expect.stringMatching(/tsx\/dist\/loader\.mjs$/)])
    expect(launch.bundleError).toMatch(/only this user can write/)
    expect(await startAndStop(launch)).toMatch(/tsx/)
  }, 30_000)
})
