// The walls between src/ folders (run by `npm run lint:walls`, part of `npm test`). A folder may import only the folders listed for it.
/** folder -> folders it may import (itself always). src/*.ts (main, app, gateway) and src/cli compose everything. */
const LAYERS = {
  core: [],
  profiles: ['core'],
  protocol: ['core', 'profiles'],
  serial: ['core'],
  sim: ['core', 'protocol', 'serial', 'profiles'],
  printer: ['core', 'protocol', 'profiles', 'serial'],
  engine: ['core', 'printer', 'profiles', 'protocol', 'serial', 'sim'],
  storage: ['core'],
  preview: ['core'],
  plan: ['core', 'protocol', 'profiles'],
  jobs: ['core', 'printer', 'storage', 'preview', 'protocol'],
  recovery: ['core', 'jobs', 'printer', 'protocol', 'storage'],
  // several printers per gateway: each printer's jobs, queue and gate, one registry, the printer a request goes to
  farm: ['core', 'jobs', 'printer', 'storage'],
  camera: ['core', 'printer'],
  mqtt: ['core', 'jobs', 'printer', 'farm'],
  telemetry: ['core', 'printer'],
  notify: ['core', 'jobs'],
  auth: ['core', 'printer', 'protocol', 'storage'],
  ops: ['core', 'printer', 'storage'],
  api: ['core', 'jobs', 'printer', 'storage', 'auth', 'preview', 'protocol', 'recovery', 'telemetry', 'plan', 'farm'],
  compat: ['core', 'api', 'auth', 'config', 'jobs', 'printer', 'storage', 'protocol'],
  // config composes the other modules' schema-only files (src/<module>/config.ts) and nothing else of them.
  config: ['core'],
}

const unlisted = {
  name: 'walls-every-folder-listed',
  severity: 'error',
  comment: 'A new folder in src/ gets its line in LAYERS (.dependency-cruiser.cjs), saying what it may import.',
  from: { path: '^src/[^/]+/', pathNot: [`^src/(${Object.keys(LAYERS).join('|')}|cli|ui)/`, '\\.test\\.ts$'] },
  to: { path: '^src/' },
}

const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: `walls-${folder}`,
  severity: 'error',
  comment: `src/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src'} (see .dependency-cruiser.cjs)`,
  from: { path: `^src/${folder}/`, pathNot: '\\.test\\.ts$' },
  to: {
    path: '^src/',
    pathNot: [`^src/(${[folder, ...allowed].join('|')})/`, ...(folder === 'config' ? ['^src/[^/]+/config\\.ts$'] : [])],
  },
}))

module.exports = {
  forbidden: [
    ...layerRules,
    unlisted,
    {
      // Folder cycles cannot pass the layer rules above (LAYERS is acyclic); this reports module cycles inside a folder.
      name: 'no-module-cycles',
      severity: 'warn',
      comment: 'Modules import each other in one direction only.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { circular: true, viaOnly: { pathNot: '\\.test\\.ts$' } },
    },
    {
      name: 'protocol-is-pure',
      severity: 'error',
      comment: 'src/protocol holds pure functions: no Node built-ins, no packages but zod.',
      from: { path: '^src/protocol/' },
      to: { dependencyTypes: ['core', 'npm'], pathNot: '^node_modules/zod/' },
    },
    {
      name: 'serial-port-only-in-printer-side',
      severity: 'error',
      comment: 'Only the engine side (serial, printer, engine, sim) opens serial ports.',
      from: { path: '^src/', pathNot: '^src/(serial|printer|engine|sim)/|\\.test\\.ts$' },
      to: { path: '@serialport/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|^src/ui/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
}
