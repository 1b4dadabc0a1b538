// Camera settings: one camera or several, PRINTGATE_CAMERA_URL, and refusals naming the key.
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.js'
import { cameraConfigSchema } from './config.js'

describe('camera config', () => {
  it('has no camera by default', () => {
    const config = loadConfig({}, '/nonexistent')
    expect(config.camera.cameras).toEqual([])
    expect(config.camera.timelapse).toMatchObject({ enabled: true, intervalSeconds: 0, threads: 1 })
  })

  it('takes PRINTGATE_CAMERA_URL as the default camera', () => {
    const config = loadConfig({ PRINTGATE_CAMERA_URL: 'http://127.0.0.1:8080/?action=stream' }, '/nonexistent')
    expect(config.camera.cameras).toEqual([
      expect.objectContaining({ name: 'default', url: 'http://127.0.0.1:8080/?action=stream', fps: 10, idleFps: 2, rotate: 0 }),
    ])
  })

  it('accepts a single camera object or a named list', () => {
    expect(cameraConfigSchema.parse({ device: '/dev/video0', fps: 15, rotate: 180 }).cameras[0]).toMatchObject({
      name: 'default',
      device: '/dev/video0',
      fps: 15,
      rotate: 180,
    })
    const two = cameraConfigSchema.parse({
      cameras: [
        { name: 'bed', url: 'http://10.0.0.2/stream' },
        { name: 'nozzle', device: '/dev/video2' },
      ],
      timelapse: { intervalSeconds: 30 },
    })
    expect(two.cameras.map((c) => c.name)).toEqual(['bed', 'nozzle'])
    expect(two.timelapse.intervalSeconds).toBe(30)
  })

  it('refuses a camera with both or neither of url and device, a bad rotation and duplicate names', () => {
    expect(() => cameraConfigSchema.parse({ url: 'http://a/', device: '/dev/video0' })).toThrow(/exactly one of url or device/)
    expect(() => cameraConfigSchema.parse({ cameras: [{ name: 'x' }] })).toThrow(/exactly one of url or device/)
    expect(() => cameraConfigSchema.parse({ url: 'http://a/', rotate: 45 })).toThrow()
    expect(() => cameraConfigSchema.parse({ cameras: [{ url: 'http://a/' }, { url: 'http://b/' }] })).toThrow(/unique/)
    expect(() => loadConfig({ PRINTGATE_CAMERA_URL: 'ftp://nope' }, '/nonexistent')).toThrow(/camera/)
  })
})
