import { generatedPassword, passwordProblem } from './password-policy';

describe('the password policy', () => {
  const account = { email: 'wang.tao@tianshui.example.cn', name: 'Wang Tao' };

  it.each([
    ['1234567890', 'at least 12'],
    ['aaaaaaaaaaaa', 'three of'],
    ['password1234', 'three of'],
    ['            ', 'three of'],
    ['Password1234', 'too easy'],
    ['Qwerty123456!', 'too easy'],
    ['P@ssw0rd2023', 'too easy'],
    ['wang.tao@tianshui.example.cn', 'email or name'],
    ['My-Wang Tao-2023', 'email or name'],
  ])('refuses %j (%s)', (password, why) => {
    expect(passwordProblem(password, account)?.en).toContain(why);
    expect(passwordProblem(password, account)?.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(['Demo-lead-2023', 'Viewer-changed-2023!', 'Long-enough-1', '5G-站点-进场-2023'])('allows %j', (password) => {
    expect(passwordProblem(password, account)).toBeNull();
  });

  it('generates passwords it allows', () => {
    for (let i = 0; i < 20; i++) expect(passwordProblem(generatedPassword(), {})).toBeNull();
  });
});
