import { authenticator } from 'otplib';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normalRecoveryCode,
  RECOVERY_CODE_PATTERN,
  SECOND_FACTOR_CODE_PATTERN,
  totpStep,
  totpUri,
} from './totp';

describe('TOTP codes', () => {
  const secret = newTotpSecret();
  const at = Date.UTC(2026, 11, 3, 9, 0, 10);
  const codeAt = (ms: number) => authenticator.clone({ epoch: ms }).generate(secret);

  it('matches the code of now and of the steps either side, naming the step', () => {
    expect(matchTotp(secret, codeAt(at), at)).toBe(totpStep(at));
    expect(matchTotp(secret, codeAt(at - 30_000), at)).toBe(totpStep(at) - 1);
    expect(matchTotp(secret, codeAt(at + 30_000), at)).toBe(totpStep(at) + 1);
  });

  it('refuses a code two steps old, another secret’s code and anything but six digits', () => {
    expect(matchTotp(secret, codeAt(at - 90_000), at)).toBeNull();
    expect(matchTotp(newTotpSecret(), codeAt(at), at)).toBeNull();
    expect(matchTotp(secret, ` ${codeAt(at)}`, at)).toBeNull();
    expect(matchTotp(secret, '12345', at)).toBeNull();
  });

  it('writes the otpauth address an authenticator app reads', () => {
    expect(totpUri('JBSWY3DPEHPK3PXP', 'lead@tianshui.example.cn', 'Zhuanban')).toBe(
      'otpauth://totp/Zhuanban:lead%40tianshui.example.cn?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&algorithm=SHA1&issuer=Zhuanban',
    );
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of the shown form, also taken as a sign-in code, typed in any case', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(RECOVERY_CODE_PATTERN);
      expect(code).toMatch(SECOND_FACTOR_CODE_PATTERN);
      expect(normalRecoveryCode(code.toUpperCase())).toBe(normalRecoveryCode(code.replace('-', '')));
    }
  });
});
