import { columnWidths, PAGE, SIZES, textWidth } from './docx';

// the width a column needs to set the text on one line at 五号, as columnWidths reckons it
const needs = (text: string) => textWidth(text) * SIZES.wuhao * 10 + 2 * 90 + 100;

describe('columnWidths', () => {
  const head = ['Indicator', 'Target', 'Actual', 'Done', 'Pro-rata\n(latest value)', 'Pro-rata\n(today)', 'Status'];
  const rows = [
    ['New 5G base stations built in 2023', '850 stations\nby 31 Dec 2023', '1,186 stations\nas of 25 Aug 2023'],
    ['Enterprises signed on the Orange Cloud industrial-internet platform', '80 enterprises\nby 31 Dec 2023', '53 x'],
  ].map((r) => [...r, '139.5%', '64.9%', '72.1%', 'behind']);

  it('fills the text block and no more', () => {
    const widths = columnWidths(head, rows, SIZES.wuhao);
    const sum = widths.reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(PAGE.textWidth);
    expect(sum).toBeGreaterThan(PAGE.textWidth - widths.length);
  });

  it('keeps a narrow column of figures whole when the widest columns must be cut', () => {
    const widths = columnWidths(head, rows, SIZES.wuhao);
    // "139.5%" on one line, and the cut falls on the wide columns, not shared by all
    expect(widths[3]).toBeGreaterThanOrEqual(Math.floor(needs('139.5%')));
    expect(widths[6]).toBeGreaterThanOrEqual(Math.floor(needs('behind')));
    expect(Math.max(...widths)).toBeLessThan(PAGE.textWidth / 4);
  });

  it('lets a line break after a hyphen before a lower-case word, not inside a date or a code', () => {
    // beside a column too wide for the block, a column is set at its least width: its longest unbreakable token
    const pair = (text: string) => columnWidths(['x', 'y'], [[text, 'a'.repeat(200)]], SIZES.wuhao, 0)[0];
    expect(pair('industrial-internet')).toBeLessThan(pair('industrialinternet'));
    expect(pair('2023-09-20')).toBeGreaterThanOrEqual(pair('2023a09a20'));
  });

  it('sets a Chinese date and its figure on one line beside a long Chinese name', () => {
    const zh = ['指标', '目标值', '完成值', '完成率', '序时进度\n（数据日）', '序时进度\n（今日）', '状态'];
    const zhRows = [
      [
        '橙色云工业互联网平台签约企业数',
        '80户\n12月31日前',
        '53户\n截至8月25日',
        '66.3%',
        '82.5%',
        '86.0%',
        '落后序时进度',
      ],
    ];
    const widths = columnWidths(zh, zhRows, SIZES.wuhao);
    expect(widths[1]).toBeGreaterThanOrEqual(Math.floor(needs('12月31日前')));
    expect(widths[2]).toBeGreaterThanOrEqual(Math.floor(needs('截至8月25日')));
    // the name gets at least four characters a line inside the cell margins
    expect(widths[0] - 2 * 90).toBeGreaterThanOrEqual(4 * SIZES.wuhao * 10);
  });
});
