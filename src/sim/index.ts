// Public surface of the simulated printer.
export { createSimBinding, CanceledError, SimPortBinding, type SimBinding, type SimBindingOptions } from './sim-binding.js'
export { createSimPrinter, THERMAL_RUNAWAY, type SimPrinter, type SimStats, type SimEvents, type HostEnd } from './sim-printer.js'
export type { TranscriptEntry, FirmwareState, FirmwareCounters } from './firmware-model.js'
export { isSimPath, parseSimPath, parseSimOptions, SIM_URL_PREFIX, type SimOptions, type SimOptionsInput } from './options.js'
export { startPtyServer, type PtyServer, type PtyServerOptions } from './pty-server.js'
export { createSimHarness, frame, type SimHarness } from './sim-harness.js'
