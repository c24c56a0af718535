/**
 * Embedded mode: the data plane and the control-plane services in one process.
 * Until the data plane lands this says so and exits.
 */
import type { ConfigModel } from '@switchyard/config'
import type { CliOptions } from './args.js'

export async function runEmbedded (_config: ConfigModel, _o: CliOptions): Promise<number | 'running'> {
  process.stderr.write(`[ALERT]    (${process.pid}) : the data plane is not built yet: only -c (check mode) works in this version.\n`)
  return 1
}
