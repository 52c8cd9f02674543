// Encrypts the units' webhook addresses and signing secrets at rest (AES-256-GCM under CHANNEL_SECRET_KEY) and
// masks them for display: the API shows an address by its host and last characters, never in full.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The key from its configured text: 64 hex digits or base64 of 32 bytes. */
export function channelKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('CHANNEL_SECRET_KEY must be 32 bytes, base64 or hex');
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url: a fresh 12-byte IV each time. */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plain text of a sealed value; throws when the key is not the one it was sealed with or it was altered. */
export function open(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed channel value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * An address as shown: `https://qyapi.weixin.qq.com/…****abcd` — where it goes, and enough of its end to tell two
 * apart; a bare key or token shows its last four characters only.
 */
export function maskAddress(address: string): string {
  if (!address) return '';
  const tail = address.length > 12 ? address.slice(-4) : '';
  try {
    const url = new URL(address);
    return `${url.protocol}//${url.host}/…****${tail}`;
  } catch {
    return `****${tail}`;
  }
}

/** A mobile as shown: 138****5678. */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/^\+?86/, '');
  return digits.length === 11 ? `${digits.slice(0, 3)}****${digits.slice(7)}` : '****';
}
