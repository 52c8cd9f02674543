// Time-based one-time passwords (RFC 6238 through otplib: SHA-1, 6 digits, 30-second steps, as authenticator apps
// expect) and recovery codes. Pure functions: the caller gives the time, so a code's step can be stored and a
// code of a step already used refused.
import { authenticator } from 'otplib';
import { randomInt } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
/** Steps either side of now that are accepted, for a phone's clock a little off. */
const WINDOW = 1;
export const TOTP_PATTERN = /^\d{6}$/;
/** A recovery code as shown (`abcde-23456`), case and the dash optional when typed. */
export const RECOVERY_CODE_PATTERN = /^[a-zA-Z2-7]{5}-?[a-zA-Z2-7]{5}$/;
/** What a sign-in's `code` may be: a TOTP code or a recovery code. */
export const SECOND_FACTOR_CODE_PATTERN = /^(\d{6}|[a-zA-Z2-7]{5}-?[a-zA-Z2-7]{5})$/;
export const RECOVERY_CODE_COUNT = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** The otpauth:// address an authenticator app reads (usually from a QR code). */
export function totpUri(secret: string, account: string, issuer: string): string {
  return authenticator.keyuri(account, issuer, secret);
}

/** The time step of an instant. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

/** The step a code is right for, within the window around now; null when it is right for none. */
export function matchTotp(secret: string, code: string, nowMs: number): number | null {
  if (!TOTP_PATTERN.test(code)) return null;
  const now = totpStep(nowMs);
  for (let step = now - WINDOW; step <= now + WINDOW; step++) {
    const expected = authenticator.clone({ epoch: step * TOTP_STEP_SECONDS * 1000 }).generate(secret);
    if (expected === code) return step;
  }
  return null;
}

/** New recovery codes, as shown to the user once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => BASE32[randomInt(BASE32.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A recovery code as hashed: lower case, without the dash. */
export function normalRecoveryCode(code: string): string {
  return code.toLowerCase().replace('-', '');
}
