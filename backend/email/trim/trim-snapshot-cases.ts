// Test-only: the inputs of the trimmer's output snapshot (__fixtures__/trim-snapshot.json) and what
// is recorded for each. The snapshot was recorded from the trimmer as it was before its speed work,
// so any later change that alters a single output, letter or boolean shows up as a failing case.
// The inputs are the upstream corpus, the Discourse fixture emails, and seeded random mixes of the
// lines the trimmer reacts to (markers in every language, signatures, headers, fences, quotes),
// with character-level mutations so that near misses of every expression are covered too.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { isEmbeddedEmailMarker } from './embedded-email-matcher';
import { classifyLine, classifyLines } from './line-classifier';
import { preprocess } from './preprocess';
import { extractEmbeddedEmail, trimReply } from './reply-trimmer';
import { rubySplitLines } from './ruby-text';
import { selectBody } from './select-body';
import { corpusPath, parseEmailFixture, random } from './test-support';

/** What one input gives; strings are kept whole so that a difference can be read. */
export interface TrimRecord {
  readonly trimmed: string;
  readonly elided: string;
  /** upstream's one-letter-per-line pattern of the pre-processed text */
  readonly pattern: string;
  readonly embedded: [string, string] | null;
  readonly marker: boolean;
}

/** A random input's record, its strings as a digest to keep the snapshot small. */
export interface RandomRecord {
  readonly pattern: string;
  readonly marker: boolean;
  /** sha256 of the JSON of [trimmed, elided, embedded], first 16 hex digits */
  readonly digest: string;
}

export interface TrimSnapshot {
  readonly corpus: Record<string, TrimRecord>;
  readonly emails: Record<string, { html: unknown; text: unknown }>;
  readonly random: RandomRecord[];
  /** classifyLine of each random line, one letter per line */
  readonly lineLetters: string;
}

export const SNAPSHOT_PATH = resolve(import.meta.dirname, '__fixtures__', 'trim-snapshot.json');
export const RANDOM_TEXTS = 6000;
export const RANDOM_LINES = 40_000;

export function recordOf(text: string): TrimRecord {
  return {
    ...trimReply(text),
    pattern: classifyLines(rubySplitLines(preprocess(text))),
    embedded: extractEmbeddedEmail(text),
    marker: isEmbeddedEmailMarker(text),
  };
}

export function randomRecordOf(text: string): RandomRecord {
  const { trimmed, elided, pattern, embedded, marker } = recordOf(text);
  const digest = createHash('sha256')
    .update(JSON.stringify([trimmed, elided, embedded]))
    .digest('hex')
    .slice(0, 16);
  return { pattern, marker, digest };
}

/** Every file of the upstream corpus's emails folder, as read (not stripped). */
export function corpusTexts(): [string, string][] {
  const folder = corpusPath('reply-trimmer', 'emails');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => [name, readFileSync(resolve(folder, name), 'utf8')]);
}

export async function emailRecords(): Promise<TrimSnapshot['emails']> {
  const names = readdirSync(corpusPath('discourse-emails'))
    .filter((name) => name.endsWith('.eml'))
    .sort();
  const records: TrimSnapshot['emails'] = {};
  for (const name of names) {
    const parsed = await parseEmailFixture(name);
    records[name] = {
      html: selectBody(parsed, { preferHtml: true, trim: true }),
      text: selectBody(parsed, { preferHtml: false, trim: true }),
    };
  }
  return records;
}

