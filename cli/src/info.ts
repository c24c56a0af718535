/**
 * `-v`, `-vv` and `-dK` texts. `-vv` keeps the lines HAProxy's own scripts
 * parse (`HAProxy version`, `TARGET`, `Feature list`).
 */
import { registry, SECTION_NAMES, optionTable, BIND_OPTIONS, SERVER_OPTIONS, SWITCHYARD_VERSION, HAPROXY_COMPAT_VERSION, type BuildInfo } from '@switchyard/config'

const RELEASE_DATE = '2026/11/25'

export function versionText (level: 1 | 2, build: BuildInfo): string {
  const head = [
    `Switchyard version ${SWITCHYARD_VERSION} ${RELEASE_DATE} - speaks HAProxy ${HAPROXY_COMPAT_VERSION.replace(/\.0$/, '')} configuration`,
    `HAProxy version ${HAPROXY_COMPAT_VERSION}-switchyard-${SWITCHYARD_VERSION} ${RELEASE_DATE} - https://www.haproxy.org/ (compatibility level)`,
    `Running on: Node.js ${process.version} ${process.platform} ${process.arch}`,
  ]
  if (level === 1) return head.join('\n') + '\n'
  return [
    ...head,
    '',
    'Build options :',
    `  TARGET  = node${process.versions.node.split('.')[0]}`,
    `  CPU     = ${process.arch}`,
    '',
    `Feature list : ${build.features.map(f => '+' + f).join(' ')}`,
    '',
    `Built with OpenSSL version : OpenSSL ${build.opensslVersion} (Node.js)`,
    'Built with the Prometheus exporter as a service',
    'Built with PCRE2 semantics via JavaScript RegExp',
    '',
    'Available polling systems :',
    '      libuv : pref=300,  test result OK',
    '',
    'Available multiplexer protocols :',
    '              h1 : mode=HTTP  side=FE|BE',
    '            none : mode=TCP   side=FE|BE',
    '',
  ].join('\n')
}

/** `-dK`: every registered keyword with the sections it is valid in and its usage. */
export function dumpKeywords (classes: string): string {
  const wanted = classes.split(',')
  const all = wanted.includes('all') || wanted.includes('help') === false && wanted.length === 0
  if (!all && !wanted.includes('cfg')) {
    return `# supported classes: all, cfg\n`
  }
  const out: string[] = []
  for (const [bit, name] of Object.entries(SECTION_NAMES)) {
    out.push(`# List of registered keywords for section ${name}:`)
    for (const defs of registry.values()) {
      for (const d of defs) {
        if ((d.sections & Number(bit)) === 0) continue
        out.push(`\t${d.kw}${d.ignored === true ? ' [ignored]' : ''}\t${d.usage}`)
      }
    }
  }
  out.push('# List of options (option <name>):')
  for (const o of optionTable.values()) out.push(`\t${o.usage}`)
  out.push('# List of bind options:')
  for (const o of BIND_OPTIONS) out.push(`\t${o.name}${o.arity > 0 ? ' <arg>' : ''}`)
  out.push('# List of server options:')
  for (const o of SERVER_OPTIONS) out.push(`\t${o.name}${o.arity > 0 ? ' <arg>' : ''}`)
  return out.join('\n') + '\n'
}
