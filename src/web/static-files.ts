// Reads the web interface's files from disk for the HTTP layer: content type, a validator (ETag) and caching
// rules. Files are read at request time and kept in memory while their modification time stays the same.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string | null {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? null;
}

/**
 * The file a request path names inside `root`, or null when it names none: no parent segments, no hidden
 * files, only known types.
 */
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.length === 0 || segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const full = resolve(root, ...segments);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return contentTypeOf(full) ? full : null;
}

export class StaticFileCache {
  private readonly entries = new Map<string, { mtimeMs: number; file: StaticFile }>();

  /** The file, or null when it does not exist or is not a regular file. */
  async read(path: string): Promise<StaticFile | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = this.entries.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached.file;
    const body = await readFile(path);
    const file: StaticFile = {
      body,
      contentType: contentTypeOf(path) ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      lastModified: info.mtime.toUTCString(),
    };
    this.entries.set(path, { mtimeMs: info.mtimeMs, file });
    return file;
  }
}

/** Whether an If-None-Match header names this ETag. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