const MARKERS = [
  'On Tue, 24 Nov 2026 at 10:00, Admin via Foyer <noreply@foyer.test> wrote:',
  'On Wed, Sep 25, 2013, at 03:57 PM, jorge_castro wrote:',
  'On Mon, 1 Nov 2026 at 09:00, Person 0 <person0@example.org> wrote:',
  'At 6/16/2016 08:32 PM, you wrote:',
  'On 2016-03-03, Someone said:',
  'In message <123@example.com>, Bob writes:',
  'Op 24 aug. 2013 om 16:48 heeft ven88 via Discourse Meta <info@discourse.org> het volgende geschreven:',
  'Op 10 dec. 2015 18:35 schreef "Arpit Jalan" <info@discourse.org>:',
  'Le 4 janv. 2016 19:03, "Neil Lalonde" <info@discourse.org> a écrit :',
  'Le lundi 3 mai, Paul nous a dit :',
  'Am 18.09.2013 um 16:24 schrieb codinghorror <info@discourse.org>:',
  'Am 18.09.2013 um 16:24 schrieben Sie:',
  'Am Montag hat Max geschrieben:',
  'Il giorno 3 mag 2021, Paolo ha scritto:',
  'Dnia 14 lip 2015 o godz. 00:25 Michael Downey <info@discourse.org> napisał(a):',
  'Dňa 14 lip 2015 Michal napisał:',
  'Em seg, 27 de jul de 2015 17:13, Neil Lalonde <info@discourse.org> escreveu:',
  'El jueves, 21 de noviembre de 2013, codinghorror escribió:',
  '在 2016年3月3日，下午5:21，Some One <a@b.cn> 写道：',
  'Den 15. jun. 2016 kl. 20.42 skrev Jeff Atwood <info@discourse.org>:',
  'søn. 30. apr. 2017 kl. 00.26 skrev David Taylor <meta@discoursemail.com>:',
  '2016-03-03 17:21 GMT+01:00 Some One',
  '2015-10-18 0:17 GMT+03:00 Matt Palmer <info@discourse.org>:',
  '2013/10/2 camilohollanda <info@discourse.org>',
  'вт, 5 янв. 2016 г. в 23:39, Erlend Sogge Heggen <info@discourse.org>:',
  'суббота, 14 марта 2015 г. пользователь etewiah написал:',
  '23 mar 2017 21:25 "Neil Lalonde" <meta@discoursemail.com> napisał(a):',
  '30 серп. 2016 р. 20:45 "Arpit" no-reply@example.com пише:',
  'codinghorror via Discourse Meta wrote:',
  'codinghorror via Discourse Meta <info@discourse.org> schrieb:',
  'Some One <info@discourse.org> wrote:',
  'Gavin Sinclair (gsinclair@soyabean.com.au) wrote:',
  'Max Mustermann <try_discourse@discoursemail.com> schrieb am Fr., 28. Apr. 2017 um 11:53 Uhr:',
  'Bob wrote on Monday: this',
  'Posted by mpalmer on 01/21/2016',
  'Begin forwarded message:',
  'Début du message transféré :',
  '----- Forwarded Message -----',
  '-----Original Message-----',
  '*----- Original Message -----*',
  '-- Message transféré --',
  '---- Ursprüngliche Nachricht ----',
  '--- Mensaje original ---',
  '------------------ 原始邮件 ------------------',
];

const SIGNATURES = [
  'Sent from my iPhone',
  '<<sent by galaxy>>',
  '(Sent via mobile)',
  'Sent with [ProtonMail](https://protonmail.com) Secure Email.',
  'Get [Outlook for Android](https://aka.ms/ghei36)',
  'Get Outlook for iOS',
  'From my Android phone',
  'Envoyé depuis mon iPhone',
  'Envoyé depuis Yahoo Mail',
  'Von meinem Mobilgerät gesendet',
  'Diese Nachricht wurde von meinem Telefon gesendet',
  'Inviato da iPhone',
  'Sendt fra min iPad',
  'Enviado do meu celular',
  'Enviado desde mi móvil',
  'Verzonden met BlackBerry Work',
  'Verstuurd vanaf mijn iPhone',
  'Skickat från min iPhone',
  '從我的 iPhone 傳送',
  'Typed from mobile',
];

const HEADERS = [
  'From: Some One <a@b.c>',
  '*From:* Some One',
  'Sent: Monday, 3 May 2021 10:00',
  '*Sent:* Tuesday',
  'Date: 3 May 2021',
  'Le : 3 mai 2021',
  'To: team@example.com',
  'Cc: x',
  'Reply-To: y@z.org',
  'Subject: Re: the plan',
  'Von: Max',
  'An: Erika',
  'Betreff: Plan',
  'Gesendet: Montag, 3. Mai 2021 10:00',
  'De : Paul',
  'À : Marie',
  'Objet : Réunion',
  'Expéditeur: x',
  'Répondre à: y',
  'Destinataire: z',
  'Para: Ana',
  'Assunto: Oi',
  'Asunto: Hola',
  'Enviada em: 3 de maio 2021',
  'Enviado: 3 de mayo 2021',
  'Fecha: 3 de mayo 2021',
  'Da: Paolo',
  'Risposta: x',
  'A: Luca',
  'Oggetto: Ciao',
  'Data: 3 maggio 2021',
  'Van: Jan',
  'Aan: Piet',
  'Beantwoorden - Aan: Kees',
  'Onderwerp: Hoi',
  'Datum: 3 mei 2021',
  'Fra: Ola',
  'Til: Kari',
  'Emne: Hei',
  'Sendt: 3. mai 2021',
  'Från: Sven',
  'Till: Anna',
  'Ämne: Hej',
  'Skickat: 3 maj 2021',
  '发件人: 张三',
  '收件人: 李四',
  '主题: 你好',
  '发送时间: 2021年5月3日 10:00',
  'From:',
  'Sent: no digits',
];

