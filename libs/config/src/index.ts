/**
 * @switchyard/config: HAProxy's configuration language -> a checked, typed model.
 */
export * from './model.js'
export { tokenize, tokenizeLine, type Word, type LogicalLine, type Env } from './tokenizer.js'
export { evalCondition, compareVersions, type BuildInfo } from './condition.js'
export { parseTime, parseSize, parseInteger, parseAddress, parseAddressList, MAX_TIME_MS, type ParsedAddress } from './units.js'
export {
  ConfigError, ConfigErrorCode, formatDiagnostic, renderDiagnostic, hasAlerts,
  type ConfigDiagnostic, type Severity,
} from './diagnostics.js'
export { Section, In, SECTION_NAMES, defineKeywords, ignoredKeyword, type KeywordDef, type KeywordContext, type KeywordResult } from './keyword.js'
export { parseSources, findKeyword, type Source } from './parser.js'
export { loadConfig, parseConfigText, expandPaths, readSources, resolveAll, type LoadOptions, type LoadResult } from './load.js'
export { checkConfig } from './check.js'
export { defaultBuild, SWITCHYARD_VERSION, HAPROXY_COMPAT_VERSION } from './build.js'
export { registry, families } from './keywords/index.js'
export { optionTable } from './keywords/option.js'
export { BIND_OPTIONS } from './keywords/bind.js'
export { SERVER_OPTIONS } from './keywords/server.js'
