// Heater limits and the firmware-changing list hold on every path: console, uploaded files, and the admin exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAN_PEER, PEER_HEADER, startSecureGateway, until, type SecureGateway } from './secure-gateway.js'

let gw: SecureGateway
let control: string
let filesOnly: string
beforeAll(async () => {
  gw = await startSecureGateway()
  control = gw.security.store.issue({ kind: 'key', name: 'phone', scopes: ['read', 'files', 'control'] }).token
  filesOnly = gw.security.store.issue({ kind: 'key', name: 'uploader', scopes: ['read', 'files'] }).token
})
afterAll(async () => {
  await gw?.close()
})

const as = (key: string, headers: Record<string, string> = {}) => ({ [PEER_HEADER]: LAN_PEER, 'x-api-key': key, ...headers })

async function consoleSend(key: string, command: string) {
  const res = await fetch(`${gw.baseUrl}/api/printer/command`, {
    method: 'POST',
    headers: as(key, { 'content-type': 'application/json' }),
    body: JSON.stringify({ command }),
  })
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> | null }
}

async function upload(key: string, name: string, text: string, print: boolean) {
  const form = new FormData()
  form.append('file', new Blob([text]), name)
  if (print) form.append('print', 'true')
  const res = await fetch(`${gw.baseUrl}/api/files`, { method: 'POST', headers: as(key), body: form })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

async function finalStatus(jobId: string): Promise<Record<string, any>> {
  return until(
    async () => {
      const job = (await (await fetch(`${gw.baseUrl}/api/status/${jobId}`, { headers: as(gw.adminKey) })).json()) as Record<string, any>
      return ['failed', 'completed', 'cancelled', 'interrupted'].includes(job.status) ? job : null
    },
    30_000,
    `job ${jobId} to finish`,
  )
}

const MOVES = 'G28\nG90\nM83\nG1 Z0.3 F600\nG1 X10 Y10 E1 F1200\nG1 X20 Y10 E1\n'

describe('heater limits read the way Marlin reads them', () => {
  it.each(['M104S999', 'M104 S+999', 'M140S999', 'M109 R999', 'M104 T1 S999', 'M190 R+999'])('the console refuses %s', async (command) => {
    const answer = await consoleSend(control, command)
    expect(answer.status).toBe(422)
    expect(answer.body?.message).toMatch(/asks for 999 °C/)
    expect(gw.printer.recentConsole().some((l) => l.line.includes('999'))).toBe(false)
  })

  it.each(['M104S999', 'M104 S+999', 'M140S999'])('an uploaded file with %s is refused before printing, naming the line', async (line) => {
    await gw.orchestrator.bedCleared()
    const { status, body } = await upload(control, 'hot.gcode', `${MOVES}${line}\nG1 X30 Y10 E1\n`, true)
    expect(status).toBe(201)
    const job = await finalStatus(body.job.job_id)
    expect(job.status).toBe('failed')
    expect(JSON.stringify(job)).toMatch(/Line 7: M1[04]{2} asks for 999 °C/)
  })
})

describe('commands that change firmware settings follow one policy for console and files', () => {
  it.each(['M502', 'M500', 'M303 E0 S200 C3', 'M997', 'M112'])('a control key cannot send %s from the console', async (command) => {
    expect((await consoleSend(control, command)).status).toBe(403)
  })

  it.each(['M502', 'M500', 'M303 E0 S200 C3', 'M997', 'M112'])('a file holding %s, started by a control key, is refused naming the line', async (command) => {
    await gw.orchestrator.bedCleared()
    const { status, body } = await upload(control, 'settings.gcode', `${MOVES}${command}\n`, true)
    expect(status).toBe(201)
    const job = await finalStatus(body.job.job_id)
    expect(job.status).toBe('failed')
    expect(JSON.stringify(job)).toContain('GCODE_NEEDS_ADMIN')
    expect(JSON.stringify(job)).toMatch(new RegExp(`Line 7: ${command.split(' ')[0]}`))
  })

  it('the same file started by an admin prints', async () => {
    await gw.orchestrator.bedCleared()
    const { body } = await upload(gw.adminKey, 'settings.gcode', `${MOVES}M502\nM500\nG1 X30 Y10 E1\n`, true)
    const job = await finalStatus(body.job.job_id)
    expect(job.status).toBe('completed')
  })

  it('a request body cannot approve itself through metadata', async () => {
    await gw.orchestrator.bedCleared()
    const { body: file } = await upload(control, 'settings.gcode', `${MOVES}M502\n`, false)
    const res = await fetch(`${gw.baseUrl}/api/print-request`, {
      method: 'POST',
      headers: as(control, { 'content-type': 'application/json' }),
      body: JSON.stringify({ file_id: file.id, metadata: { firmware_commands: 'approved-by-admin' } }),
    })
    expect(res.status).toBe(201)
    const job = await finalStatus(((await res.json()) as Record<string, any>).job_id)
    expect(JSON.stringify(job)).toContain('GCODE_NEEDS_ADMIN')
  })
})

describe('scope edges', () => {
  it('a files-only key asking to print is refused before the file is stored', async () => {
    const before = gw.orchestrator ? ((await (await fetch(`${gw.baseUrl}/api/files`, { headers: as(gw.adminKey) })).json()) as unknown[]).length : 0
    const { status, body } = await upload(filesOnly, 'cube.gcode', MOVES, true)
    expect(status).toBe(403)
    expect(body.error).toBe('FORBIDDEN')
    const after = ((await (await fetch(`${gw.baseUrl}/api/files`, { headers: as(gw.adminKey) })).json()) as unknown[]).length
    expect(after).toBe(before)
  })

  it('a control key may reprint a finished job', async () => {
    await gw.orchestrator.bedCleared()
    const { body } = await upload(control, 'cube.gcode', MOVES, true)
    await finalStatus(body.job.job_id)
    await gw.orchestrator.bedCleared()
    const res = await fetch(`${gw.baseUrl}/api/workflows/${body.job.job_id}/reprint`, { method: 'POST', headers: as(control) })
    expect(res.status).toBe(201)
  })
})
