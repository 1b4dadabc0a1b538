// How the engine process is launched from the sources: the .ts entry under tsx's loader, with the given Node options; it starts.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { EngineMessage } from './engine-messages.js'
import { ENGINE_NODE_OPTIONS } from './start-engine.js'
import { ENGINE_ENV, engineLaunch, startEngineProcess } from './start-process.js'

describe('engineLaunch', () => {
  it('starts the engine process with the Node options given (the shipping ones: Node accepts them) and the malloc settings, and it reports ready', async () => {
    const launch = engineLaunch(ENGINE_NODE_OPTIONS)
    expect(launch.entry).toMatch(/engine-process-main\.ts$/)
    expect(launch.execArgv).toEqual([...ENGINE_NODE_OPTIONS, '--import', expect.stringMatching(/tsx\/dist\/loader\.mjs$/)])
    const channel = startEngineProcess({ options: { defaultPort: 'sim://marlin', defaultBaud: 115200 }, logLevel: 'error' }, launch)
    await new Promise<void>((resolve, reject) => {
      channel.onMessage((message: EngineMessage) => message.type === 'ready' && resolve())
      channel.onGone(reject)
    })
    const commandLine = readFileSync(`/proc/${channel.pid}/cmdline`, 'utf8').split('\0')
    for (const option of ENGINE_NODE_OPTIONS) expect(commandLine).toContain(option)
    const environment = readFileSync(`/proc/${channel.pid}/environ`, 'utf8').split('\0')
    for (const [name, value] of Object.entries(ENGINE_ENV)) expect(environment).toContain(`${name}=${process.env[name] ?? value}`)
    await channel.terminate()
  }, 30_000)
})
