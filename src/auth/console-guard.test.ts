// Tests console G-code checks and the control/admin split of console commands.
import { FIRMWARE_CHANGING_COMMANDS } from '../protocol/firmware-commands.js'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { checkConsoleLine, consoleAccess, consoleGuard, consoleLinesOf, scopeForLines } from './console-guard.js'

describe('checkConsoleLine', () => {
  it.each(['M105', 'G28', 'G1 X10 Y10 F3000', 'm104 s200', 'T0', 'M117 Hello', 'G29.1', 'M115 ; firmware', 'G28X'])('accepts %j', (l) =>
    expect(checkConsoleLine(l).ok).toBe(true),
  )
  it.each([
    ['', 'empty'],
    ['\u0000\u0001M105', 'non-printable'],
    ['M105\u0007', 'non-printable'],
    ['M117 héllo', 'non-ASCII'],
    ['N10 M105', 'not a G'],
    ['N10 M105*12', 'checksum'],
    ['M105*55', 'checksum'],
    ['M110 N0', 'line numbers'],
    ['hello', 'not a G'],
    ['G', 'not a G'],
    ['M'.padEnd(97, '1'), 'longer'],
    ['X10', 'not a G'],
    ['GX', 'not a G'],
    ['M-1', 'not a G'],
  ])('refuses %j (%s)', (line, reason) => {
    const check = checkConsoleLine(line)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.reason).toContain(reason)
  })
})

describe('consoleLinesOf / scopeForLines', () => {
  it('reads the known body shapes', () => {
    expect(consoleLinesOf({ command: 'M105' })).toEqual(['M105'])
    expect(consoleLinesOf({ commands: ['M18', 'M106 S0'] })).toEqual(['M18', 'M106 S0'])
    expect(consoleLinesOf({ gcode: 'G28\nG1 X1\r\n' })).toEqual(['G28', 'G1 X1'])
    expect(consoleLinesOf({ commands: [1] })).toBeUndefined()
    expect(consoleLinesOf({ other: 1 })).toBeUndefined()
    expect(consoleLinesOf('M105')).toBeUndefined()
  })
  it('lets control send harmless commands only', () => {
    expect(scopeForLines(['M105', 'M104 S200', 'M106 S255'])).toBe('control')
    expect(scopeForLines(['M105', 'G1 X10'])).toBe('admin')
    expect(scopeForLines(['M502'])).toBe('admin')
    expect(scopeForLines(['M500'])).toBe('admin')
    expect(scopeForLines(['M104S200', 'm140 s60'])).toBe('control')
  })
  it.each(FIRMWARE_CHANGING_COMMANDS)('%s (firmware-changing, shared with the pre-print scan) needs admin', (word) => {
    expect(scopeForLines([`${word} S1`])).toBe('admin')
  })
})

function app() {
  const a = new Hono()
  a.use('*', consoleGuard())
  a.use('*', async (c, next) => {
    c.header('x-access', await consoleAccess(c, 'admin'))
    await next()
  })
  a.post('/api/printer/command', async (c) => c.json({ echoed: await c.req.json() }))
  a.post('/api/printers/:id/command', async (c) => c.json({ echoed: await c.req.json() }))
  return a
}
const post = (body: string, path = '/api/printer/command') => app().request(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } })

describe('consoleGuard', () => {
  it('passes valid lines and leaves the body readable for the route', async () => {
    const res = await post(JSON.stringify({ commands: ['M105', 'M104 S210'] }))
    expect(res.status).toBe(200)
    expect(res.headers.get('x-access')).toBe('control')
    expect(await res.json()).toEqual({ echoed: { commands: ['M105', 'M104 S210'] } })
  })
  it('needs admin for raw motion', async () => {
    expect((await post(JSON.stringify({ command: 'G1 X200' }))).headers.get('x-access')).toBe('admin')
  })
  it('refuses binary junk with 422 GCODE_INVALID', async () => {
    const res = await post(JSON.stringify({ command: 'M105\u0000\u00ff\u0001' }))
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ error: 'GCODE_INVALID', detail: { index: 0 } })
  })
  it("checks the lines of each printer's console of several the same way, without lowering its admin scope", async () => {
    const junk = await post(JSON.stringify({ command: 'M105\u0000' }), '/api/printers/b/command')
    expect(junk.status).toBe(422)
    expect(await junk.json()).toMatchObject({ error: 'GCODE_INVALID', detail: { index: 0 } })
    expect((await post(JSON.stringify({ command: 'M110 N0' }), '/api/printers/b/command')).status).toBe(422)
    const harmless = await post(JSON.stringify({ command: 'M105' }), '/api/printers/b/command')
    expect(harmless.status).toBe(200)
    expect(harmless.headers.get('x-access')).toBe('admin')
  })
  it('refuses invalid JSON with 400 and too many lines with 422', async () => {
    expect((await post('{"command":')).status).toBe(400)
    expect((await post(JSON.stringify({ commands: Array(65).fill('M105') }))).status).toBe(422)
  })
})
