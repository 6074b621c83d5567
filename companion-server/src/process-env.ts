import { spawn } from 'node:child_process';

/**
 * Environment the companion's process runs with on Linux. glibc gives each thread that
 * allocates its own malloc arena and seldom returns their memory: with the inference and
 * decoder worker threads and onnxruntime's pool, the abuse bench's server grew to 616 MiB
 * under a flood after the bombs (457 MiB with 2 arenas; bench/results/abuse.md).
 */
export const COMPANION_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Entry points call this first: on Linux, when the variable is not set (a user's own value
 * wins), the process runs itself again with it, since glibc reads it only at start. Returns
 * true when it did so (the caller must do nothing more: this process only relays signals
 * and exits with the child's code).
 */
export function rerunWithProcessEnv(): boolean {
  if (process.platform !== 'linux' || Object.keys(COMPANION_PROCESS_ENV).every((k) => process.env[k] !== undefined)) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, ...COMPANION_PROCESS_ENV } });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}
