// The README's demo (examples/demo.mjs with examples/demo.cfg): the seed talk's
// roundrobin web tier alternates apache1/apache2, `balance source` SMTP keeps one
// client on one exim, and the multi-component app sends /static to the web tier
// without its prefix and keeps a cookie jar on one tomcat. Ctrl-C (SIGINT) on the demo stops everything: the demo,
// switchyard and the backends, and every port is free again.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFile, spawnSync } from 'node:child_process'
import { connect } from 'node:net'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { waitForPort } from '../harness/index.js'
import { get } from './balance-helpers.js'

const DEMO = fileURLToPath(new URL('../../../examples/demo.mjs', import.meta.url))
const PORTS = [10080, 10025, 10082, 11080, 11081, 11090, 11091, 11025, 11026]

const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

function run (cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = execFile(cmd, args, { timeout: 5000 }, (err, stdout) => { if (err !== null) reject(err); else resolve(stdout) })
    if (input !== undefined) c.stdin?.end(input)
  })
}

async function web (): Promise<string> {
  if (have('curl')) return run('curl', ['-s', 'http://127.0.0.1:10080/'])
  return (await get(10080)).body
}

/** One SMTP dialogue, line by line: greeting, HELO, QUIT; returns the transcript. */
function smtp (): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: 10025 })
    let text = ''
    s.setTimeout(3000, () => s.destroy(new Error('smtp timed out')))
    s.on('data', (d: Buffer) => {
      text += d.toString()
      if (text.endsWith('ESMTP demo\r\n')) s.write('HELO me\r\n')
      else if (text.endsWith('250 ok\r\n')) s.write('QUIT\r\n')
    })
    s.on('error', reject)
    s.on('close', () => resolve(text))
  })
}

function portFree (port: number): Promise<boolean> {
  return new Promise(resolve => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(false) })
    s.once('error', () => resolve(true))
  })
}

/** The app tier: GET with a cookie jar (updated from Set-Cookie), returning the body. */
async function appGet (path: string, jar: Map<string, string>): Promise<string> {
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const r = await fetch(`http://127.0.0.1:10082${path}`, { headers: cookie === '' ? {} : { cookie } })
  const set = r.headers.get('set-cookie')
  if (set !== null) { const [pair] = set.split(';'); const [k, v] = (pair as string).split('='); jar.set(k as string, v as string) }
  return r.text()
}

test('examples/demo.mjs: web roundrobin, SMTP source affinity, the multi-component app, clean Ctrl-C', { timeout: 30_000 }, async (t) => {
  for (const p of PORTS) assert.equal(await portFree(p), true, `port ${p} is already in use`)
  const demo = spawn(process.execPath, [DEMO], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  demo.stdout.on('data', (d: Buffer) => { out += d.toString() })
  demo.stderr.on('data', (d: Buffer) => { out += d.toString() })
  // 'close': the demo and every process sharing its stdout pipe (switchyard) are gone.
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => demo.once('close', (code, signal) => resolve({ code, signal })))
  t.after(async () => {
    if (demo.exitCode === null && demo.signalCode === null) { demo.kill('SIGINT'); await closed }
    const pid = /pid (\d+)/.exec(out)?.[1]
    if (pid !== undefined && existsSync(`/proc/${pid}`)) process.kill(Number(pid), 'SIGKILL')
  })
  for (const p of PORTS) await waitForPort(p)

  const answers: string[] = []
  for (let i = 0; i < 4; i++) answers.push(await web())
  const names = answers.map(a => /hello from (apache\d)/.exec(a)?.[1])
  assert.ok(names.every(n => n !== undefined), `answers: ${answers.join('')}`)
  assert.notEqual(names[0], names[1])
  assert.deepEqual([names[2], names[3]], [names[0], names[1]], `roundrobin alternates: ${names.join(',')}`)
  assert.match(answers[0] ?? '', /X-Forwarded-For: 127\.0\.0\.1/, 'option forwardfor')

  const exims = new Set<string>()
  for (let i = 0; i < 4; i++) {
    const transcript = await smtp()
    assert.match(transcript, /^220 exim\d ESMTP demo\r\n250 ok\r\n221 bye\r\n$/, transcript)
    exims.add(/220 (exim\d)/.exec(transcript)?.[1] ?? '')
  }
  assert.equal(exims.size, 1, `one client, one exim: ${[...exims].join(',')}`)
  if (have('socat')) {
    // The README's command. The demo's exim answers per packet, so HELO+QUIT in one
    // write gets a single 250; the greeting shows which exim answered.
    const viaSocat = await run('socat', ['-t', '2', '-', 'TCP:127.0.0.1:10025'], 'HELO me\r\nQUIT\r\n')
    assert.match(viaSocat, /^220 exim\d ESMTP demo\r\n250 ok\r\n/)
    assert.equal(/220 (exim\d)/.exec(viaSocat)?.[1], [...exims][0])
  }

  // The seed's multi-component app: 100 requests of one cookie jar reach one tomcat,
  // and static requests reach the web tier without the /static prefix.
  const jar = new Map<string, string>()
  const tomcats = new Set<string>()
  for (let i = 0; i < 100; i++) {
    const body = await appGet(`/cart/${i}`, jar)
    tomcats.add(/hello from (tomcat\d)/.exec(body)?.[1] ?? body)
    assert.match(body, /Cookie: -\)/, 'indirect: the app never sees SERVERID')
  }
  assert.equal(tomcats.size, 1, `one jar, one tomcat: ${[...tomcats].join(',')}`)
  assert.equal(jar.get('SERVERID'), [...tomcats][0])
  const other = await appGet('/cart', new Map())
  assert.notEqual(/hello from (tomcat\d)/.exec(other)?.[1], undefined)
  const stat = await appGet('/static/img/logo.png', new Map())
  assert.match(stat, /^hello from apache\d: GET \/img\/logo\.png /, stat)

  for (let i = 0; i < 100 && !/pid \d+/.test(out); i++) await new Promise(r => setTimeout(r, 20))
  const syPid = Number(/pid (\d+)/.exec(out)?.[1])
  assert.ok(syPid > 0, `demo printed switchyard's pid:\n${out}`)

  demo.kill('SIGINT')
  const timer = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`demo still running 3 s after SIGINT:\n${out}`)), 3000).unref())
  const e = await Promise.race([closed, timer])
  assert.deepEqual(e, { code: 0, signal: null }, out)
  assert.equal(existsSync(`/proc/${syPid}`), false, 'switchyard exited')
  for (const p of PORTS) assert.equal(await portFree(p), true, `port ${p} still open`)
})
