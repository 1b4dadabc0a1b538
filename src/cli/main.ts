// Dispatches `printgate <command>` to the module that implements it, loading only that module.

type Command = { summary: string; run: (argv: string[]) => Promise<number> }

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'start the gateway (same as npm start)',
    run: async () => {
      await import('../main.js')
      return new Promise<number>(() => {})
    },
  },
  plan: {
    summary: 'plan "print a 2 cm cube in PETG" --out <dir>: intent, STL and G-code without the server',
    run: async (argv) => (await import('./plan.js')).runPlan(argv),
  },
  token: {
    summary: 'show or create API keys and device tokens',
    run: async (argv) => (await import('./token.js')).runToken(argv),
  },
  backup: {
    summary: 'backup --out <file>: copy the database and config',
    run: async (argv) => (await import('./ops.js')).runBackup(argv),
  },
  restore: {
    summary: 'restore <file>: put a backup back (gateway stopped)',
    run: async (argv) => (await import('./ops.js')).runRestore(argv),
  },
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  return ['usage: printgate <command> [options]', '', ...lines].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    console.error(`printgate: unknown command '${name}'\n\n${usage()}`)
    return 2
  }
  return command.run(rest)
}
