// Tests the address classification behind the LAN guard and loopback trust.
import { describe, expect, it } from 'vitest'
import { createAddressMatcher, isLanAddress, isLoopbackAddress, normaliseAddress } from './net-address.js'

describe('normaliseAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['[fe80::1%eth0]:8080', 'fe80::1'],
    ['fe80::1%wlan0', 'fe80::1'],
    ['10.0.0.2:5000', '10.0.0.2'],
    [' 192.168.1.7 ', '192.168.1.7'],
    ['::FFFF:10.0.0.1', '::ffff:10.0.0.1'],
  ])('%s -> %s', (raw, expected) => expect(normaliseAddress(raw)).toBe(expected))

  it.each(['', 'localhost', 'evil.com', '1.2.3', '999.1.1.1', 'unknown', '::g'])('rejects %j', (raw) => expect(normaliseAddress(raw)).toBeUndefined())
})

describe('isLanAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.0.1',
    '192.168.255.255',
    '169.254.10.10',
    '100.64.0.1',
    '100.127.255.254',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:192.168.1.5',
    '::ffff:10.0.0.1',
    '::ffff:a00:1',
    '::ffff:127.0.0.1',
  ])('serves %s', (address) => expect(isLanAddress(address)).toBe(true))

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.169.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '11.0.0.1',
    '2001:db8::1',
    '2606:4700::1111',
    'fe00::1',
    '::ffff:8.8.8.8',
    '::',
    '0.0.0.0',
    'not-an-ip',
    '',
  ])('refuses %s', (address) => expect(isLanAddress(address)).toBe(false))

  it('refuses an undefined address', () => expect(isLanAddress(undefined)).toBe(false))
})

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('%s is loopback', (a) => expect(isLoopbackAddress(a)).toBe(true))
  it.each(['10.0.0.1', '192.168.1.1', 'fe80::1', '::ffff:10.0.0.1', '0.0.0.0'])('%s is not', (a) => expect(isLoopbackAddress(a)).toBe(false))
})

describe('createAddressMatcher', () => {
  it('matches owner ranges and single addresses', () => {
    const m = createAddressMatcher(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7'])
    expect(m.matches('203.0.113.99')).toBe(true)
    expect(m.matches('::ffff:203.0.113.99')).toBe(true)
    expect(m.matches('2001:db8:1::5')).toBe(true)
    expect(m.matches('198.51.100.7')).toBe(true)
    expect(m.matches('198.51.100.8')).toBe(false)
  })
  it('throws on a malformed range', () => {
    expect(() => createAddressMatcher(['10.0.0.0/33'])).toThrow()
    expect(() => createAddressMatcher(['example.com/8'])).toThrow()
  })
})
