/** A duration in milliseconds (HAProxy's default time unit). */
export type Millis = number
/** A size in bytes. */
export type Bytes = number
