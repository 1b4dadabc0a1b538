import { parseIntent } from './parse-intent.js'
import { isGatewayError } from '../../core/errors.js'
for (const t of process.argv.slice(2)) {
  try { const i = parseIntent(t); console.log(t, '=>', i.object, JSON.stringify(i.shape), 'n=' + i.count, i.material, i.quality, i.infillPercent, i.hollow, i.wallThickness, i.confidence, JSON.stringify(i.assumptions)) }
  catch (e) { console.log(t, '=> ERR', isGatewayError(e) ? e.code + ' ' + e.message : e) }
}
