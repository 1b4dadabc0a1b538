// install.sh / uninstall.sh: shellcheck-clean, idempotent in a throwaway --root, config never overwritten, purge.
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { configSchema } from '../../src/config/schema.js'

const SYSTEMD_DIR = fileURLToPath(new URL('../../systemd/', import.meta.url))
const INSTALL = join(SYSTEMD_DIR, 'install.sh')
const UNINSTALL = join(SYSTEMD_DIR, 'uninstall.sh')
const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
const temps: string[] = []
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temps.push(dir)
  return dir
}
const run = (script: string, args: string[]) => {
  const result = spawnSync('sh', [script, ...args], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return result
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!have('shellcheck'))('shellcheck', () => {
  it.each([INSTALL, UNINSTALL])('%s is clean', (script) => {
    const result = spawnSync('shellcheck', ['--shell=sh', script], { encoding: 'utf8' })
    expect(result.stdout).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('install.sh --root', () => {
  const root = tempDir('pg-root-')
  mkdirSync(join(root, 'etc/avahi'), { recursive: true }) // Avahi "installed" in this root

  it('installs, then installs again, without error', () => {
    run(INSTALL, ['--root', root, '--deps', 'skip'])
    writeFileSync(join(root, 'etc/printgate/config.yaml'), 'printer:\n  port: /dev/ttyACM0\n')
    const second = run(INSTALL, ['--root', root, '--deps', 'skip'])
    expect(second.stdout).toContain('installed into')
  })

  it('lays out the expected tree', () => {
    for (const path of [
      'opt/printgate/src/main.ts',
      'opt/printgate/dist/main.js',
      'opt/printgate/bin/printgate.js',
      'opt/printgate/package.json',
      'opt/printgate/firmware-profiles/marlin.json',
      'etc/printgate/printgate.env',
      'var/lib/printgate',
      'etc/systemd/system/printgate.service',
      'etc/udev/rules.d/99-printgate.rules',
      'etc/avahi/services/printgate.service',
      'etc/sysusers.d/printgate.conf',
    ])
      expect(existsSync(join(root, path)), path).toBe(true)
    expect(readFileSync(join(root, 'etc/systemd/system/printgate.service'), 'utf8')).toBe(readFileSync(join(SYSTEMD_DIR, 'printgate.service'), 'utf8'))
    expect(existsSync(join(root, 'opt/printgate/src/ops/sd-notify.test.ts'))).toBe(false)
    expect(readlinkSync(join(root, 'usr/local/bin/printgate'))).toBe('/opt/printgate/bin/printgate.js')
  })

  it('turns the built-in mDNS responder off when Avahi announces instead', () => {
    expect(readFileSync(join(root, 'etc/printgate/printgate.env'), 'utf8')).toMatch(/^PRINTGATE_MDNS=0$/m)
  })

  it('never overwrites an existing config', () => {
    expect(readFileSync(join(root, 'etc/printgate/config.yaml'), 'utf8')).toBe('printer:\n  port: /dev/ttyACM0\n')
  })

  it.skipIf(!have('systemctl'))('enables the unit offline (multi-user.target.wants)', () => {
    const link = join(root, 'etc/systemd/system/multi-user.target.wants/printgate.service')
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe('/etc/systemd/system/printgate.service')
  })

  it.skipIf(!have('systemd-sysusers'))('creates the printgate user, in dialout, once', () => {
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8')
    expect(passwd.match(/^printgate:/gm)).toHaveLength(1)
    expect(passwd).toMatch(/^printgate:x:\d+:\d+:[^:]*:\/var\/lib\/printgate:\/usr\/sbin\/nologin$/m)
    expect(readFileSync(join(root, 'etc/group'), 'utf8')).toMatch(/^dialout:x:\d+:(.*,)?printgate(,.*)?$/m)
  })

  it('uninstall keeps data and config; --purge removes them and the user', () => {
    writeFileSync(join(root, 'var/lib/printgate/printgate.db'), 'db')
    run(UNINSTALL, ['--root', root])
    expect(existsSync(join(root, 'opt/printgate'))).toBe(false)
    expect(existsSync(join(root, 'etc/systemd/system/printgate.service'))).toBe(false)
    expect(existsSync(join(root, 'etc/systemd/system/multi-user.target.wants/printgate.service'))).toBe(false)
    expect(existsSync(join(root, 'etc/avahi/services/printgate.service'))).toBe(false)
    expect(existsSync(join(root, 'usr/local/bin/printgate'))).toBe(false)
    expect(readFileSync(join(root, 'var/lib/printgate/printgate.db'), 'utf8')).toBe('db')
    expect(existsSync(join(root, 'etc/printgate/config.yaml'))).toBe(true)
    run(UNINSTALL, ['--root', root, '--purge'])
    expect(existsSync(join(root, 'var/lib/printgate'))).toBe(false)
    expect(existsSync(join(root, 'etc/printgate'))).toBe(false)
    if (existsSync(join(root, 'etc/passwd'))) {
      expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).not.toMatch(/^printgate:/m)
      expect(readFileSync(join(root, 'etc/group'), 'utf8')).not.toMatch(/printgate/)
    }
  })
})

describe('install.sh with --deps copy and no Avahi', () => {
  it('copies node_modules from the source and skips the Avahi file', () => {
    const source = tempDir('pg-src-')
    for (const [path, text] of Object.entries({
      'package.json': '{"name":"printgate"}',
      'src/main.ts': '// main',
      'bin/printgate.js': '// bin',
      'node_modules/tsx/package.json': '{"name":"tsx"}',
    })) {
      mkdirSync(join(source, path, '..'), { recursive: true })
      writeFileSync(join(source, path), text)
    }
    const root = tempDir('pg-root2-')
    run(INSTALL, ['--root', root, '--source', source, '--deps', 'copy'])
    run(INSTALL, ['--root', root, '--source', source, '--deps', 'copy'])
    expect(readFileSync(join(root, 'opt/printgate/node_modules/tsx/package.json'), 'utf8')).toBe('{"name":"tsx"}')
    expect(readFileSync(join(root, 'opt/printgate/src/main.ts'), 'utf8')).toBe('// main')
    expect(existsSync(join(root, 'etc/avahi'))).toBe(false)
    expect(readFileSync(join(root, 'etc/printgate/printgate.env'), 'utf8')).not.toMatch(/PRINTGATE_MDNS/)
  })

  it('refuses an unknown option and a directory that is not a checkout', () => {
    expect(spawnSync('sh', [INSTALL, '--bogus'], { encoding: 'utf8' }).status).toBe(2)
    const notCheckout = tempDir('pg-empty-')
    const result = spawnSync('sh', [INSTALL, '--root', tempDir('pg-root3-'), '--source', notCheckout, '--deps', 'skip'], { encoding: 'utf8' })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('is not a printgate checkout')
  })
})

describe('shipped example config', () => {
  it('passes the gateway strict config schema', () => {
    const doc = parseYaml(readFileSync(join(SYSTEMD_DIR, 'config.example.yaml'), 'utf8')) as unknown
    const parsed = configSchema.parse(doc)
    expect(parsed.printer.port).toBe('/dev/printer')
    expect(parsed.dataDir).toBe('/var/lib/printgate')
  })
})
