// Upload routes on a tiny app with fakes: OctoPrint, Cura, PrusaLink PUT and Moonraker uploads, select/print, error bodies.
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFakeGateway, printingJob } from '../../test/compat/fake-gateway.js'
import { curaUpload, multipart, prusaLinkPut, prusaSlicerMoonrakerUpload, prusaSlicerOctoPrintUpload } from '../../test/compat/slicer-requests.js'

const GCODE = Buffer.from('; tiny\nG28\nG1 X10 Y10 F3000\nM84\n')

function send(gw: ReturnType<typeof createFakeGateway>, req: { head: { method: string; path: string; headers: Record<string, string> }; body: Buffer }) {
  return gw.app.request(`http://printer.local:8000${req.head.path}`, { method: req.head.method, headers: req.head.headers, body: req.body })
}

function storedBytes(gw: ReturnType<typeof createFakeGateway>, id: string): Buffer {
  return readFileSync(join(gw.deps.dataDir, 'files', gw.files.get(id)!.storedName))
}

describe('OctoPrint multipart upload', () => {
  it('stores the PrusaSlicer upload, answers 201 with an absolute Location and queues a job for print=true', async () => {
    const gw = createFakeGateway()
    const res = await send(gw, prusaSlicerOctoPrintUpload('', 'part.gcode', GCODE, true))
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('http://printer.local:8000/api/files/local/part.gcode')
    const body = (await res.json()) as {
      files: { local: { name: string; origin: string; refs: { resource: string } } }
      done: boolean
      effectivePrint: boolean
      effectiveSelect: boolean
      printgate: { file_id: string; job_id: string }
    }
    expect(body.files.local).toMatchObject({ name: 'part.gcode', origin: 'local', refs: { resource: 'http://printer.local:8000/api/files/local/part.gcode' } })
    expect(body).toMatchObject({ done: true, effectivePrint: true, effectiveSelect: true })
    expect(gw.created).toEqual([{ fileId: body.printgate.file_id, userId: null, metadata: { api_endpoint: 'octoprint-compat' }, allowFirmwareCommands: true }]) // no security chain: trusted as loopback
    const stored = gw.files.get(body.printgate.file_id)!
    expect(stored.sha256).toBe(createHash('sha256').update(GCODE).digest('hex'))
    expect(stored.analysis).toMatchObject({ estimatedSeconds: 120 })
    expect(storedBytes(gw, stored.id).equals(GCODE)).toBe(true)
  })

  it('stores without a job for print=false; Cura select=true only selects', async () => {
    const gw = createFakeGateway()
    const res = await send(gw, prusaSlicerOctoPrintUpload('', 'a.gcode', GCODE, false))
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ effectivePrint: false, effectiveSelect: false })
    const boundary = 'b0undary'
    const cura = multipart(
      [
        { name: 'path', value: 'sub\\dir', contentType: 'text/plain' },
        { name: 'file', value: GCODE, filename: 'c.gcode' },
        { name: 'select', value: 'yes' },
      ],
      boundary,
    )
    const selected = await gw.app.request('http://h/api/files/sdcard', {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: cura,
    })
    expect(selected.status).toBe(201)
    expect(selected.headers.get('location')).toBe('http://h/api/files/local/sub/dir/c.gcode')
    expect(await selected.json()).toMatchObject({ effectivePrint: false, effectiveSelect: true })
    expect(gw.created).toEqual([])
  })

  it('keeps a UTF-8 file name sent as raw bytes by libcurl', async () => {
    const gw = createFakeGateway()
    const res = await send(gw, prusaSlicerOctoPrintUpload('', 'Würfel 20mm.gcode', GCODE, false))
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('http://printer.local:8000/api/files/local/W%C3%BCrfel%2020mm.gcode')
    expect([...gw.files.values()][0]!.name).toBe('Würfel 20mm.gcode')
  })

  it('refuses a climbing path (400), an STL (415), a non-multipart body (415) and stores nothing', async () => {
    const gw = createFakeGateway()
    const climb = multipart(
      [
        { name: 'path', value: '../../etc' },
        { name: 'file', value: GCODE, filename: 'x.gcode' },
      ],
      'zz',
    )
    const r1 = await gw.app.request('http://h/api/files/local', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=zz' },
      body: climb,
    })
    expect(r1.status).toBe(400)
    const stl = multipart([{ name: 'file', value: Buffer.from('solid x\nendsolid x\n'), filename: 'x.stl' }], 'zz')
    const r2 = await gw.app.request('http://h/api/files/local', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=zz' }, body: stl })
    expect(r2.status).toBe(415)
    const r3 = await gw.app.request('http://h/api/files/local', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(r3.status).toBe(415)
    expect(gw.files.size).toBe(0)
  })

  it('answers 409 when the upload has the name of the file being printed', async () => {
    const gw = createFakeGateway()
    const first = await send(gw, curaUpload('k', 'benchy.gcode', GCODE, false))
    const fileId = ((await first.json()) as { printgate: { file_id: string } }).printgate.file_id
    gw.setActive(printingJob(gw.files.get(fileId)!))
    const again = await send(gw, curaUpload('k', 'benchy.gcode', GCODE, true))
    expect(again.status).toBe(409)
    expect(gw.files.size).toBe(1)
    expect(gw.created).toEqual([])
  })
})

