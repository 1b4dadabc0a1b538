// The udev rule covers the common printer USB-serial chips with /dev/printer + dialout; the Avahi file is well-formed.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../systemd/${name}`, import.meta.url)), 'utf8')

describe('99-printgate.rules', () => {
  const rules = read('99-printgate.rules')
  const lines = rules.split('\n').filter((l) => l.trim() && !l.startsWith('#'))

  it.each([
    ['CH340', '1a86', '7523'],
    ['CH9102', '1a86', '55d4'],
    ['FTDI FT232R', '0403', '6001'],
    ['CP210x', '10c4', 'ea60'],
    ['ATmega16U2 Mega 2560', '2341', '0042'],
    ['Prusa Einsy 32U2', '2c99', '0002'],
    ['STM32 CDC', '0483', '5740'],
  ])('matches %s (%s:%s)', (_name, vid, pid) => {
    expect(lines).toContain(`ATTRS{idVendor}=="${vid}", ATTRS{idProduct}=="${pid}", GOTO="printgate_printer"`)
  })

  it('gives matched ports the symlink, the group and ModemManager exclusion, and every GOTO has its LABEL', () => {
    expect(lines).toContain('GROUP="dialout", MODE="0660", SYMLINK+="printer"')
    expect(lines).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"')
    const gotos = new Set([...rules.matchAll(/GOTO="(\w+)"/g)].map((m) => m[1]))
    const labels = new Set([...rules.matchAll(/^LABEL="(\w+)"/gm)].map((m) => m[1]))
    expect([...gotos].every((g) => labels.has(g))).toBe(true)
    for (const line of lines) expect(line).toMatch(/^(ACTION|SUBSYSTEMS?|ATTRS|GOTO|LABEL|ENV|GROUP)\b/)
  })

  it('explains boards that reset when the port opens', () => {
    expect(rules).toMatch(/DTR/)
    expect(rules).toMatch(/stty -F \/dev\/printer -hupcl/)
  })
})

describe('printgate.avahi.service', () => {
  const xml = read('printgate.avahi.service')
  it('starts with the XML declaration and announces _octoprint._tcp and _http._tcp on 8000', () => {
    expect(xml.startsWith('<?xml')).toBe(true)
    expect(xml).toContain('<type>_octoprint._tcp</type>')
    expect(xml).toContain('<type>_http._tcp</type>')
    expect(xml.match(/<port>8000<\/port>/g)).toHaveLength(2)
    expect(xml.match(/<service>/g)?.length).toBe(xml.match(/<\/service>/g)?.length)
  })
})
