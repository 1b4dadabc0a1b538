// What the slicer-compatibility routes need: the gateway's own API dependencies plus printgate's version.
import type { ApiDeps } from '../api/deps.js'

export interface CompatDeps extends Pick<ApiDeps, 'orchestrator' | 'jobs' | 'files' | 'printer' | 'plan' | 'dataDir' | 'logger' | 'now' | 'limits'> {
  /** printgate's own version, shown after "OctoPrint 1.10.0" in `/api/version`. */
  version: string
}
