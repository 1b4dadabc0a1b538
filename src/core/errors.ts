// One error type with stable codes for the whole gateway.

/** Every stable error code, its HTTP status and a default message. Clients branch on `code`. */
export const ERROR_CODES = {
  // generic / API edge
  VALIDATION_FAILED: { status: 422, message: 'The request did not pass validation' },
  BAD_REQUEST: { status: 400, message: 'The request is malformed' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON' },
  JSON_TOO_DEEP: { status: 400, message: 'The JSON body is nested too deeply' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The content type is not supported' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  UNAUTHORIZED: { status: 401, message: 'A credential is required' },
  FORBIDDEN: { status: 403, message: 'The credential does not allow this' },
  RATE_LIMITED: { status: 429, message: 'Too many attempts, try again later' },
  INTERNAL: { status: 500, message: 'An unexpected error occurred' },
  DISK_FULL: { status: 507, message: 'The data disk is full' },
  CONFIG_INVALID: { status: 500, message: 'The configuration is invalid' },
  // printer link
  PRINTER_NOT_CONNECTED: { status: 409, message: 'The printer is not connected' },
  PRINTER_BUSY: { status: 409, message: 'The printer is busy' },
  PRINTER_NOT_FOUND: { status: 404, message: 'No printer with that id on this gateway' },
  PRINTER_NOT_PRINTING: { status: 409, message: 'The printer is not printing' },
  PROMPT_NOT_OPEN: { status: 409, message: 'The printer is not waiting for an answer' },
  PRINTER_CONNECT_FAILED: { status: 502, message: 'Could not connect to the printer' },
  PRINTER_DISCONNECTED: { status: 502, message: 'The printer link was lost' },
  PRINTER_RESET: { status: 502, message: 'The printer reset itself' },
  PRINTER_TIMEOUT: { status: 504, message: 'The printer stopped answering' },
  FIRMWARE_FATAL: { status: 502, message: 'The firmware reported a fatal error' },
  FIRMWARE_PROFILE_INVALID: { status: 500, message: 'A firmware profile is invalid' },
  FIRMWARE_PROFILE_UNKNOWN: { status: 400, message: 'No such firmware profile' },
  RESEND_LOOP: { status: 502, message: 'The printer keeps requesting the same line' },
  RESEND_HISTORY_EXHAUSTED: { status: 502, message: 'A resend was requested beyond the kept history' },
  RESEND_SKIPS_LINES: { status: 502, message: 'The printer asked to resume past lines it was never sent' },
  GCODE_LINE_TOO_LONG: { status: 422, message: 'A G-code line is longer than the firmware accepts' },
  GCODE_INVALID: { status: 422, message: 'The G-code is not valid' },
  GCODE_NEEDS_ADMIN: { status: 403, message: 'The G-code changes firmware settings or the firmware; that needs admin' },
  EMERGENCY_STOPPED: { status: 409, message: 'The printer was emergency-stopped and needs a reset' },
  // words to G-code
  INTENT_EMPTY: { status: 422, message: 'The request is empty' },
  INTENT_TOO_LONG: { status: 422, message: 'The request is too long' },
  INTENT_NOT_UNDERSTOOD: { status: 422, message: 'The request could not be understood' },
  INTENT_INVALID_DIMENSION: { status: 422, message: 'A dimension is zero, negative or absurd' },
  INTENT_INVALID_VALUE: { status: 422, message: 'A count, infill or layer height is out of range' },
  INTENT_UNSUPPORTED_SHAPE: { status: 422, message: 'The requested object is not a shape that can be built from words' },
  INTENT_AMBIGUOUS: { status: 422, message: 'The request can be read more than one way' },
  MODEL_TOO_LARGE: { status: 422, message: 'The model does not fit the build volume' },
  MODEL_FAILED: { status: 500, message: 'The model could not be built' },
  SLICER_NOT_FOUND: { status: 503, message: 'PrusaSlicer is not installed' },
  SLICER_FAILED: { status: 500, message: 'Slicing failed' },
  SLICER_TIMEOUT: { status: 504, message: 'Slicing took too long' },
  SLICER_PROFILE_UNKNOWN: { status: 422, message: 'No such slicer profile' },
  GCODE_ANALYSIS_FAILED: { status: 422, message: 'The G-code could not be analysed' },
  // jobs
  JOB_NOT_FOUND: { status: 404, message: 'No such job' },
  JOB_INVALID_TRANSITION: { status: 400, message: 'The job cannot do that in its current state' },
  JOB_CANCELLED: { status: 409, message: 'The job was cancelled' },
  JOB_INTERRUPTED: { status: 409, message: 'The print was interrupted before it finished' },
  RECOVERY_NOT_AVAILABLE: { status: 409, message: 'This job has no power-loss record to resume from' },
  RECOVERY_LAYER_INVALID: { status: 422, message: 'The print cannot resume at that layer' },
  RECOVERY_NOT_CONFIRMED: { status: 422, message: 'Resuming needs an explicit confirmation that the part is still on the bed' },
  HEATER_FAULT: { status: 502, message: 'A heater stopped behaving as commanded' },
  SHUTTING_DOWN: { status: 503, message: 'The gateway is shutting down' },
  FILE_CONTENT_INVALID: { status: 422, message: 'The file content does not match its type' },
  FILE_NOT_FOUND: { status: 404, message: 'No such file' },
  FILE_IN_USE: { status: 409, message: 'The file is being printed' },
  FILE_NAME_INVALID: { status: 400, message: 'The file name is not allowed' },
  FILE_TYPE_UNSUPPORTED: { status: 415, message: 'Only G-code and STL files are accepted' },
  // access and pairing
  SOURCE_NOT_ALLOWED: { status: 403, message: 'Requests from this network address are not served' },
  CSRF_REJECTED: { status: 403, message: 'Cross-site request refused' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'The Origin of this request is not allowed' },
  HOST_NOT_ALLOWED: { status: 403, message: 'The Host header does not name this gateway (DNS rebinding?); a credential is needed' },
  PAIRING_NOT_ACTIVE: { status: 409, message: 'No pairing code is active; start pairing on the gateway' },
  PAIRING_CODE_INVALID: { status: 401, message: 'The pairing code is wrong or has expired' },
  PAIRING_LOCKED: { status: 429, message: 'Too many wrong pairing codes; pairing is locked for a while' },
  TOKEN_NOT_FOUND: { status: 404, message: 'No such token' },
  TOO_MANY_CONNECTIONS: { status: 503, message: 'Too many live connections' },
  TOO_MANY_SOCKETS: { status: 429, message: 'This credential or address holds too many live connections' },
  // camera
  CAMERA_NOT_FOUND: { status: 404, message: 'No camera is configured under that name' },
  CAMERA_UNAVAILABLE: { status: 503, message: 'The camera sends no pictures right now' },
  // apps (src/compat): app keys and Moonraker's JSON-RPC
  APP_KEY_REQUEST_UNKNOWN: { status: 404, message: 'No such app-key request, or it was denied or expired' },
  APP_KEY_REQUESTS_FULL: { status: 429, message: 'Too many app-key requests are waiting for a decision' },
  RPC_METHOD_NOT_FOUND: { status: 404, message: 'No such JSON-RPC method' },
  GCODE_COMMAND_UNSUPPORTED: { status: 400, message: 'This Klipper command has no Marlin equivalent in printgate' },
  // operations (backup, restore)
  BACKUP_FAILED: { status: 500, message: 'The backup could not be made' },
  BACKUP_INVALID: { status: 422, message: 'The backup archive is damaged or not a printgate backup' },
  GATEWAY_RUNNING: { status: 409, message: 'The gateway is running; stop it first or force' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERROR_CODES

/** The gateway's only error type: a stable code, an HTTP status and optional detail. */
export class GatewayError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly detail: unknown

  constructor(code: ErrorCode, message?: string, options: { detail?: unknown; cause?: unknown } = {}) {
    super(message ?? ERROR_CODES[code].message, { cause: options.cause })
    this.name = 'GatewayError'
    this.code = code
    this.status = ERROR_CODES[code].status
    this.detail = options.detail
  }

  /** The API's error body: `detail` repeats the message so the seed's clients keep working. */
  toJSON(): { error: ErrorCode; message: string; detail: unknown } {
    return { error: this.code, message: this.message, detail: this.detail ?? this.message }
  }
}

export function isGatewayError(e: unknown, code?: ErrorCode): e is GatewayError {
  return e instanceof GatewayError && (code === undefined || e.code === code)
}
