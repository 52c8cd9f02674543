// Renders a meeting document as Markdown or HTML from templates/documents/<name>/<locale>.<md|html>.hbs; the HTML
// is a page of its own, wrapped in templates/documents/layout.<locale>.html.hbs with the Chinese fonts declared.
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locale } from '../../units/recipients.service';

export type TextFormat = 'md' | 'html';

@Injectable()
export class DocumentTemplates {
  /** Resolved from the project root, so the compiled service finds the same files as the sources. */
  readonly dir = resolve(process.cwd(), 'templates/documents');
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    /** {{cell text}}: text that stays inside one cell of a Markdown table. */
    this.hbs.registerHelper('cell', (value: unknown) =>
      String(value ?? '')
        .replace(/\|/g, '\\|')
        .replace(/\s*\r?\n\s*/g, ' '),
    );
    /** {{join ids}}: 1,2,3 — the ids of the rows a line came from, in data attributes. */
    this.hbs.registerHelper('join', (value: unknown) => (Array.isArray(value) ? value.join(',') : ''));
  }

  render(name: 'agenda' | 'minutes', locale: Locale, format: TextFormat, view: object): string {
    const body = this.template(`${name}/${locale}.${format}.hbs`, format)(view);
    if (format === 'md')
      return `${body
        .replace(/[ \t]+$/gm, (s) => (s === '  ' ? s : ''))
        .replace(/\n{3,}/g, '\n\n')
        .trim()}\n`;
    return this.template(`layout.${locale}.html.hbs`, 'html')({ ...view, body: new this.hbs.SafeString(body) });
  }

  private template(file: string, format: TextFormat): Handlebars.TemplateDelegate {
    const cached = this.compiled.get(file);
    if (cached) return cached;
    const path = join(this.dir, file);
    if (!existsSync(path)) throw new Error(`Document template not found: ${path}`);
    const template = this.hbs.compile(readFileSync(path, 'utf8'), { noEscape: format === 'md', strict: false });
    this.compiled.set(file, template);
    return template;
  }
}
