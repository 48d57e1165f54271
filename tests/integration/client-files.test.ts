import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/server.js';

/**
 * The built client's files: its chunks are named after their content, so a browser keeps them for
 * good and opens a document without asking for them again; the page that names them is asked for
 * afresh each time, so a new build is picked up at once.
 */

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-client-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Accord</title><script type="module" src="/assets/index-Bx3k9Qa1.js"></script>');
  writeFileSync(join(dir, 'assets', 'index-Bx3k9Qa1.js'), 'console.log("Accord");');
  server = await TestServer.start({ STATIC_DIR: dir });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the client files', () => {
  it('serves a hashed chunk to be kept for good', async () => {
    const chunk = await fetch(`${server.url}/assets/index-Bx3k9Qa1.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await chunk.text()).toContain('Accord');
  });

  it('serves the page afresh each time, at its root and at any address of the client', async () => {
    for (const path of ['/', '/documents/some-document', '/archive']) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('/assets/index-Bx3k9Qa1.js');
    }
  });
});
