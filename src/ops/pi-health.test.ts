// Pi probes from fixture files and fake commands; the pure healthLevel table.
import { describe, expect, it } from 'vitest'
import { decodeThrottled, healthLevel, parseThrottled, readPiHealth, type PiReadings } from './pi-health.js'

const GiB = 1024 ** 3
const MiB = 1024 ** 2
const calm: PiReadings = { socTempC: 50, throttle: decodeThrottled(0), disk: { freeBytes: 10 * GiB, totalBytes: 32 * GiB } }

describe('throttle word', () => {
  it.each([
    ['throttled=0x0', 0],
    ['throttled=0x50005\n', 0x50005],
    ['50000', 0x50000],
    ['0\n', 0],
    ['garbage!', null],
    ['throttled=zz', null],
    ['nope', null],
    ['', null],
  ])('parses %j', (text, value) => expect(parseThrottled(text)).toBe(value))

  it('decodes now/ever bits', () => {
    const f = decodeThrottled(0x50005)
    expect(f).toMatchObject({
      underVoltageNow: true,
      frequencyCappedNow: false,
      throttledNow: true,
      softTempLimitNow: false,
      underVoltageOccurred: true,
      frequencyCappedOccurred: false,
      throttledOccurred: true,
      softTempLimitOccurred: false,
    })
  })
})

describe('readPiHealth', () => {
  const files: Record<string, string> = {
    '/t/temp': '61234\n',
    '/t/get_throttled': '50000\n',
  }
  const readFile = async (p: string) => {
    if (p in files) return files[p]!
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
  }
  const statfs = async () => ({ bavail: 1000, blocks: 4000, bsize: 4096 })

  it('reads temperature and throttling from sysfs fixtures and disk from statfs', async () => {
    const r = await readPiHealth({
      dataDir: '/d',
      thermalPath: '/t/temp',
      throttledSysfsPath: '/t/get_throttled',
      readFile,
      statfs,
      vcgencmd: async () => {
        throw new Error('should not run')
      },
    })
    expect(r.socTempC).toBe(61.2)
    expect(r.throttle).toMatchObject({ raw: 0x50000, underVoltageNow: false, underVoltageOccurred: true })
    expect(r.disk).toEqual({ freeBytes: 1000 * 4096, totalBytes: 4000 * 4096 })
  })

  it('falls back to vcgencmd, and reports nulls off a Pi', async () => {
    const viaTool = await readPiHealth({
      dataDir: '/d',
      thermalPath: '/none',
      throttledSysfsPath: '/none',
      readFile,
      statfs,
      vcgencmd: async () => 'throttled=0x1\n',
    })
    expect(viaTool.throttle?.underVoltageNow).toBe(true)
    expect(viaTool.socTempC).toBeNull()
    const offPi = await readPiHealth({
      dataDir: '/d',
      thermalPath: '/none',
      throttledSysfsPath: '/none',
      readFile,
      statfs: async () => {
        throw new Error('x')
      },
      vcgencmd: async () => {
        throw new Error('ENOENT')
      },
    })
    expect(offPi).toEqual({ socTempC: null, throttle: null, disk: null })
    expect(healthLevel(offPi).level).toBe('healthy')
  })
})

describe('healthLevel', () => {
  it.each<[string, Partial<PiReadings>, string]>([
    ['calm', {}, 'healthy'],
    ['warm SoC', { socTempC: 76 }, 'degraded'],
    ['hot SoC', { socTempC: 86.5 }, 'unhealthy'],
    ['under-voltage now', { throttle: decodeThrottled(0x1) }, 'degraded'],
    ['throttled now', { throttle: decodeThrottled(0x4) }, 'degraded'],
    ['under-voltage only in the past', { throttle: decodeThrottled(0x10000) }, 'healthy'],
    ['low disk', { disk: { freeBytes: 900 * MiB, totalBytes: 32 * GiB } }, 'degraded'],
    ['disk nearly full', { disk: { freeBytes: 100 * MiB, totalBytes: 32 * GiB } }, 'degraded'],
    ['disk full (the gateway runs read-mostly)', { disk: { freeBytes: 4096, totalBytes: 20 * MiB } }, 'degraded'],
  ])('%s → %s', (_name, change, level) => {
    expect(healthLevel({ ...calm, ...change }).level).toBe(level)
  })

  it('explains itself and keeps past events as notes', () => {
    const v = healthLevel({ socTempC: 77, throttle: decodeThrottled(0x50001), disk: { freeBytes: 500 * MiB, totalBytes: GiB } })
    expect(v.level).toBe('degraded')
    expect(v.reasons).toEqual(['SoC at 77 °C', 'under-voltage now: use a better power supply', 'disk low: 500 MiB free'])
    expect(v.notes).toEqual(['throttling occurred since boot'])
  })

  it('honours custom thresholds', () => {
    expect(
      healthLevel({ ...calm, socTempC: 60 }, { socTempDegradedC: 55, socTempUnhealthyC: 70, diskFreeDegradedBytes: 0, diskFreeUnhealthyBytes: 0 }).level,
    ).toBe('degraded')
  })
})
