/**
 * Keywords of the peers, resolvers and userlist sections.
 * HAProxy reference: src/cfgparse.c cfg_parse_peers(), cfg_parse_resolvers(), cfg_parse_users()
 */
import { defineKeywords, Section, type KeywordResult } from '../keyword.js'
import { parseAddress } from '../units.js'
import { expects } from '../args.js'

export const sectionKeywords = defineKeywords([
  {
    kw: 'peer',
    sections: Section.Peers,
    usage: 'peer <peername> [<address>:<port>] [param*]',
    parse ({ args, peers, loc }): KeywordResult {
      const [, name, addr] = args
      if (name === undefined) return expects('peer', '<peername> and <addr:port>')
      if (peers!.peers.some(p => p.name === name)) return { alert: `'peer' : peer '${name}' is already declared in peers section '${peers!.name}'.`, arg: 1 }
      if (addr === undefined) { peers!.peers.push({ name, loc }); return undefined }
      const a = parseAddress(addr, 'peer')
      if (!a.ok) return { alert: `'peer ${name}' : ${a.reason}.`, arg: 2 }
      peers!.peers.push({ name, address: a.value.address, loc })
      return undefined
    },
  },
  {
    kw: 'server',
    sections: Section.Peers,
    usage: 'server <peername> [<address>:<port>] [param*]',
    parse ({ args, peers, loc }): KeywordResult {
      const [, name, addr] = args
      if (name === undefined) return expects('server', '<peername>')
      const a = addr === undefined ? undefined : parseAddress(addr, 'peer')
      if (a !== undefined && !a.ok) return { alert: `'server ${name}' : ${a.reason}.`, arg: 2 }
      peers!.peers.push({ name, ...(a === undefined ? {} : { address: a.value.address }), loc })
      return undefined
    },
  },
  ...(['bind', 'default-server', 'default-bind', 'table', 'shards'] as const).map(kw => ({
    kw,
    sections: Section.Peers,
    usage: `${kw} ...`,
    parse ({ args, peers, loc }: import('../keyword.js').KeywordContext): KeywordResult { peers!.other.push({ words: args, loc }); return undefined },
  })),
  { kw: 'disabled', sections: Section.Peers, usage: 'disabled', parse: ({ peers }) => { peers!.disabled = true } },
  { kw: 'enabled', sections: Section.Peers, usage: 'enabled', parse: ({ peers }) => { peers!.disabled = false } },
  {
    kw: 'nameserver',
    sections: Section.Resolvers,
    usage: 'nameserver <name> <address>[:port]',
    parse ({ args, resolvers }): KeywordResult {
      const [, name, addr] = args
      if (name === undefined || addr === undefined) return expects('nameserver', '<name> and <addr>[:<port>]')
      const a = parseAddress(addr.includes(':') || addr.includes('@') ? addr : `${addr}:53`, 'server')
      if (!a.ok) return { alert: `'nameserver ${name}' : ${a.reason}.`, arg: 2 }
      resolvers!.nameservers.push({ name, address: a.value.address })
      return undefined
    },
  },
  ...(['parse-resolv-conf', 'accepted_payload_size', 'resolve_retries', 'timeout', 'hold'] as const).map(kw => ({
    kw,
    sections: Section.Resolvers,
    usage: `${kw} ...`,
    parse ({ args, resolvers, loc }: import('../keyword.js').KeywordContext): KeywordResult { resolvers!.settings.push({ words: args, loc }); return undefined },
  })),
  {
    kw: 'user',
    sections: Section.Userlist,
    usage: 'user <username> [password|insecure-password <password>] [groups <group>,<group>,...]',
    parse ({ args, userlist }): KeywordResult {
      const name = args[1]
      if (name === undefined) return expects('user', '<username>')
      let password = ''
      let insecure = false
      let groups: string[] = []
      for (let i = 2; i < args.length; i += 2) {
        const v = args[i + 1]
        if (v === undefined) return { alert: `'user' : '${args[i]}' expects an argument.`, arg: i }
        if (args[i] === 'password') password = v
        else if (args[i] === 'insecure-password') { password = v; insecure = true }
        else if (args[i] === 'groups') groups = v.split(',')
        else return { alert: `'user' only supports 'password', 'insecure-password' and 'groups', got '${args[i]}'.`, arg: i }
      }
      userlist!.users.push({ name, password, insecure, groups })
      return undefined
    },
  },
  {
    kw: 'group',
    sections: Section.Userlist,
    usage: 'group <groupname> [users <user>,<user>,...]',
    parse ({ args, userlist }): KeywordResult {
      const name = args[1]
      if (name === undefined) return expects('group', '<groupname>')
      if (args[2] !== undefined && args[2] !== 'users') return { alert: `'group' only supports 'users', got '${args[2]}'.`, arg: 2 }
      userlist!.groups.push({ name, users: args[3]?.split(',') ?? [] })
      return undefined
    },
  },
])
