/**
 * The core in a real browser: Debian's Chromium driven by playwright-core.
 * test/browser/page.ts, bundled for the browser with no externals, is served on
 * 127.0.0.1; it builds the sigmoid neuron and checks in the page the value and
 * the partials by both modes against the README's digits and a compiled
 * program's gradient, then the same page served with `Content-Security-Policy:
 * script-src 'self'` (in a frame): no generated code there, so the program runs
 * on the interpreter, and every number must be bit for bit the same. No console
 * errors, no failed requests.
 *
 * Chromium must be at /usr/bin/chromium (`apt-get install chromium`; .ci/run
 * installs it when it is missing). WENGERT_SCREENSHOT=1 writes the screenshot to
 * docs/browser.png (otherwise to a temporary folder).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBundle } from './helpers/browser-bundle.js';
import { launchChromium, watchProblems } from './helpers/chromium.js';
import type { PageResults } from './browser/page.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CSP = "script-src 'self'";
const scratch = mkdtempSync(join(tmpdir(), 'wengert-browser-'));
const screenshot = process.env.WENGERT_SCREENSHOT === '1' ? join(HERE, '..', 'docs', 'browser.png') : join(scratch, 'browser.png');

let server: Server;
let origin: string;
let browser: Browser;
/** Every response the server sent: path and its CSP header. */
const served: { path: string; csp: string | undefined }[] = [];

beforeAll(async () => {
  const page = (await browserBundle(join(HERE, 'browser', 'page.ts'))).code;
  const html = readFileSync(join(HERE, 'browser', 'index.html'), 'utf8');
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const csp = path.startsWith('/csp/') ? CSP : undefined;
    served.push({ path, csp });
    if (path === '/' || path === '/csp/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(csp ? { 'content-security-policy': csp } : {}) });
      response.end(html);
    } else if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(page);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(scratch, { recursive: true, force: true });
});

/** Every number of a page's run, in order, as the hex of its IEEE bits. */
function bitsOf(results: PageResults): string[] {
  const bits: string[] = [];
  JSON.stringify(results.run, (_, v: unknown) => {
    if (typeof v === 'number') bits.push(Buffer.from(new Float64Array([v]).buffer).toString('hex'));
    return v;
  });
  return bits;
}

describe('the core in Chromium', () => {
  it("computes the sigmoid neuron's value and partials to the README's digits, compiled too, and the same bits under a CSP", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = watchProblems(page);

    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'wengertResults' in window, undefined, { timeout: 30_000 });
    const top = await page.evaluate(() => (window as unknown as { wengertResults: PageResults }).wengertResults);
    const frame = page.frames().find((f) => new URL(f.url()).pathname === '/csp/');
    expect(frame, 'the /csp/ frame').toBeDefined();
    const underCsp = await frame!.evaluate(() => (window as unknown as { wengertResults: PageResults }).wengertResults);
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();

    expect(top.error).toBeUndefined();
    expect(underCsp.error).toBeUndefined();
    expect(top.userAgent).toMatch(/Chrome\/\d+/);
    // every check of both pages passed, in the page
    expect(top.checks.filter((c) => !c.ok)).toEqual([]);
    expect(underCsp.checks.filter((c) => !c.ok)).toEqual([]);
    expect(top.checks.map((c) => c.name)).toContain("under CSP script-src 'self': every number, bit for bit");
    expect(top.checks).toHaveLength(13);
    expect(underCsp.checks).toHaveLength(12);
    // and once more here: the two backends, and the same bits
    expect([top.csp, top.run?.backend, underCsp.csp, underCsp.run?.backend]).toEqual([false, 'js', true, 'interpreter']);
    expect(bitsOf(underCsp)).toEqual(bitsOf(top));
    expect(bitsOf(top)).toHaveLength(11);
    expect(top.run?.reverse).toEqual({ x: 0.0018204423602436533, w: 0.00273066354036548, b: 0.0009102211801218266 });
    // the frame really was served under the policy, the page without it
    expect(served).toContainEqual({ path: '/csp/', csp: CSP });
    expect(served).toContainEqual({ path: '/', csp: undefined });
    expect(problems).toEqual([]);
    expect(existsSync(screenshot)).toBe(true);
  }, 120_000);
});
