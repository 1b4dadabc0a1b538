// API documentation served from the device: /openapi.json, Swagger UI at /docs (local assets), a reference page at /redoc.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const DOC_CONFIG = {
  openapi: '3.0.0',
  info: {
    title: 'printgate API',
    version: '0.1.0',
    description:
      'LAN print gateway: jobs from words or files, one printer, a persistent queue. Errors are `{"error": CODE, "message", "detail"}`. ' +
      'Live updates: WebSocket `/ws/progress` (`?job_id=` or `{"type":"subscribe","job_id"}`, `{"type":"subscribe","topic":"printer"}`, ' +
      '`{"type":"ping"}` → `{"type":"pong"}`); messages `status_update` (the job in the same fields as the HTTP job body, without ' +
      'queue_position, temperatures and steps, plus timestamp), `progress_update` (the fields that move during a print: status, ' +
      'progress_percentage, current_step, message, layer, layer_count, z, eta_seconds, estimated_completion, errors) and `printer_update`.',
  },
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>printgate API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-init.js"></script></body></html>`
const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`

type Doc = {
  paths?: Record<string, Record<string, { summary?: string; description?: string; tags?: string[]; responses?: Record<string, { description?: string }> }>>
}

/** A minimal self-contained reference built from the OpenAPI document (the `redoc` package is not shipped). */
export function renderReference(doc: Doc): string {
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const codes = Object.entries(op.responses ?? {})
        .map(([code, r]) => `<code title="${escapeHtml(r.description ?? '')}">${escapeHtml(code)}</code>`)
        .join(' ')
      return `<tr><td><b>${escapeHtml(method.toUpperCase())}</b></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary ?? '')}${op.description ? `<br><small>${escapeHtml(op.description)}</small>` : ''}</td><td>${codes}</td></tr>`
    }),
  )
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>printgate API reference</title><style>body{font:15px system-ui,sans-serif;margin:1rem;color:#222}table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top}code{background:#f3f3f3;padding:0 .2rem}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}code{background:#333}}</style></head>
<body><h1>printgate API reference</h1><p>Generated from <a href="/openapi.json">/openapi.json</a>; try requests in <a href="/docs">/docs</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Responses</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerDocs(app: OpenAPIHono<any>): void {
  app.doc('/openapi.json', DOC_CONFIG)
  app.get('/docs', (c) => c.html(SWAGGER_PAGE))
  app.get('/docs/assets/swagger-init.js', (c) => c.body(SWAGGER_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
  app.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name')
    const type = ASSETS[name]
    if (!type) return c.notFound()
    return c.body(readFileSync(join(SWAGGER_DIR, name)), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' })
  })
  let reference: string | null = null
  app.get('/redoc', (c) => c.html((reference ??= renderReference(app.getOpenAPIDocument(DOC_CONFIG) as unknown as Doc))))
}
