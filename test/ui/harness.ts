// Test harness for the UI: starts the real gateway as a child process on the simulator and a headless Chromium.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { START_BOUND_MS, until } from '../support/wait-for.js'

const ROOT = resolve(import.meta.dirname, '../..')

/** Flags Debian's Chromium needs here: root, no GPU, closed network. Playwright adds a fresh profile dir. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface RunningGateway {
  url: string
  dataDir: string
  logs: () => string
  /** Stops the process (SIGTERM), awaits `whileDown` (what the test checks while it is down), starts it again on the same port and data dir. */
  restart: (whileDown?: () => Promise<unknown>) => Promise<void>
  stop: () => Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => done(port))
    })
  })
}

/** Spawns the built gateway (`node dist/main.js`, rebuilt by vitest's global setup when a source is newer) with a temporary data dir, a free port and the given simulator URL. */
export async function startGateway(serialPort: string, extraEnv: Record<string, string> = {}): Promise<RunningGateway> {
  // For working on the UI: point the tests at a gateway that is already running.
  const external = process.env.PRINTGATE_UI_TEST_URL
  if (external) {
    const url = external.replace(/\/$/, '')
    return {
      url,
      dataDir: '',
      logs: () => '',
      restart: async () => {
        throw new Error('cannot restart an external gateway')
      },
      stop: async () => {},
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'printgate-ui-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let output = ''
  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()
  let running = false

  const spawnGateway = async () => {
    const proc = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PRINTGATE_DATA_DIR: dataDir,
        PRINTGATE_HTTP_PORT: String(port),
        PRINTGATE_HTTP_HOST: '127.0.0.1',
        PRINTGATE_SERIAL_PORT: serialPort,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    running = true
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000)
    }
    proc.stdout?.on('data', collect)
    proc.stderr?.on('data', collect)
    exited = new Promise<void>((done) =>
      proc.once('exit', () => {
        running = false
        done()
      }),
    )
    await waitFor(
      async () => {
        if (!running) throw new Error(`the gateway exited:\n${output.slice(-4000)}`)
        const res = await fetch(`${url}/api/printer/status`).catch(() => null)
        if (!res?.ok) return false
        const printer = (await res.json()) as { state?: string }
        return printer.state === 'operational'
      },
      START_BOUND_MS,
      'the gateway to listen with the simulated printer operational',
    )
  }

  const halt = async () => {
    if (!running || !child) return
    child.kill('SIGTERM')
    const proc = child
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }

  const stop = async () => {
    await halt()
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    await spawnGateway()
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n--- gateway output ---\n${output.slice(-4000)}`)
  }
  return {
    url,
    dataDir,
    logs: () => output,
    async restart(whileDown = async () => undefined) {
      await halt()
      await whileDown()
      await spawnGateway()
    },
    stop,
  }
}

/**
 * The shared `until` (test/support/wait-for.ts) for page and HTTP checks: a check that throws (a page mid-navigation,
 * a gateway restarting) counts as not yet, and the last error is named on timeout; a gateway that exited fails at once.
 */
export async function waitFor<T>(
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let lastError: unknown = null
  const tolerant = async () => {
    try {
      return await check()
    } catch (error) {
      if ((error as Error).message?.startsWith('the gateway exited')) throw error
      lastError = error
      return undefined
    }
  }
  return until(tolerant, timeoutMs, () => `${what}${lastError ? `: ${String(lastError)}` : ''}`, 200)
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

export interface PhonePage {
  page: Page
  /** Console errors, uncaught exceptions and failed requests seen so far. */
  problems: string[]
  /** Responses of the first load: url, encoded body size. */
  responses: { url: string; status: number; bytes: number; encoding: string | null }[]
}

/** A 390×844 phone page that records every console error and uncaught exception. */
export async function openPhone(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; extraHeaders?: Record<string, string> } = {},
): Promise<PhonePage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 390, height: options.height ?? 844 },
    deviceScaleFactor: 1,
    isMobile: (options.width ?? 390) < 600,
    hasTouch: (options.width ?? 390) < 600,
    colorScheme: options.colorScheme ?? 'light',
    // No transitions, so screenshots show the settled screen.
    reducedMotion: 'reduce',
    acceptDownloads: true,
    ...(options.extraHeaders ? { extraHTTPHeaders: options.extraHeaders } : {}),
  })
  const page = await context.newPage()
  const problems: string[] = []
  const responses: PhonePage['responses'] = []
  page.on('console', (message) => {
    // For "Failed to load resource" the location is the resource that failed, which the text leaves out.
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
  page.on('requestfailed', (request) => {
    // A navigation away aborts pending fetches; only real failures count.
    const failure = request.failure()?.errorText ?? ''
    if (!failure.includes('ERR_ABORTED')) problems.push(`request failed: ${request.url()} ${failure}`)
  })
  page.on('response', async (response) => {
    const body = await response.body().catch(() => null)
    // The gateway's words for an API 404, for the log of a run that a "Failed to load resource" fails.
    if (response.status() === 404 && new URL(response.url()).pathname.startsWith('/api/'))
      process.stderr.write(`404 ${response.url()}: ${body?.toString('utf8').slice(0, 300) ?? '(no body)'}\n`)
    responses.push({ url: response.url(), status: response.status(), bytes: body?.length ?? 0, encoding: response.headers()['content-encoding'] ?? null })
  })
  await page.goto(url)
  return { page, problems, responses }
}

/** Test runs write screenshots to test-results/ (ignored); `UPDATE_SCREENSHOTS=1` refreshes the committed ones in docs/. */
export const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : join(ROOT, 'test-results/screenshots')
export const UI_DIR = join(ROOT, 'src/ui')