describe('select and print an uploaded file', () => {
  it('prints the file named by the Location path (204), 409 while busy, 404 when unknown', async () => {
    const gw = createFakeGateway()
    const up = await send(gw, curaUpload('k', 'cube.gcode', GCODE, false))
    const path = up.headers.get('location')!.split('api/', 2)[1]
    const select = (p: string) =>
      gw.app.request(`http://h/api/${p}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ command: 'select', print: true }),
      })
    expect((await select(path!)).status).toBe(204)
    expect(gw.created).toHaveLength(1)
    gw.setActive(printingJob(gw.files.get(gw.created[0]!.fileId)!))
    expect((await select(path!)).status).toBe(409)
    expect((await select('files/local/nope.gcode')).status).toBe(404)
    expect(gw.created).toHaveLength(1)
  })
})

describe('PrusaLink PUT upload', () => {
  it('stores the raw body and prints with Print-After-Upload', async () => {
    const gw = createFakeGateway()
    const res = await send(gw, prusaLinkPut('k', 'Ünïcode part.gcode', GCODE, true))
    expect(res.status).toBe(201)
    const body = (await res.json()) as { name: string; printgate: { file_id: string; job_id: string | null } }
    expect(body.name).toBe('Ünïcode part.gcode')
    expect(body.printgate.job_id).not.toBeNull()
    expect(storedBytes(gw, body.printgate.file_id).equals(GCODE)).toBe(true)
    const noPrint = await send(gw, prusaLinkPut('k', 'b.gcode', GCODE, false))
    expect(((await noPrint.json()) as { printgate: { job_id: string | null } }).printgate.job_id).toBeNull()
    expect(gw.created).toHaveLength(1)
  })

  it('takes names with % and spaces (the path is decoded once) and Windows folders', async () => {
    const gw = createFakeGateway()
    const res = await gw.app.request('http://h/api/v1/files/local/prints%5Cbox/100%25%20done.gcode', {
      method: 'PUT',
      headers: { 'Content-Type': 'text/x.gcode' },
      body: GCODE,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ name: '100% done.gcode', path: '/local/prints/box/100% done.gcode' })
    const select = await gw.app.request('http://h/api/files/local/prints/box/100%25%20done.gcode', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ command: 'select', print: 'true' }),
    })
    expect(select.status).toBe(204)
    expect(gw.created).toHaveLength(1)
  })

  it('lists one writable local storage', async () => {
    const gw = createFakeGateway()
    const res = await gw.app.request('http://h/api/v1/storage')
    const body = (await res.json()) as { storage_list: { name: string; available: boolean; read_only: boolean; free_space: number }[] }
    expect(body.storage_list).toHaveLength(1)
    expect(body.storage_list[0]).toMatchObject({ name: 'local', available: true, read_only: false })
    expect(body.storage_list[0]!.free_space).toBeGreaterThan(0)
  })
})

describe('Moonraker upload', () => {
  it('answers 201 with item, print_started, print_queued and action', async () => {
    const gw = createFakeGateway()
    const res = await send(gw, prusaSlicerMoonrakerUpload(null, 'm.gcode', GCODE, true))
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      item: { path: 'm.gcode', root: 'gcodes', size: GCODE.length },
      print_started: true,
      print_queued: false,
      action: 'create_file',
    })
    expect(gw.created).toHaveLength(1)
  })
})

describe('error bodies', () => {
  it('Cura gets the 409 reason as text/plain; other clients get the JSON error body', async () => {
    const gw = createFakeGateway()
    const first = await send(gw, curaUpload('k', 'busy.gcode', GCODE, false))
    gw.setActive(printingJob(gw.files.get(((await first.json()) as { printgate: { file_id: string } }).printgate.file_id)!))
    const cura = await send(gw, curaUpload('k', 'busy.gcode', GCODE, false))
    expect(cura.status).toBe(409)
    expect(cura.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await cura.text()).toContain('"busy.gcode" is the file being printed')
    const prusa = await send(gw, prusaSlicerOctoPrintUpload('k', 'busy.gcode', GCODE, false))
    expect(prusa.status).toBe(409)
    expect(await prusa.json()).toMatchObject({ error: 'FILE_IN_USE' })
  })
})
