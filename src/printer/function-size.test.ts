// Holds issue 14's rule for the printer engine: no function (factory closures included) over 200 lines in src/printer.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const MAX_LINES = 200
const here = dirname(fileURLToPath(import.meta.url))

/** Every function-like node in `source` longer than `max` lines, as `name:line (lines)`. */
function longFunctions(fileName: string, source: string, max: number): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line
      const lines = end - start + 1
      const name =
        node.name && ts.isIdentifier(node.name)
          ? node.name.text
          : ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)
            ? node.parent.name.text
            : '(anonymous)'
      if (lines > max) found.push(`${fileName}:${start + 1} ${name} (${lines} lines)`)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

describe('function size in src/printer', () => {
  it(`no function is over ${MAX_LINES} lines`, () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    expect(files.length).toBeGreaterThan(20)
    const long = files.flatMap((f) => longFunctions(f, readFileSync(join(here, f), 'utf8'), MAX_LINES))
    expect(long).toEqual([])
  })

  it('the measure sees factory closures, arrows and methods', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i}`).join('\n')
    const source = [
      `export function createBig() {\n${body(199)}\n}`,
      `export function createSmall() {\n${body(198)}\n}`,
      `const arrow = () => {\n${body(199)}\n}`,
      `const o = { method() {\n${body(199)}\n} }`,
    ].join('\n')
    expect(longFunctions('x.ts', source, MAX_LINES)).toEqual(['x.ts:1 createBig (201 lines)', 'x.ts:402 arrow (201 lines)', 'x.ts:603 method (201 lines)'])
  })
})
