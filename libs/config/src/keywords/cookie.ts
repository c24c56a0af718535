/**
 * `cookie <name> [rewrite|insert|prefix] [indirect] [nocache] [postonly] ...`
 * for cookie-based persistence (the seed's SERVERID/JSESSIONID slides).
 * HAProxy reference: src/cfgparse-listen.c "cookie"
 */
import { defineKeywords, In, type KeywordResult } from '../keyword.js'
import type { CookieModel } from '../model.js'
import { parseTime } from '../units.js'

export const cookieKeywords = defineKeywords([
  {
    kw: 'cookie',
    sections: In.BE,
    usage: 'cookie <name> [ rewrite | insert | prefix ] [ indirect ] [ nocache ] [ postonly ] [ preserve ] [ httponly ] [ secure ] [ domain <domain> ]* [ maxidle <idle> ] [ maxlife <life> ] [ dynamic ] [ attr <value> ]*',
    parse ({ args, proxy }): KeywordResult {
      const name = args[1]
      if (name === undefined || name === '') return { alert: `'cookie' expects <cookie_name> as argument.` }
      let mode: CookieModel['mode']
      const c = { indirect: false, nocache: false, postonly: false, preserve: false, httponly: false, secure: false, dynamic: false }
      const domains: string[] = []
      const attrs: string[] = []
      let maxidle: number | undefined
      let maxlife: number | undefined
      for (let i = 2; i < args.length; i++) {
        const w = args[i] as string
        if (w === 'rewrite' || w === 'insert' || w === 'prefix') {
          if (mode !== undefined && mode !== w) return { alert: `'cookie' supports only one of 'rewrite', 'insert' and 'prefix'.`, arg: i }
          mode = w
        } else if (w in c) {
          c[w as keyof typeof c] = true
        } else if (w === 'domain' || w === 'attr') {
          const v = args[++i]
          if (v === undefined) return { alert: `'cookie' '${w}' expects a value.`, arg: i - 1 }
          if (w === 'domain') domains.push(v); else attrs.push(v)
        } else if (w === 'maxidle' || w === 'maxlife') {
          const t = parseTime(args[++i] ?? '')
          if (!t.ok) return { alert: `'cookie' '${w}' expects <time> as argument, got '${args[i] ?? ''}'.`, arg: i }
          if (w === 'maxidle') maxidle = t.value / 1000; else maxlife = t.value / 1000
        } else {
          return { alert: `'cookie' supports 'rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly', 'domain', 'maxidle', 'maxlife', 'dynamic', 'httponly', 'secure', 'preserve' and 'attr' options, got '${w}'.`, arg: i }
        }
      }
      if (c.postonly && mode !== 'insert') return { alert: `'cookie' 'postonly' option is only valid with 'insert' mode.` }
      if (c.indirect && mode === undefined) return { alert: `'cookie' 'indirect' option requires 'insert', 'rewrite' or 'prefix' mode.` }
      proxy!.cookie = {
        name, mode, ...c, domains, attrs,
        ...(maxidle === undefined ? {} : { maxidle: maxidle * 1000 }), ...(maxlife === undefined ? {} : { maxlife: maxlife * 1000 }),
      }
      return undefined
    },
  },
])
