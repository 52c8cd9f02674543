// multipart/form-data bodies written by hand, so that file names reach the server exactly as given, and an upload
// of attachments through the real HTTP API.
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';

export interface Part {
  name?: string;
  filename: string;
  content: Buffer;
  type?: string;
}

/** A multipart/form-data body written by hand, so that names reach the server exactly as given. */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----zhuanban${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name ?? 'file'}"; filename="${p.filename}"\r\n` +
          `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
      p.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads files to an owner (`report`, `closing_request`, …) as a user; the answer's status and body. */
export async function uploadAttachments(
  t: TestApp,
  who: string,
  ownerType: string,
  ownerId: number,
  parts: Part[],
): Promise<{ status: number; body: any }> {
  const { body, contentType } = multipart(parts);
  const res = await fetch(`${t.url}/api/attachments?ownerType=${ownerType}&ownerId=${ownerId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await t.as(who)}`, 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
