// email_reply_trimmer turns an email into one letter per line and then trims with patterns over
// that string. This is the per-line classification (upstream `identify_line_content` and its
// matchers: EmptyLineMatcher, DelimiterMatcher, SignatureMatcher, EmbeddedEmailMatcher,
// EmailHeaderMatcher, QuoteMatcher).
import { isEmbeddedEmailMarker, type MarkerGate, markerGate } from './embedded-email-matcher';
import { BLANK, MAX_MARKER_LINE_LENGTH, WORD } from './ruby-text';

export const DELIMITER = 'd';
export const EMBEDDED = 'b';
export const EMPTY = 'e';
export const EMAIL_HEADER = 'h';
export const QUOTE = 'q';
export const SIGNATURE = 's';
export const TEXT = 't';

export type LineKind =
  | typeof DELIMITER
  | typeof EMBEDDED
  | typeof EMPTY
  | typeof EMAIL_HEADER
  | typeof QUOTE
  | typeof SIGNATURE
  | typeof TEXT;

const EMPTY_LINE = new RegExp(`^[${BLANK}]*$`, 'u');

// A line made only of separator characters ("--", "____", "ᐧ" from Gmail's tracking pixel, …).
const DELIMITER_LINE = new RegExp(`^[${BLANK}]*[\\-_,=+~#*ᐧ—]+[${BLANK}]*$`, 'u');

const QUOTE_LINE = new RegExp(`^[${BLANK}]*>`, 'u');

// Each family below is one alternation (same anchor, same flags) rather than a list of expressions:
// `^x(?:a|b)` matches exactly when `^xa` or `^xb` does, in one call instead of one per expression.

// Envoyé depuis mon iPhone / Von meinem Mobilgerät gesendet / Sent from my TI-85 / <<sent by galaxy>>
// (sent from a phone) / 從我的 iPhone 傳送 / Get Outlook for iOS / Verzonden met BlackBerry Work …
const SIGNATURE_SOURCES = [
  '從我的 iPhone 傳送', // Chinese
  `[${WORD}]+ from mobile`, // English
  String.raw`[\(<]*Sent (?:from|via|with|by) [^\n]+[\)>]*`,
  'From my [^\\n]{1,20}',
  'Get Outlook for ',
  'Envoyé depuis (?:mon|Yahoo Mail)', // French
  'Von meinem [^\\n]+ gesendet', // German
  'Diese Nachricht wurde von [^\\n]+ gesendet',
  'Inviato da ', // Italian
  'Sendt fra min ', // Norwegian
  'Enviado do meu ', // Portuguese
  'Enviado desde mi ', // Spanish
  'Verzonden met ', // Dutch
  'Verstuurd vanaf mijn ',
  'från min ', // Swedish
];
const SIGNATURE_LINE = new RegExp(
  `^[${BLANK}]*(?:${SIGNATURE_SOURCES.map((source) => `(?:${source})`).join('|')})`,
  'iu',
);

// Upstream strips markdown links first so "Get [Outlook for Android](https://aka.ms/…)" still counts.
const MARKDOWN_LINK = /\[([^\]]+)\]\([^)]+\)/g;

function isSignature(line: string): boolean {
  // A link needs a "[": without one, nothing to strip.
  return SIGNATURE_LINE.test(line.includes('[') ? line.replace(MARKDOWN_LINK, '$1') : line);
}

// Headers of a quoted email as Outlook & co. write them ("From: …", "*Sent:* …", "Von: …").
const HEADERS_WITH_DATE: readonly (readonly string[])[] = [
  ['Sendt'], // Norwegian
  ['Sent', 'Date'], // English
  ['Date', 'Le'], // French
  ['Gesendet'], // German
  ['Enviada em'], // Portuguese
  ['Enviado'], // Spanish
  ['Fecha'], // Spanish (Mexican)
  ['Data'], // Italian
  ['Datum'], // Dutch
  ['Skickat'], // Swedish
  ['发送时间'], // Chinese
];

const HEADERS_WITH_TEXT: readonly (readonly string[])[] = [
  ['Fra', 'Til', 'Emne'], // Norwegian
  ['From', 'To', 'Cc', 'Reply-To', 'Subject'], // English
  ['De', 'Expéditeur', 'À', 'Destinataire', 'Répondre à', 'Objet'], // French
  ['Von', 'An', 'Betreff'], // German
  ['De', 'Para', 'Assunto'], // Portuguese
  ['De', 'Para', 'Asunto'], // Spanish
  ['Da', 'Risposta', 'A', 'Oggetto'], // Italian
  ['Van', 'Beantwoorden - Aan', 'Aan', 'Onderwerp'], // Dutch
  ['Från', 'Till', 'Ämne'], // Swedish
  ['发件人', '收件人', '主题'], // Chinese
];

// Linear: `.*` then one required class, nothing anchored after it. Two expressions, as the date
// headers are case-sensitive and the others not.
const HEADER_WITH_DATE = new RegExp(
  `^[${BLANK}*]*(?:${HEADERS_WITH_DATE.flat().join('|')})[${BLANK}*]*:[^\\n]*\\d`,
  'u',
);
const HEADER_WITH_TEXT = new RegExp(
  `^[${BLANK}*]*(?:${HEADERS_WITH_TEXT.flat().join('|')})[${BLANK}*]*:[^\\n]*[${WORD}]`,
  'iu',
);

function isEmailHeader(line: string): boolean {
  // Every header has its colon; most lines of a reply have none.
  return line.includes(':') && (HEADER_WITH_DATE.test(line) || HEADER_WITH_TEXT.test(line));
}

/** Upstream `identify_line_content`; the order of the checks matters. */
export function classifyLine(line: string): LineKind {
  return classify(line, undefined);
}

/** `gate`: the marker families that can match in the text the line is from (all when undefined). */
function classify(line: string, gate: MarkerGate | undefined): LineKind {
  if (EMPTY_LINE.test(line)) return EMPTY;
  if (DELIMITER_LINE.test(line)) return DELIMITER;
  // See MAX_MARKER_LINE_LENGTH: a line that long is not a marker, and is not worth the backtracking.
  if (line.length <= MAX_MARKER_LINE_LENGTH) {
    if (isSignature(line)) return SIGNATURE;
    if (isEmbeddedEmailMarker(line, gate)) return EMBEDDED;
  }
  if (isEmailHeader(line)) return EMAIL_HEADER;
  if (QUOTE_LINE.test(line)) return QUOTE;
  return TEXT;
}

/** One letter per line, as upstream builds its `pattern` string. */
export function classifyLines(lines: readonly string[]): string {
  const gate = markerGate(lines.join('\n'));
  let pattern = '';
  for (const line of lines) pattern += classify(line, gate);
  return pattern;
}
