/**
 * One small prefixed logger for every extension context. Debug output is off unless
 * `setDebug(true)` (settings.debug) or localStorage "veracall:debug" = "1" in a page.
 */
let debugOn = false;

export function setDebug(on: boolean): void {
  debugOn = on;
}

export function createLogger(scope: string) {
  const prefix = `[veracall:${scope}]`;
  return {
    debug: (...a: unknown[]) => {
      if (debugOn) console.debug(prefix, ...a);
    },
    info: (...a: unknown[]) => console.info(prefix, ...a),
    warn: (...a: unknown[]) => console.warn(prefix, ...a),
    error: (...a: unknown[]) => console.error(prefix, ...a),
  };
}
