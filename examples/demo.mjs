#!/usr/bin/env node
// The newcomer's demo: two small web backends and two SMTP-like line servers on
// loopback, switchyard in front of them with examples/demo.cfg. Ctrl-C stops all.
import { createServer as http } from 'node:http'
import { createServer as tcp } from 'node:net'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const servers = []

for (const [name, port] of [['apache1', 11080], ['apache2', 11081], ['tomcat1', 11090], ['tomcat2', 11091]]) {
  const s = http((req, res) => {
    res.setHeader('content-type', 'text/plain')
    res.end(`hello from ${name}: ${req.method} ${req.url} (X-Forwarded-For: ${req.headers['x-forwarded-for'] ?? '-'}, Cookie: ${req.headers.cookie ?? '-'})\n`)
  })
  s.listen(port, '127.0.0.1')
  servers.push(s)
}
for (const [name, port] of [['exim1', 11025], ['exim2', 11026]]) {
  const s = tcp((c) => {
    c.write(`220 ${name} ESMTP demo\r\n`)
    let pending = ''
    c.on('data', (d) => {
      // Answer line by line, as SMTP does: several commands may come in one packet.
      pending += d.toString()
      let i
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i).trim()
        pending = pending.slice(i + 1)
        if (/^quit/i.test(line)) { c.end('221 bye\r\n'); return }
        c.write('250 ok\r\n')
      }
    })
    c.on('error', () => c.destroy())
  })
  s.listen(port, '127.0.0.1')
  servers.push(s)
}

const child = spawn(here('../bin/switchyard'), ['-d', '-f', here('demo.cfg')], { stdio: 'inherit' })
child.on('exit', (code, signal) => {
  for (const s of servers) s.close()
  if (signal !== 'SIGINT' && code !== 0) { console.error(`switchyard exited (${signal ?? code})`); process.exitCode = 1 }
})
setTimeout(() => {
  console.log(`
Switchyard is running (pid ${child.pid}) with examples/demo.cfg:
  curl http://127.0.0.1:10080/          # roundrobin over apache1 and apache2
  for i in 1 2 3 4; do curl -s http://127.0.0.1:10080/; done
  printf 'HELO me\\r\\nQUIT\\r\\n' | socat - TCP:127.0.0.1:10025   # balance source: always the same exim
  curl -si http://127.0.0.1:10082/cart                     # the app tier: Set-Cookie: SERVERID=tomcat1
  curl -s -b SERVERID=tomcat2 http://127.0.0.1:10082/cart  # the cookie keeps you on tomcat2
  curl -s http://127.0.0.1:10082/static/logo.png           # the web tier, as /logo.png
Press Ctrl-C to stop everything.
`)
}, 300)
process.on('SIGINT', () => { child.kill('SIGINT') })
process.on('SIGTERM', () => { child.kill('SIGTERM') })
