// Starts the real gateway (createApp with security, printer engine on the simulator, the real plan library) for slicer contract tests.
import { socketAddress } from '../../src/auth/client-address.js'
import { createSecurity, type Security } from '../../src/auth/security.js'
import { silentLogger } from '../../src/core/logger.js'
import * as plan from '../../src/plan/index.js'
import { startTestGateway, type TestGateway } from '../api/harness.js'

export { until } from '../api/harness.js'

/** Requests with this header count as coming from that address (tests only), so keys are really checked. */
export const PEER_HEADER = 'x-test-peer'
export const LAN_PEER = '192.168.1.50'
/** Unlimited link rate, no latency, fast heating and motion: a small file prints in about a second. */
export const FAST_SIM = 'sim://marlin?baud=0&latencyMs=0&heatRate=500&bedHeatRate=500&homeMs=10&timeScale=0.01'

export interface CompatGateway extends TestGateway {
  /** A key with read, control and files scopes, as a slicer would be given. */
  slicerKey: string
  /** A key with only the read scope. */
  readKey: string
  /** read + files: may upload, may not start a print. */
  filesKey: string
  /** Every scope, admin included (decides app-key requests). */
  adminKey: string
  security: Security
}

export async function startCompatGateway(o: { autoStart?: boolean } = {}): Promise<CompatGateway> {
  let security: Security | undefined
  const gw = await startTestGateway({
    plan,
    simUrl: FAST_SIM,
    autoStart: o.autoStart ?? false,
    uploadBytes: 8 * 1024 * 1024,
    security: ({ db, clock, printer }) =>
      (security = createSecurity({
        db,
        clock,
        logger: silentLogger,
        printer,
        options: { pairOnStart: false },
        addressSource: (c) => c.req.header(PEER_HEADER) ?? socketAddress(c),
      })),
  })
  const issue = (name: string, scopes: ('read' | 'control' | 'files')[]) => security!.store.issue({ kind: 'key', name, scopes }).token
  return {
    ...gw,
    slicerKey: issue('PrusaSlicer on desk', ['read', 'control', 'files']),
    readKey: issue('viewer', ['read']),
    filesKey: issue('file drop', ['read', 'files']),
    adminKey: security!.store.issue({ kind: 'admin', name: 'owner', scopes: ['read', 'control', 'files', 'admin'] }).token,
    security: security!,
  }
}
