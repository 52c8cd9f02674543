// The password policy: at least 12 characters of three of the four classes (lower case, upper case, digits, other),
// neither the account's email nor its name inside it, and not guessable as a common password, a word with digits, a
// keyboard walk or a repetition — the strength estimate of zxcvbn-ts with its common-password and word lists (score
// 3 of 4 or more). One place for the API, the command line and the first admin.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { randomBytes } from 'node:crypto';
import { InvalidFieldError } from '../common/errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MIN_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: the lists take a moment to load, and most commands never check a password. */
function strength(password: string): number {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return estimator.check(password).score;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/];
/** Kinds of character a password needs, of the four (lower case, upper case, digits, others). */
export const PASSWORD_MIN_CLASSES = 3;

/** What is wrong with a password for this account, in both languages; null when it may be used. */
export function passwordProblem(
  password: string,
  account: { email?: string | null; name?: string | null },
): { en: string; zh: string } | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return {
      en: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
      zh: `至少${PASSWORD_MIN_LENGTH}个字符`,
    };
  }
  const lower = password.toLowerCase();
  for (const part of [account.email, account.name]) {
    const p = part?.trim().toLowerCase();
    if (p && p.length >= 3 && lower.includes(p)) {
      return { en: 'must not contain the account’s email or name', zh: '不得包含账号的邮箱或姓名' };
    }
  }
  if (CLASSES.filter((c) => c.test(password)).length < PASSWORD_MIN_CLASSES) {
    return {
      en: 'must mix three of: lower-case letters, upper-case letters, digits, other characters',
      zh: '须包含小写字母、大写字母、数字、其他字符中的至少三类',
    };
  }
  if (strength(password) < PASSWORD_MIN_SCORE) {
    return {
      en: 'is too easy to guess (a common password, a word with digits, a keyboard pattern or a repetition)',
      zh: '过于容易猜到（常见密码、单词加数字、键盘序列或重复字符）',
    };
  }
  return null;
}

/** Refuses a password the policy does not allow, naming the field. */
export function assertPasswordPolicy(
  field: string,
  password: string,
  account: { email?: string | null; name?: string | null },
): void {
  const problem = passwordProblem(password, account);
  if (problem) throw new InvalidFieldError(field, problem.en, problem.zh, 'weak_password');
}

/** A generated password the policy allows (the first admin's, printed once). */
export function generatedPassword(): string {
  for (;;) {
    const candidate = `${randomBytes(15).toString('base64url')}-${randomBytes(2).readUInt16BE() % 100}`;
    if (!passwordProblem(candidate, {})) return candidate;
  }
}
