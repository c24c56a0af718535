/**
 * Embedded mode: the data plane (and, as they land, the control-plane services)
 * in this process. Signals as haproxy handles them (cli-contract.md section 3):
 * SIGUSR1 soft stop (finish in-flight work, bounded by hard-stop-after);
 * SIGTERM immediate stop, exit 0; SIGINT immediate stop and death by SIGINT.
 */
import { createDataplane, DataplaneError } from '@switchyard/dataplane'
import type { ConfigModel } from '@switchyard/config'
import type { CliOptions } from './args.js'

export async function runEmbedded (config: ConfigModel, o: CliOptions): Promise<number | 'running'> {
  const alert = (m: string): void => { process.stderr.write(m.split('\n').map(l => `[ALERT]    (${process.pid}) : ${l}\n`).join('')) }
  let dp
  try {
    dp = createDataplane(config, {
      log: (level, message) => {
        if (o.quiet && level !== 'alert') return
        process.stderr.write(`[${level.toUpperCase()}]${' '.repeat(Math.max(1, 10 - level.length))}(${process.pid}) : ${message}\n`)
      },
    })
    await dp.start()
  } catch (e) {
    if (e instanceof DataplaneError) { alert(e.message); return 1 }
    throw e
  }
  const plane = dp
  process.on('SIGUSR1', () => {
    void plane.softStop().then(() => process.exit(0))
  })
  process.on('SIGTERM', () => {
    plane.hardStop()
    process.exit(0)
  })
  process.once('SIGINT', () => {
    plane.hardStop()
    // Die by the signal itself, as haproxy does in foreground mode.
    process.kill(process.pid, 'SIGINT')
  })
  // stdin may be a pipe that stays open (VTest): never read it.
  return 'running'
}
