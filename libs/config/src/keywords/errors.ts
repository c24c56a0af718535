/**
 * `errorfile <code> <file>`, `errorloc`/`errorloc302`/`errorloc303 <code> <url>`:
 * custom answers for the statuses the proxy generates itself.
 * The file is read at load (a missing file is a load error, as in HAProxy).
 * HAProxy reference: src/http_htx.c cfg_parse_errorfile(), http_load_errorfile()
 */
import { defineKeywords, In, type KeywordResult, type KeywordDef } from '../keyword.js'

/** Statuses HAProxy can generate and therefore lets a user replace. */
export const ERROR_CODES = [200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504]

function code (text: string | undefined): number | undefined {
  const n = Number(text)
  return ERROR_CODES.includes(n) ? n : undefined
}

function errorloc (kw: 'errorloc' | 'errorloc302' | 'errorloc303'): KeywordDef {
  return {
    kw,
    sections: In.Proxy,
    usage: `${kw} <code> <url>`,
    parse ({ args, proxy }): KeywordResult {
      const c = code(args[1])
      if (c === undefined) return { alert: `'${kw}' : status code '${args[1] ?? ''}' cannot be overridden (expected one of ${ERROR_CODES.join(', ')}).`, arg: 1 }
      if (args[2] === undefined) return { alert: `'${kw}' expects <status_code> and <url> as arguments.` }
      proxy!.errorloc[c] = { kind: kw === 'errorloc303' ? '303' : '302', url: args[2] }
      return undefined
    },
  }
}

export const errorKeywords = defineKeywords([
  {
    kw: 'errorfile',
    sections: In.Proxy,
    usage: 'errorfile <code> <file>',
    parse ({ args, proxy, readFile }): KeywordResult {
      const c = code(args[1])
      if (args[1] === undefined || args[2] === undefined) return { alert: `'errorfile' expects <status_code> and <file> as arguments.` }
      if (c === undefined) return { alert: `'errorfile' : status code '${args[1]}' cannot be overridden (expected one of ${ERROR_CODES.join(', ')}).`, arg: 1 }
      const f = readFile(args[2])
      if (!f.ok) return { alert: `'errorfile' : error opening file <${args[2]}> : ${f.reason}.`, arg: 2 }
      // An empty file is valid: haproxy then closes without answering ('errorfile 408 /dev/null').
      if (f.text !== '' && !/^HTTP\/1\.[01] \d{3}/.test(f.text)) return { alert: `'errorfile' : file <${args[2]}> does not start with an HTTP status line ('HTTP/1.x <code> <reason>').`, arg: 2 }
      proxy!.errorfiles[c] = { file: args[2], body: f.text }
      return undefined
    },
  },
  errorloc('errorloc'),
  errorloc('errorloc302'),
  errorloc('errorloc303'),
])
