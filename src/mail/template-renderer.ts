// Renders a mail from its Handlebars templates: templates/mail/<name>/<locale>.subject.hbs, .html.hbs and
// .text.hbs, the HTML wrapped in templates/mail/layout.<locale>.hbs. Features own their templates; this knows none.
import { Inject, Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MAIL_LOCALES, registerMailHelpers, type MailLocale } from './template-helpers';

export type { MailLocale } from './template-helpers';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Part = 'subject' | 'html' | 'text';

const NAME = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/i;

/** The display name of an address such as `天水市5G专班办公室 <zhuanban@example.cn>`, if it has one. */
function displayName(address: string): string | null {
  const m = /^\s*"?([^"<]+?)"?\s*</.exec(address);
  return m ? m[1].trim() : null;
}

@Injectable()
export class TemplateRenderer {
  /** Resolved from the project root, so the compiled service finds the same files as the sources. */
  readonly dir = resolve(process.cwd(), 'templates/mail');
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly defaults: { taskForceName: string; publicUrl: string | null };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    registerMailHelpers(this.hbs, config.clock.timeZone);
    this.defaults = {
      taskForceName: displayName(config.mail.from) ?? 'Zhuanban 专班',
      publicUrl: config.publicUrl,
    };
  }

  /**
   * Renders the subject, the HTML (inside the layout) and the text of a mail. `data` is the templates' root
   * context; `locale` is added to it for the helpers, and `taskForceName` (the layout's header) defaults to the
   * display name of mail.from. Data is HTML-escaped in the HTML part only.
   */
  render(name: string, locale: MailLocale, data: object): RenderedMail {
    if (!NAME.test(name)) throw new Error(`Invalid mail template name "${name}"`);
    if (!MAIL_LOCALES.includes(locale)) {
      throw new Error(`Unknown mail locale "${String(locale)}" (expected ${MAIL_LOCALES.join(' or ')})`);
    }
    const root: Record<string, unknown> = { ...this.defaults, ...data, locale };
    const subject = this.part(`${name}/${locale}.subject.hbs`, 'subject')(root, { data: { format: 'text' } })
      .replace(/\s+/g, ' ')
      .trim();
    const body = this.part(`${name}/${locale}.html.hbs`, 'html')(root, { data: { format: 'html' } });
    const html = this.part(`layout.${locale}.hbs`, 'html')(
      { ...root, subject, body: new this.hbs.SafeString(body) },
      { data: { format: 'html' } },
    );
    const text = this.part(`${name}/${locale}.text.hbs`, 'text')(root, { data: { format: 'text' } })
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    return { subject, html, text: `${text}\n` };
  }

  /** A template compiled on first use and kept; subject and text are plain text, so they are not escaped. */
  private part(file: string, part: Part): Handlebars.TemplateDelegate {
    const cached = this.compiled.get(file);
    if (cached) return cached;
    const path = join(this.dir, file);
    if (!existsSync(path)) throw new Error(`Mail template not found: ${path}`);
    const template = this.hbs.compile(readFileSync(path, 'utf8'), { noEscape: part !== 'html' });
    this.compiled.set(file, template);
    return template;
  }
}
