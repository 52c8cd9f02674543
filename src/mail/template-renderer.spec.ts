import { loadConfig } from '../config/config';
import { TemplateRenderer } from './template-renderer';

const config = loadConfig({}, { publicUrl: 'https://zhuanban.example.cn' });

const data = {
  title: '9月工作调度',
  recipientName: '天水移动',
  day: '2023-09-20',
  note: '请于9月25日前报送进展。<script>alert("x")</script>',
  items: [
    { name: '新建5G基站 <b>850</b> 个', percent: 132.6, grade: 'blue', deadline: '2023-12-31' },
    { name: '重点场所覆盖', percent: 40, grade: 'yellow', deadline: '2023-10-08' },
    { name: '行业应用', percent: 0, grade: 'red', deadline: '2023-09-01' },
  ],
};

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer(config);

  it('renders a Chinese mail inside the layout, with the task force name and the footer', () => {
    const mail = renderer.render('test-message', 'zh-CN', data);
    expect(mail.subject).toBe('【测试】9月工作调度（2023年9月20日）');
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain(`font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif`);
    expect(mail.html).toContain('天水市5G专班办公室');
    expect(mail.html).toContain('本邮件由专班工作系统自动发送');
    expect(mail.html).toContain('href="https://zhuanban.example.cn"');
    expect(mail.html).toContain('<title>【测试】9月工作调度（2023年9月20日）</title>');
    expect(mail.html).toContain('天水移动：');
    expect(mail.text).toMatch(/^天水移动：\n\n请于9月25日前报送进展。/);
  });

  it('renders the English templates with English dates and labels', () => {
    const mail = renderer.render('test-message', 'en', data);
    expect(mail.subject).toBe('[Test] 9月工作调度 (20 Sep 2023)');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('Sent automatically by Zhuanban');
    expect(mail.html).toContain('31 Dec 2023');
    expect(mail.html).toContain('>Yellow</span>');
    expect(mail.html).toContain('Regards');
    expect(mail.text).toContain('due 1 Sep 2023');
  });

  it('escapes data in the HTML part but not in the subject and text', () => {
    const mail = renderer.render('test-message', 'zh-CN', { ...data, title: 'A & B <i>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('新建5G基站 &lt;b&gt;850&lt;/b&gt; 个');
    expect(mail.subject).toBe('【测试】A & B <i>（2023年9月20日）');
    expect(mail.text).toContain('<script>alert("x")</script>');
  });

  it('date writes YYYY-MM-DD as 2023年9月20日 or 20 Sep 2023, and an instant in the task force time zone', () => {
    const at = new Date('2023-09-30T17:00:00Z'); // 1 October, 01:00 in Shanghai
    const zh = renderer.render('test-message', 'zh-CN', { ...data, day: at });
    expect(zh.subject).toContain('（2023年10月1日）');
    const en = renderer.render('test-message', 'en', { ...data, day: '2023-01-05' });
    expect(en.subject).toContain('(5 Jan 2023)');
  });

  it('bar is a table cell with an inline-styled bar, capped at 100%, and a text bar in the text part', () => {
    const { html, text } = renderer.render('test-message', 'zh-CN', data);
    expect(html).toContain('<td style="width:100%;background:#1a73e8;');
    expect(html).toContain('<td style="width:40%;background:#1a73e8;');
    expect(html).toMatch(/<td style="padding:4px 8px;[^"]*"><table role="presentation"/);
    expect(html).toContain('132.6%</span></td>');
    expect(text).toContain('[##########] 132.6%');
    expect(text).toContain('[####------] 40.0%');
    expect(text).toContain('[----------] 0.0%');
  });

  it('pct writes one decimal and a percent sign', () => {
    const { html } = renderer.render('test-message', 'zh-CN', data);
    expect(html).toContain('<td style="padding:6px 8px;">132.6%</td>');
    expect(html).toContain('<td style="padding:6px 8px;">40.0%</td>');
    expect(html).toContain('<td style="padding:6px 8px;">0.0%</td>');
    const none = renderer.render('test-message', 'zh-CN', { ...data, items: [{ name: 'x', percent: null }] });
    expect(none.html).toContain('<td style="padding:6px 8px;">—</td>');
  });

  it('colour labels the grade 红/黄/蓝 (Red/Yellow/Blue) in its colour', () => {
    const { html, text } = renderer.render('test-message', 'zh-CN', data);
    expect(html).toMatch(/<span style="[^"]*background:#d93025;color:#ffffff;[^"]*">红<\/span>/);
    expect(html).toMatch(/<span style="[^"]*background:#f9c513;[^"]*">黄<\/span>/);
    expect(html).toMatch(/<span style="[^"]*background:#1a73e8;color:#ffffff;[^"]*">蓝<\/span>/);
    expect(text).toContain('- 行业应用  [----------] 0.0%  红  截止 2023年9月1日');
    const en = renderer.render('test-message', 'en', data);
    expect(en.html).toContain('>Red</span>');
    expect(en.text).toContain('Blue');
  });

  it('t picks the text for the locale', () => {
    expect(renderer.render('test-message', 'zh-CN', data).html).toContain('此致');
    expect(renderer.render('test-message', 'en', data).html).not.toContain('此致');
  });

  it('a missing template is an error naming the file; so is an unknown locale or a bad name', () => {
    expect(() => renderer.render('no-such-mail', 'zh-CN', {})).toThrow(
      /Mail template not found: .*templates\/mail\/no-such-mail\/zh-CN\.subject\.hbs/,
    );
    expect(() => renderer.render('test-message', 'fr' as 'en', data)).toThrow(/Unknown mail locale "fr"/);
    expect(() => renderer.render('../layout', 'zh-CN', data)).toThrow(/Invalid mail template name/);
  });

  it('compiles each template once', () => {
    const fresh = new TemplateRenderer(config);
    const compile = jest.spyOn((fresh as unknown as { hbs: { compile: () => unknown } }).hbs, 'compile');
    fresh.render('test-message', 'zh-CN', data);
    fresh.render('test-message', 'zh-CN', { ...data, title: '另一期' });
    expect(compile).toHaveBeenCalledTimes(4);
  });
});
