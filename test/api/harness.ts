// Starts the shipping gateway (src/gateway.ts, engine in-process on the simulator behind its proxy) on a free port for API tests.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GatewayApp, SecurityHook } from '../../src/app.js'
import { configSchema } from '../../src/config/schema.js'
import type { Clock } from '../../src/core/clock.js'
import { createSystemClock } from '../../src/core/clock.js'
import { silentLogger } from '../../src/core/logger.js'
import type { EngineProxy } from '../../src/engine/printer-proxy.js'
import { createGateway, type Gateway, type GatewayOverrides } from '../../src/gateway.js'
import type { Orchestrator } from '../../src/jobs/orchestrator.js'
import type { PlanLibrary } from '../../src/jobs/plan-port.js'
import type { PrinterService } from '../../src/printer/types.js'
import { createSimBinding, type SimBinding } from '../../src/sim/sim-binding.js'
import type { TokenStore } from '../../src/auth/token-store.js'
import type { Db } from '../../src/storage/db.js'
import type { JobsRepo } from '../../src/storage/jobs-repo.js'
import { START_BOUND_MS, within } from '../support/wait-for.js'

/** A fast simulator: high baud, little latency, quick heating and homing. */
export const FAST_SIM = 'sim://marlin?baud=250000&latencyMs=1&heatRate=200&bedHeatRate=200&homeMs=20&timeScale=0.02'

export interface TestGateway {
  baseUrl: string
  wsUrl: string
  port: number
  dataDir: string
  db: Db
  gateway: GatewayApp
  orchestrator: Orchestrator
  printer: EngineProxy
  jobs: JobsRepo
  printers: Gateway['printers']
  sim: SimBinding
  close(): Promise<void>
}

/** What a test's security layer needs from the gateway, and what the gateway needs back from it. */
export interface TestSecurity {
  hook: SecurityHook
  countWebSocketsWith?(count: () => number): void
  close(): void
  /** The token store, as in the shipping wiring (compat checks a push socket's key in it). */
  store: Pick<TokenStore, 'issue' | 'list'>
}

export interface TestGatewayOptions {
  plan: PlanLibrary
  simUrl?: string
  autoStart?: boolean
  /** Typed requests wait for "Print it" (the product's default is on; tests opt in). */
  confirmTypedRequests?: boolean
  uploadBytes?: number
  dataDir?: string
  connect?: boolean
  ws?: GatewayOverrides['ws']
  /** Several simulated printers (`printers:` in the config) instead of the one `printer:`. */
  printers?: Array<{ id: string; name?: string; simUrl: string; bed?: { x: number; y: number; z: number } }>
  /** Wires access control in (src/auth); without it every request is trusted, as from loopback. */
  security?: (core: { db: Db; clock: Clock; printer: PrinterService }) => TestSecurity
}

/** The real gateway (src/gateway.ts: orchestrator, engine host behind its proxy on the simulator, createApp) on a free loopback port. */
export async function startTestGateway(o: TestGatewayOptions): Promise<TestGateway> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'pg-api-'))
  const sim = createSimBinding({ clock: createSystemClock() })
  const config = configSchema.parse({
    dataDir,
    http: { host: '127.0.0.1', port: 0, jsonLimitBytes: 64 * 1024 },
    ...(o.printers
      ? {
          printers: o.printers.map((p) => ({
            id: p.id,
            ...(p.name ? { name: p.name } : {}),
            port: p.simUrl,
            baud: 250000,
            engine: 'in-process',
            autoConnect: false,
            ...(p.bed ? { bed: p.bed } : {}),
          })),
        }
      : { printer: { port: o.simUrl ?? FAST_SIM, baud: 250000, engine: 'in-process', autoConnect: false } }),
    queue: { autoStart: o.autoStart ?? false, confirmTypedRequests: o.confirmTypedRequests ?? false },
    files: { maxUploadBytes: o.uploadBytes ?? 1024 * 1024 },
  })
  // One bound for the whole start, naming the step it hung in (a start slowed by a loaded machine passes).
  let step = 'createGateway'
  const starting = (async () => {
    const gw = await createGateway(config, silentLogger, {
      plan: o.plan,
      sim,
      version: 'test',
      persistEveryMs: 200,
      security: o.security ? (core) => o.security!(core) : null,
      ...(o.ws ? { ws: o.ws } : {}),
    })
    step = 'start (printer connect)'
    await gw.start({ connect: o.connect === false ? false : 'wait' })
    step = 'listen'
    return { gw, ...(await gw.listen()) }
  })()
  const { gw, port } = await within(starting, START_BOUND_MS, () => `the test gateway's start, at ${step}`)
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    db: gw.db,
    gateway: gw.app,
    orchestrator: gw.orchestrator,
    printer: gw.printer,
    jobs: gw.jobs,
    printers: gw.printers,
    sim,
    async close() {
      await gw.close('cancel')
      sim.dispose()
    },
  }
}

export { until } from '../support/wait-for.js'
