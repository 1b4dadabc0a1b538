// The phone UI is served at / beside the API, from src/ui, and nothing outside it leaks.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakePlan } from './fake-plan.js'
import { startTestGateway, type TestGateway } from './harness.js'

let gw: TestGateway
beforeAll(async () => {
  gw = await startTestGateway({ plan: createFakePlan(), connect: false })
})
afterAll(() => gw.close())

const rawGet = (path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(gw.baseUrl + '/', { path, method: 'GET' }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })

describe('static UI', () => {
  it('serves index.html at / and the UI assets the API must not shadow', async () => {
    const index = await fetch(gw.baseUrl + '/')
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toContain('text/html')
    expect(await index.text()).toContain('<html')
    for (const path of ['/app.js', '/styles.css', '/manifest.webmanifest', '/sw.js', '/icons/icon.svg']) {
      expect((await fetch(gw.baseUrl + path)).status, path).toBe(200)
    }
  })

  it('refuses paths that climb out of the UI folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/icons/../../main.ts']) {
      const res = await rawGet(path)
      expect(res.status, path).toBe(404)
      expect(res.body).not.toContain('"name": "printgate"')
    }
  })
})
