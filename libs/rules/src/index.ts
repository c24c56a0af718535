/**
 * @switchyard/rules: HAProxy's sample fetches, converters, ACL match methods and
 * conditions, as keyword tables compiled once at load and evaluated against a
 * StreamView per request.
 */
export type { SampleType, Value, FetchDef, ConvDef, ArgSpec, ArgValue, Use } from './sample.js'
export { cast } from './sample.js'
export { fetches, findFetch } from './fetch/index.js'
export { converters, findConverter } from './conv/index.js'
export { SampleExpr, compileExpr } from './expr.js'
export { MATCH_METHODS, type MatchMethod } from './match.js'
export { Acl, compileAcl, type AclResult, type AclError, type ReadText } from './acl.js'
export { Condition, compileCondition, compileAclTable, type AclTable, type ConditionResult } from './condition.js'
export { LogFormat, compileLogFormat } from './logformat.js'
export { HttpRule, compileHttpRule, runHttpRules, reasonOf, redirectKeywordAsRule, HTTP_ACTION_NAMES, type HttpMessage, type Reply, type Verdict, type Phase, type RuleError } from './actions/http.js'
export { TcpRule, acceptConnection, inspectContent, compileTcpConnectionRule } from './actions/tcp.js'
