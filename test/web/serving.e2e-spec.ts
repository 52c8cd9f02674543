// The service serves the web interface: the app shell for page paths, its files under /assets, ECharts from
// its package, with caching headers; the API keeps its JSON errors and its OpenAPI pages.
import { request } from 'node:http';
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

  it('serves ECharts from its package, cached for a day', async () => {
    const res = await fetch(`${t.url}/assets/vendor/echarts.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect((await res.text()).length).toBeGreaterThan(500_000);
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
