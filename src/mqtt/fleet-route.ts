// GET /api/fleet: the gateways announced on the same MQTT broker, with their printers' states (this one first).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { FleetEntry } from './bridge.js'

const Fleet = z
  .object({
    mqtt: z.boolean().openapi({ description: 'false when MQTT is not configured' }),
    gateways: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        url: z.string().nullable(),
        online: z.boolean(),
        self: z.boolean(),
        printers: z.array(z.object({ id: z.string(), name: z.string(), state: z.string() })),
      }),
    ),
  })
  .openapi('Fleet')

const route = createRoute({
  method: 'get',
  path: '/api/fleet',
  tags: ['printer'],
  summary: 'Gateways on the same MQTT broker and their printers',
  responses: { 200: { description: 'The fleet', content: { 'application/json': { schema: Fleet } } } },
})

export function createFleetRoutes(fleet: (() => FleetEntry[]) | null): OpenAPIHono {
  const app = new OpenAPIHono()
  app.openapi(route, (c) => c.json({ mqtt: fleet !== null, gateways: fleet?.() ?? [] }, 200))
  return app
}
