// The service serves the web interface: the app shell for page paths, its files under /assets, the trimmed
// ECharts bundle, with caching headers and compressed; API answers are compressed too; the API keeps its JSON
// errors and its OpenAPI pages.
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startApp, type TestApp } from '../support/app';

/** A GET with the path sent exactly as written (fetch would normalise dot segments away). */
function rawGet(base: string, path: string): Promise<{ status: number; type: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A GET that leaves the body as sent (fetch would decode it): status, headers and the raw bytes. */
function rawBytes(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(encoding: string | string[] | undefined, body: Buffer): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

describe('web interface serving', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers the root and every page path with the app shell', async () => {
    for (const path of ['/', '/dashboard', '/tasks/3', '/tasks?status=in_progress&sort=-deadline', '/no/such/page']) {
      const res = await fetch(t.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
      expect(html).toMatch(/<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
      expect(html).toContain('src="/assets/js/app.js"');
    }
  });

  it('serves the app files with their types and validators, and answers 304 when unchanged', async () => {
    const cases: [string, string][] = [
      ['/assets/js/app.js', 'text/javascript'],
      ['/assets/js/pages/dashboard.js', 'text/javascript'],
      ['/assets/css/app.css', 'text/css'],
      ['/assets/img/logo.svg', 'image/svg+xml'],
    ];
    for (const [path, type] of cases) {
      const res = await fetch(t.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const etag = res.headers.get('etag') as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await fetch(t.url + path, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
  });

  it('serves the trimmed ECharts bundle, revalidated, and compressed', async () => {
    const res = await fetch(`${t.url}/assets/vendor/echarts.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    // an ES module with the charts the pages draw, well under the full build
    expect(text).toMatch(/export\s*\{[^}]*\binit\b/);
    const full = statSync(join(require.resolve('echarts/package.json'), '..', 'dist', 'echarts.min.js')).size;
    expect(text.length).toBeLessThan(full * 0.6);
    const etag = res.headers.get('etag') as string;
    expect((await fetch(`${t.url}/assets/vendor/echarts.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const br = await rawBytes(t.url, '/assets/vendor/echarts.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.body.length).toBeLessThan(text.length / 2);
    expect(decode('br', br.body).toString()).toBe(text);
    expect((await rawGet(t.url, '/assets/vendor/echarts.min.js')).status).toBe(404);
  });

  it('answers 304 to a revalidation by date, and sends each encoding with its own validator', async () => {
    const plain = await rawBytes(t.url, '/assets/js/messages.js', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const lastModified = plain.headers['last-modified'] as string;
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
    const byDate = await rawBytes(t.url, '/assets/js/messages.js', { 'if-modified-since': lastModified });
    expect(byDate.status).toBe(304);
    expect(byDate.body.length).toBe(0);
    for (const encoding of ['gzip', 'br']) {
      const res = await rawBytes(t.url, '/assets/js/messages.js', { 'accept-encoding': encoding });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.etag).not.toBe(plain.headers.etag);
      expect(decode(encoding, res.body).equals(plain.body)).toBe(true);
      const again = await rawBytes(t.url, '/assets/js/messages.js', {
        'accept-encoding': encoding,
        'if-none-match': res.headers.etag as string,
      });
      expect(again.status).toBe(304);
    }
  });

  it('compresses API answers for clients that accept it, to the same JSON', async () => {
    const token = await t.as('lead');
    const auth = { authorization: `Bearer ${token}` };
    const plain = await rawBytes(t.url, '/api/dashboard', auth);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const json = JSON.parse(plain.body.toString());
    expect(json.totals.tasks).toBeGreaterThan(0);
    for (const encoding of ['gzip', 'br']) {
      const res = await rawBytes(t.url, '/api/dashboard', { ...auth, 'accept-encoding': encoding });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.body.length).toBeLessThan(plain.body.length / 3);
      expect(JSON.parse(decode(encoding, res.body).toString())).toEqual(json);
    }
  });

  it('answers 404 for missing assets and for paths that leave the assets folder', async () => {
    for (const path of [
      '/assets/js/nope.js',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/vendor/other.js',
      '/assets/index.html.bak',
    ]) {
      const res = await rawGet(t.url, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.type).toContain('application/json');
    }
  });

  it('keeps JSON 404s under /api and the OpenAPI pages', async () => {
    const res = await t.request('GET', '/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found', messageZh: expect.any(String) });
    const docs = await fetch(`${t.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const json = await t.request('GET', '/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.paths['/api/tasks']).toBeDefined();
  });

  it('leaves other methods on page paths to the API error shape', async () => {
    const res = await t.request('POST', '/dashboard', { body: {} });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'not_found' });
  });
});
