export { parseArgs, USAGE, type CliOptions, type Mode } from './args.js'
