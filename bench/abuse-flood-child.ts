/**
 * The WebSocket flood of bench/companion-abuse.ts in its own process, so that the attacker's
 * own work (JSON, masking 170 KB frames) does not stall the process that times /health:
 * argv = url token connections seconds; prints one line describing what was sent.
 */
import { wsFlood } from './companion-abuse';

const [url, token, connections, seconds] = process.argv.slice(2);
wsFlood({ url: url!, token: token! }, Number(connections), Number(seconds)).then(
  (notes) => {
    process.stdout.write(`${notes}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