const TEXT = [
  'Thanks, reply number 7: that works for me.',
  'Best,',
  'Guest',
  'Guest Example',
  'Sounds good to me.',
  'See you at 10:00 on Monday.',
  'I wrote on the board: see below',
  'He said so, on Tuesday.',
  'On the other hand, I agree.',
  'Email me at someone@example.com please',
  'Am Ende: gut.',
  'Le chat est là.',
  'El perro: sí.',
  'Posted by me',
  'Call 2024 times <x@y.z>',
  'This | that',
  'a > b and b > c',
  'Bob> said this',
  'note: ## not a heading ##',
  'Unsubscribe: list@example.com',
  '  http://example.com/unsubscribe',
];

const QUOTES = [
  '> Hello guest, this is the first post.',
  '> Second quoted line.',
  '>> deeper',
  '> > Line 3 of message 2: the details of the plan, as discussed before.',
  '>',
  'Bob> quoted by Bob',
  '| quoted with a bar',
  'Bob|> mixed prefix',
  '> | bar after a quote',
  'ab> cd> nested names',
  '𝐀> astral name',
  '  > indented quote',
  '> On Mon, 1 Nov 2026 at 09:00, Person 0 <person0@example.org> wrote:',
  '> From: Someone',
];

const STRUCTURE = [
  '',
  '',
  '',
  ' ',
  '\t',
  '\u00a0',
  '\u3000',
  '--',
  '-- ',
  '____',
  '==',
  'ᐧ',
  '—',
  '***',
  '* * *',
  '---',
  '```',
  '```js',
  'const x = 1; // code',
  '>>> note >>>',
  '<<< note <<<',
  '>>>  note  >>>',
  '<<< note  <<<',
  '>>>>',
  '<<<<',
  '>>>>> "alias" == Someone writes:',
  '-----BEGIN PGP SIGNED MESSAGE-----',
  'Hash: SHA256',
  '-----BEGIN PGP SIGNATURE-----',
  'iQEzBAEBCAAdFiEE',
  '-----END PGP SIGNATURE-----',
  '## Please type your reply above this line. ##',
  '#### Previous Replies',
  'Previous Replies',
  '\\-\\-\\-',
];

/** Characters the expressions react to, for insertions. */
const SPICE = [
  ':',
  '@',
  '<',
  '>',
  '-',
  '*',
  '_',
  ' ',
  '\t',
  '#',
  '|',
  '/',
  '\r',
  'ſ',
  'K',
  'İ',
  'Σ',
  '\u2028',
  '\u00a0',
  // astral letters and symbols (surrogate pairs), a combining mark, and brackets of links
  '😀',
  '𝐀',
  'ß',
  '\u0307',
  '[',
  ']',
  '(',
  ')',
  '"',
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function mutate(next: () => number, line: string): string {
  const at = Math.floor(next() * (line.length + 1));
  switch (Math.floor(next() * 8)) {
    case 0:
      return line.toUpperCase();
    case 1:
      return line.toLowerCase();
    case 2:
      return line.slice(0, at) + line.slice(at + 1);
    case 3:
      return line.slice(0, at) + pick(next, SPICE) + line.slice(at);
    case 4:
      return `> ${line}`;
    case 5:
      // around MAX_MARKER_LINE_LENGTH, where the marker matchers stop looking
      return (
        line.slice(0, at) +
        'x'.repeat(Math.max(0, 990 + Math.floor(next() * 20) - line.length)) +
        line.slice(at)
      );
    case 6:
      // a marker wrapped by a mail client
      return line.slice(0, at) + '\n' + line.slice(at);
    default:
      return line + line.slice(0, at);
  }
}

function randomLine(next: () => number): string {
  const family = pick(next, [MARKERS, SIGNATURES, HEADERS, TEXT, TEXT, QUOTES, QUOTES, STRUCTURE, STRUCTURE]);
  const line = pick(next, family);
  return next() < 0.25 ? mutate(next, line) : line;
}

/**
 * Seeded random emails of 1–14 lines, a tenth of them with CRLF line ends; every twentieth has up
 * to 150 lines, so that the per-text caches of the marker scanners see many markers.
 */
export function randomTexts(seed = 20_261_124, count = RANDOM_TEXTS): string[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const length = 1 + Math.floor(next() * (i % 20 === 0 ? 150 : 14));
    const lines = Array.from({ length }, () => randomLine(next));
    return lines.join(next() < 0.1 ? '\r\n' : '\n');
  });
}

/** Seeded random single lines, for classifyLine alone. */
export function randomLines(seed = 24_112_026, count = RANDOM_LINES): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => randomLine(next).replaceAll('\n', ' '));
}

export async function takeSnapshot(): Promise<TrimSnapshot> {
  return {
    corpus: Object.fromEntries(corpusTexts().map(([name, text]) => [name, recordOf(text)])),
    emails: await emailRecords(),
    random: randomTexts().map(randomRecordOf),
    lineLetters: randomLines().map(classifyLine).join(''),
  };
}
