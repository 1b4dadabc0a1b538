import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from './main.js'

describe('printgate command dispatch', () => {
  afterEach(() => vi.restoreAllMocks())

  it('lists the commands on --help', async () => {
    const out = vi.spyOn(console, 'log').mockImplementation(() => {})
    expect(await main(['--help'])).toBe(0)
    const text = out.mock.calls.flat().join('\n')
    for (const name of ['serve', 'plan', 'token', 'backup', 'restore']) expect(text).toContain(name)
  })

  it('refuses an unknown command with exit code 2', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(await main(['frobnicate'])).toBe(2)
    expect(err.mock.calls.flat().join('\n')).toContain("unknown command 'frobnicate'")
  })

  it('passes the remaining arguments to the command (plan refuses an empty request)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await main(['plan'])).not.toBe(0)
  })
})
