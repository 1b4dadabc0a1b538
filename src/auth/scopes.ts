// Scopes and the route table that says which scope each request needs (fail closed for the unknown).

export const SCOPES = ['read', 'control', 'files', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

/** What a request needs: nothing (`public`), or one scope. */
export type Access = 'public' | Scope

type Rule = { methods: readonly string[] | '*'; pattern: RegExp; access: Access }

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const
const READS = ['GET', 'HEAD'] as const

/** First match wins. Paths are matched after trailing slashes are removed. */
const RULES: readonly Rule[] = [
  // pairing and the login state are reachable without a credential
  { methods: ['GET'], pattern: /^\/api\/auth\/status$/, access: 'public' },
  { methods: ['POST'], pattern: /^\/api\/auth\/pair$/, access: 'public' },
  { methods: ['POST'], pattern: /^\/api\/auth\/logout$/, access: 'public' },
  { methods: ['POST'], pattern: /^\/api\/auth\/pairing\/request$/, access: 'public' },
  { methods: '*', pattern: /^\/api\/auth\/(tokens|pairing)(\/.*)?$/, access: 'admin' },
  // apps (src/compat): an app asks for a key before it has one; an admin decides. Push sockets
  // authenticate inside (SockJS `{"auth"}` message; Moonraker's key, session or oneshot token, checked in src/compat)
  { methods: READS, pattern: /^\/plugin\/appkeys\/(probe|request\/[^/]+)$/, access: 'public' },
  { methods: ['POST'], pattern: /^\/plugin\/appkeys\/request$/, access: 'public' },
  { methods: '*', pattern: /^\/plugin\/appkeys\/(pending|decision\/[^/]+)$/, access: 'admin' },
  { methods: '*', pattern: /^\/sockjs(\/.*)?$/, access: 'public' },
  { methods: READS, pattern: /^\/websocket$/, access: 'public' },
  // raw G-code console and settings (the console guard lowers this for harmless commands); the
  // console log is admin too: it holds the pairing code sent with M117
  { methods: READS, pattern: /^\/api\/printer\/console$/, access: 'admin' },
  { methods: MUTATING, pattern: /^\/api\/printer\/command$/, access: 'admin' },
  { methods: READS, pattern: /^\/api\/printers\/[^/]+\/console$/, access: 'admin' },
  { methods: MUTATING, pattern: /^\/api\/printers\/[^/]+\/command$/, access: 'admin' },
  { methods: MUTATING, pattern: /^\/api\/(settings|config)(\/.*)?$/, access: 'admin' },
  { methods: MUTATING, pattern: /^\/api\/printerprofiles(\/.*)?$/, access: 'admin' },
  // files: uploads and deletes
  { methods: ['POST'], pattern: /^\/api\/files(\/(local|sdcard))?$/, access: 'files' },
  { methods: ['PUT'], pattern: /^\/api\/v1\/files\/.+$/, access: 'files' },
  { methods: ['POST'], pattern: /^\/server\/files\/upload$/, access: 'files' },
  { methods: ['DELETE'], pattern: /^\/api\/(v1\/)?files\/.+$/, access: 'files' },
  // a finished job's files and a timelapse video, offered by GET /api/housekeeping
  { methods: ['DELETE'], pattern: /^\/api\/(housekeeping\/jobs|timelapse)\/[^/]+$/, access: 'files' },
  // select-and-print an uploaded file (OctoPrint) is a print start
  { methods: ['POST'], pattern: /^\/api\/files\/(local|sdcard)\/.+$/, access: 'control' },
  // control: jobs and the printer
  { methods: ['POST'], pattern: /^\/api\/print-request$/, access: 'control' },
  // a dry run of the words creates nothing
  { methods: ['POST'], pattern: /^\/api\/print-request\/check$/, access: 'read' },
  { methods: ['POST'], pattern: /^\/api\/workflows\/[^/]+\/(confirm|rebuild)$/, access: 'control' },
  { methods: ['DELETE'], pattern: /^\/api\/workflows\/[^/]+$/, access: 'control' },
  { methods: ['POST'], pattern: /^\/api\/workflows\/[^/]+\/(pause|resume|cancel|reprint|recover)$/, access: 'control' },
  { methods: ['POST'], pattern: /^\/api\/printer\/(connect|disconnect|emergency-stop|bed-cleared|prompt)$/, access: 'control' },
  // one printer of several (issue 19): the same controls, and printing an uploaded file there
  { methods: ['POST'], pattern: /^\/api\/printers\/[^/]+\/(connect|disconnect|emergency-stop|bed-cleared|pause|resume|cancel)$/, access: 'control' },
  { methods: ['POST'], pattern: /^\/api\/printers\/[^/]+\/files\/[^/]+\/print$/, access: 'control' },
  // the Control sheet, of the main printer or one of several: preheat, home, jog, fan, factors, baby-steps (motion refused while printing)
  { methods: ['POST'], pattern: /^\/api\/(printer|printers\/[^/]+)\/control$/, access: 'control' },
  // web push: a phone that may control the printer may ask to be told when a print ends
  { methods: ['POST', 'DELETE'], pattern: /^\/api\/notifications\/subscriptions$/, access: 'control' },
  { methods: ['POST'], pattern: /^\/api\/(job|connection)$/, access: 'control' },
  { methods: ['POST'], pattern: /^\/api\/printer\/(tool|bed|printhead)$/, access: 'control' },
  // Moonraker: print control; G-code scripts are checked line by line in src/compat (control or admin)
  { methods: ['POST'], pattern: /^\/printer\/(print\/(start|pause|resume|cancel)|emergency_stop|gcode\/script)$/, access: 'control' },
  { methods: ['POST', 'DELETE'], pattern: /^\/server\/database\/item$/, access: 'control' },
  { methods: ['DELETE'], pattern: /^\/server\/files\/.+$/, access: 'files' },
  { methods: ['POST'], pattern: /^\/api\/login$/, access: 'read' },
  { methods: ['POST'], pattern: /^\/api\/queue(\/.*)?$/, access: 'control' },
  // everything else under the API is read for GET, admin for anything that changes state
  { methods: READS, pattern: /^\/(api|server|plugin|ws|printer|access|machine)(\/.*)?$/, access: 'read' },
  { methods: READS, pattern: /^\/(health|openapi\.json|docs|redoc|metrics)(\/.*)?$/, access: 'read' },
  // the camera (live picture, snapshots) and timelapse downloads are private like the API
  { methods: READS, pattern: /^\/(webcam|downloads)(\/.*)?$/, access: 'read' },
  // the web UI's static files must load before pairing
  { methods: READS, pattern: /^\//, access: 'public' },
]

/** Routes an opted-in anonymous visitor may read: status, temperatures and progress; no files, no console. */
const ANONYMOUS_READ: readonly RegExp[] = [
  /^\/health$/,
  /^\/api\/printer$/,
  /^\/api\/printer\/status$/,
  /^\/api\/job$/,
  /^\/api\/status\/[^/]+$/,
  /^\/api\/workflows$/,
  /^\/api\/version$/,
  /^\/ws\/progress$/,
]

function trimPath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path
}

/** The access a request needs. Unknown mutating routes need `admin`; OPTIONS is treated like GET. */
export function requiredAccess(method: string, path: string): Access {
  const m = method.toUpperCase() === 'OPTIONS' ? 'GET' : method.toUpperCase()
  const p = trimPath(path)
  for (const rule of RULES) {
    if ((rule.methods === '*' || rule.methods.includes(m)) && rule.pattern.test(p)) return rule.access
  }
  return 'admin'
}

/** True when an anonymous visitor may make this request, given that the owner opted in. */
export function isAnonymousReadable(method: string, path: string): boolean {
  const m = method.toUpperCase()
  return (m === 'GET' || m === 'HEAD') && ANONYMOUS_READ.some((r) => r.test(trimPath(path)))
}

export function hasScope(granted: readonly Scope[], needed: Access): boolean {
  return needed === 'public' || granted.includes(needed)
}

export function parseScopes(raw: string): Scope[] {
  return raw.split(',').filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))
}
