// The 200 MB check: stream a 200 MB G-code file and show the process stays under 100 MB RSS.
/*
 * The child runs as plain `node` on an esbuild bundle of bench/memory-child.ts, because under tsx the
 * TypeScript loader thread alone costs ~35 MB RSS, which says nothing about the engine. The file is mostly
 * long comments (as thumbnails and slicer configs are) with 20,000 moves, so the run reads all 200 MB through
 * the pre-scan and the line source but sends only the moves.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { curvedWall } from './wall.js'

const here = fileURLToPath(new URL('.', import.meta.url))

async function writeBigFile(file: string, targetBytes: number, moves: number): Promise<number> {
  const out = createWriteStream(file)
  const comment = ';' + ' padding to make a big file, as long thumbnails and configs do'.repeat(3) + '\n'
  const wall = curvedWall(moves).split('\n')
  const commentsPerMove = Math.max(1, Math.ceil(targetBytes / moves / comment.length))
  let written = 0
  for (const line of wall) {
    let chunk = line + '\n'
    for (let i = 0; i < commentsPerMove; i++) chunk += comment
    written += chunk.length
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return written
}

export async function runMemoryCheck(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'printgate-memory-'))
  try {
    const file = join(dir, 'big.gcode')
    const bytes = await writeBigFile(file, 200e6, 20_000)
    const bundle = join(dir, 'child.mjs')
    await build({
      entryPoints: [join(here, 'memory-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      external: ['@serialport/bindings-cpp'],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'error',
    })
    const child = spawnSync(process.execPath, [bundle, file, join(here, '..', 'firmware-profiles')], {
      encoding: 'utf8',
      cwd: join(here, '..'),
      env: { ...process.env, NODE_PATH: join(here, '..', 'node_modules') },
    })
    if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`)
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) as string)
    console.log(
      `${(bytes / 1e6).toFixed(0)} MB file: ${r.outcome}, ${r.lines} lines in ${r.seconds.toFixed(1)} s; ` +
        `peak RSS ${r.peakMb.toFixed(0)} MB (at start ${r.baselineMb.toFixed(0)} MB); limit 100 MB`,
    )
    return r.peakMb < 100 && r.outcome === 'completed'
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!(await runMemoryCheck())) process.exitCode = 1
}
