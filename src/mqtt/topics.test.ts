// Home Assistant discovery: one device per printer of a gateway, and a camera entity only when a camera is tied to the printer.
import { describe, expect, it } from 'vitest'
import { deviceId, discoveryMessages, printerTopics } from './topics.js'

const input = (printerId: string, camera: boolean) => ({
  discoveryPrefix: 'homeassistant',
  gatewayId: 'farm1',
  printerId,
  printerName: `Printer ${printerId}`,
  topics: printerTopics('printgate', 'farm1', printerId),
  version: 'test',
  camera,
})

describe('discoveryMessages', () => {
  it('gives each printer its own stable device id and topics', () => {
    const a = discoveryMessages(input('a', false))
    const b = discoveryMessages(input('b', false))
    expect(a).toHaveLength(15)
    const device = (messages: typeof a) => new Set(messages.map((m) => (JSON.parse(m.payload) as { device: { identifiers: string[] } }).device.identifiers[0]))
    expect(device(a)).toEqual(new Set(['printgate_farm1_a']))
    expect(device(b)).toEqual(new Set(['printgate_farm1_b']))
    expect(a.every((m) => m.topic.includes('/printgate_farm1_a/'))).toBe(true)
    expect(JSON.parse(b.find((m) => m.topic.endsWith('/pause/config'))!.payload).command_topic).toBe('printgate/farm1/b/command/pause')
    expect(deviceId('farm 1', 'a.b')).toBe('printgate_farm_1_a_b')
  })

  it("adds Home Assistant's MQTT camera (a topic carrying JPEG pictures) when a camera is tied to the printer", () => {
    const camera = discoveryMessages(input('a', true)).find((m) => m.topic === 'homeassistant/camera/printgate_farm1_a/camera/config')
    expect(JSON.parse(camera!.payload)).toMatchObject({
      topic: 'printgate/farm1/a/camera',
      unique_id: 'printgate_farm1_a_camera',
      availability_topic: 'printgate/farm1/a/availability',
    })
    expect(discoveryMessages(input('a', false)).some((m) => m.topic.includes('/camera/'))).toBe(false)
  })
})
