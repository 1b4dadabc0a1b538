// Topic names and payloads: printgate's own, Home Assistant discovery, and the ones OctoPrint's MQTT plugin users consume.

export interface PrinterTopics {
  base: string
  availability: string
  state: string
  command: (action: CommandAction) => string
  commandWildcard: string
  event: (name: string) => string
  progress: string
  temperature: (heater: 'tool0' | 'bed') => string
  /** JPEG pictures of the printer's camera (Home Assistant's MQTT camera reads them). */
  camera: string
}

export const COMMAND_ACTIONS = ['pause', 'resume', 'cancel', 'emergency_stop', 'bed_cleared'] as const
export type CommandAction = (typeof COMMAND_ACTIONS)[number]

export function printerTopics(prefix: string, gatewayId: string, printerId: string): PrinterTopics {
  const base = `${prefix}/${gatewayId}/${printerId}`
  return {
    base,
    availability: `${base}/availability`,
    state: `${base}/state`,
    command: (action) => `${base}/command/${action}`,
    commandWildcard: `${base}/command/+`,
    event: (name) => `${base}/event/${name}`,
    progress: `${base}/progress/printing`,
    temperature: (heater) => `${base}/temperature/${heater}`,
    camera: `${base}/camera`,
  }
}

export const fleetTopic = (prefix: string, gatewayId: string): string => `${prefix}/gateways/${gatewayId}`
export const fleetWildcard = (prefix: string): string => `${prefix}/gateways/+`

/** What printgate publishes (retained) as one printer's state. */
export interface PrinterStatePayload {
  state: string
  printing: boolean
  hotend: { actual: number | null; target: number | null }
  bed: { actual: number | null; target: number | null }
  job: { id: string; file: string | null; status: string } | null
  progress: number | null
  time_left: number | null
  layer: number | null
}

export interface DiscoveryMessage {
  topic: string
  payload: string
}

interface DiscoveryInput {
  discoveryPrefix: string
  gatewayId: string
  printerId: string
  printerName: string
  topics: PrinterTopics
  version: string
  configurationUrl?: string | undefined
  /** A camera is tied to the printer: one `camera` entity reading `topics.camera`. */
  camera?: boolean
}

/** The Home Assistant device id (and discovery node id) of one printer of one gateway: stable across restarts. */
export const deviceId = (gatewayId: string, printerId: string): string => `printgate_${gatewayId}_${printerId}`.replace(/[^a-zA-Z0-9_-]/g, '_')

/** Home Assistant MQTT discovery: one device per printer, sensors, a binary sensor and buttons, all retained. */
export function discoveryMessages(input: DiscoveryInput): DiscoveryMessage[] {
  const id = deviceId(input.gatewayId, input.printerId)
  const device = {
    identifiers: [id],
    name: input.printerName,
    manufacturer: 'printgate',
    model: '3D printer (serial)',
    sw_version: input.version,
    ...(input.configurationUrl ? { configuration_url: input.configurationUrl } : {}),
  }
  const common = { availability_topic: input.topics.availability, payload_available: 'online', payload_not_available: 'offline', device }
  const sensor = (key: string, name: string, template: string, extra: Record<string, unknown> = {}): DiscoveryMessage => ({
    topic: `${input.discoveryPrefix}/sensor/${id}/${key}/config`,
    payload: JSON.stringify({
      name,
      unique_id: `${id}_${key}`,
      object_id: `${id}_${key}`,
      state_topic: input.topics.state,
      value_template: template,
      ...common,
      ...extra,
    }),
  })
  const temperature = { device_class: 'temperature', unit_of_measurement: '°C', state_class: 'measurement' }
  const messages: DiscoveryMessage[] = [
    sensor('hotend_temperature', 'Hotend temperature', '{{ value_json.hotend.actual }}', temperature),
    sensor('hotend_target', 'Hotend target', '{{ value_json.hotend.target }}', temperature),
    sensor('bed_temperature', 'Bed temperature', '{{ value_json.bed.actual }}', temperature),
    sensor('bed_target', 'Bed target', '{{ value_json.bed.target }}', temperature),
    sensor('state', 'State', '{{ value_json.state }}'),
    sensor('progress', 'Job progress', '{{ value_json.progress }}', { unit_of_measurement: '%', state_class: 'measurement' }),
    sensor('time_left', 'Time left', '{{ value_json.time_left }}', { device_class: 'duration', unit_of_measurement: 's' }),
    sensor('layer', 'Current layer', '{{ value_json.layer }}'),
    sensor('file', 'File', '{{ value_json.job.file if value_json.job else "" }}'),
    {
      topic: `${input.discoveryPrefix}/binary_sensor/${id}/printing/config`,
      payload: JSON.stringify({
        name: 'Printing',
        unique_id: `${id}_printing`,
        object_id: `${id}_printing`,
        device_class: 'running',
        state_topic: input.topics.state,
        value_template: "{{ 'ON' if value_json.printing else 'OFF' }}",
        ...common,
      }),
    },
  ]
  const BUTTONS: Record<CommandAction, string> = {
    pause: 'Pause',
    resume: 'Resume',
    cancel: 'Cancel print',
    emergency_stop: 'Emergency stop',
    bed_cleared: 'Bed cleared',
  }
  for (const action of Object.keys(BUTTONS) as CommandAction[]) {
    messages.push({
      topic: `${input.discoveryPrefix}/button/${id}/${action}/config`,
      payload: JSON.stringify({
        name: BUTTONS[action],
        unique_id: `${id}_${action}`,
        object_id: `${id}_${action}`,
        command_topic: input.topics.command(action),
        payload_press: 'PRESS',
        ...common,
      }),
    })
  }
  if (input.camera) {
    messages.push({
      topic: `${input.discoveryPrefix}/camera/${id}/camera/config`,
      payload: JSON.stringify({ name: 'Camera', unique_id: `${id}_camera`, object_id: `${id}_camera`, topic: input.topics.camera, ...common }),
    })
  }
  return messages
}
