// Starts the real gateway with security wired in; a test header stands in for the LAN source address.
import { socketAddress } from '../../src/auth/client-address.js'
import { createSecurity, type Security, type SecurityDeps } from '../../src/auth/security.js'
import { createLogger } from '../../src/core/logger.js'
import { createFakePlan } from '../api/fake-plan.js'
import { startTestGateway, type TestGateway } from '../api/harness.js'

export { until } from '../api/harness.js'

/** Requests carrying this header are treated as coming from that address (tests only; never in src/). */
export const PEER_HEADER = 'x-test-peer'
export const LAN_PEER = '192.168.1.77'

export interface SecureGateway extends TestGateway {
  security: Security
  adminKey: string
  pairingCode: string
  plan: ReturnType<typeof createFakePlan>
  logLines: string[]
}

export async function startSecureGateway(o: { options?: SecurityDeps['options']; simUrl?: string; autoStart?: boolean } = {}): Promise<SecureGateway> {
  const plan = createFakePlan()
  const logLines: string[] = []
  const logger = createLogger({ level: 'info', write: (l) => logLines.push(l) })
  let security: Security | undefined
  let keys: { adminKey: string | null; pairingCode: string | null } = { adminKey: null, pairingCode: null }
  const gw = await startTestGateway({
    plan,
    autoStart: o.autoStart ?? true,
    uploadBytes: 4 * 1024 * 1024,
    ...(o.simUrl ? { simUrl: o.simUrl } : {}),
    security: ({ db, clock, printer }) => {
      const made = createSecurity({ db, clock, logger, printer, options: o.options, addressSource: (c) => c.req.header(PEER_HEADER) ?? socketAddress(c) })
      security = made
      // The gateway starts security; the first-run key and pairing code it returns are kept for the tests.
      return { hook: made.hook, countWebSocketsWith: made.countWebSocketsWith, close: made.close, store: made.store, start: () => void (keys = made.start()) }
    },
  })
  return { ...gw, security: security!, adminKey: keys.adminKey!, pairingCode: keys.pairingCode!, plan, logLines }
}
