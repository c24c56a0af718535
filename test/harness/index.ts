/**
 * Test harness: real sockets on loopback, real processes. Every helper returns
 * something with a close()/stop() for `t.after()`.
 */
export * from './net.js'
export * from './switchyard.js'
export * from './backends.js'
export * from './scripted.js'
