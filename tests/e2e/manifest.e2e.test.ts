/**
 * The published build (no dev mode, no WXT_DEMO_HOSTS, not under the test runner) must not
 * inject into local pages: the demo page's http://127.0.0.1 / localhost matches are for dev
 * and test builds only (extension/sites/hosts.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpDirs, ROOT, tmp } from './harness';

afterAll(removeTmpDirs);

describe('published manifest', () => {
  it('matches only the call sites, never localhost or 127.0.0.1 (Chrome and Firefox)', () => {
    const out = tmp('veracall-published-');
    const env: NodeJS.ProcessEnv = { ...process.env, VERACALL_OUT_DIR: out, VERACALL_FIXTURE_MODEL_DIR: tmp('veracall-empty-models-') };
    // As `npm run build` runs it: not under the test runner (which sets VITEST and NODE_ENV=test).
    for (const k of ['VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'WXT_DEMO_HOSTS']) delete env[k];
    for (const args of [['build'], ['build', '-b', 'firefox', '--mv3']]) execFileSync('npx', ['wxt', ...args], { cwd: ROOT, env, stdio: 'pipe' });
    for (const target of ['chrome-mv3', 'firefox-mv3']) {
      const m = JSON.parse(readFileSync(join(out, target, 'manifest.json'), 'utf8')) as {
        host_permissions: string[];
        content_scripts: { matches: string[] }[];
        web_accessible_resources: { matches: string[] }[];
      };
      const all = [...m.host_permissions, ...m.content_scripts.flatMap((c) => c.matches), ...m.web_accessible_resources.flatMap((w) => w.matches)];
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((p) => /localhost|127\.0\.0\.1|^http:/.test(p)), target).toEqual([]);
      expect(m.content_scripts.flatMap((c) => c.matches)).toContain('https://meet.google.com/*');
    }
  }, 300_000);
});
