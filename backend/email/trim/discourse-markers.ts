// Discourse's own markers in the notification emails people reply to (upstream
// Email::Receiver#trim_discourse_markers): the "Previous Replies" section that starts the quoted
// discussion, and the "## Please type your reply above this line. ##" line. Everything from the
// marker on is dropped, not elided: it is our own email coming back. §3.6 of the handbook.
//
// Upstream builds both regexes from every locale's translation. English and German are taken from
// the fixtures (previous_replies*.eml, reply_above*.eml); for the other languages the wording has
// changed between Discourse versions, so the distinctive phrase is matched instead of the exact line.

/** Titles of the previous-discussion section, lower case (Discourse's `previous_discussion`). */
const PREVIOUS_REPLIES_TITLES = new Set(
  [
    'Previous Replies', // en (Foyer's own notifications use it too)
    'Previous discussion', // en, before Discourse 1.0
    'Vorherige Antworten', // de
    'Réponses précédentes', // fr
    'Respuestas anteriores', // es
    'Risposte precedenti', // it
    'Eerdere reacties', // nl
    'Vorige reacties', // nl
    'Eerdere antwoorden', // nl
    'Respostas anteriores', // pt, pt_BR
  ].map((title) => title.toLowerCase()),
);

/** Distinctive part of the localized "## Please type your reply above this line. ##" lines. */
const REPLY_ABOVE_PHRASES = [
  'reply above this line', // en
  'oberhalb dieser zeile', // de: "Bitte gib deine Antwort oberhalb dieser Zeile ein." and the formal form
  'au-dessus de cette ligne', // fr
  'encima de esta línea', // es
  'arriba de esta línea', // es
  'sopra questa linea', // it
  'sopra questa riga', // it
  'boven deze regel', // nl
  'boven deze lijn', // nl
  'acima desta linha', // pt
  'acima dessa linha', // pt_BR
];

// Discourse writes `-- ` or `---` above the title; HTML mail turned into markdown gives `---`,
// `* * *` or `___`; the oldest notifications used a long dashed rule. Tested on the trimmed line,
// and every repetition ends on its mark, so no two quantifiers compete for the same spaces.
const SEPARATOR = /^(?:-{2,}|\*(?:[ \t]*\*){2,}|_(?:[ \t]*_){2,})$/;

/** A line with markdown emphasis, heading marks and escapes taken off, lower case. */
function bare(line: string): string {
  return line
    .replace(/[\\*_#]/g, '')
    .trim()
    .toLowerCase();
}

function isPreviousRepliesAt(lines: readonly string[], separator: number): boolean {
  if (!SEPARATOR.test((lines[separator] ?? '').trim())) return false;
  // The title follows the rule directly, or after a blank line when it came from HTML (<hr><h4>).
  for (let i = separator + 1; i < lines.length && i <= separator + 3; i++) {
    const title = bare(lines[i] ?? '');
    if (title !== '') return PREVIOUS_REPLIES_TITLES.has(title);
  }
  return false;
}

function isReplyAboveLine(line: string): boolean {
  // Cheap exit for the lines that cannot start with "##" once backslashes are gone.
  if (!line.includes('#')) return false;
  const text = line.replace(/\\/g, '').trim();
  if (!text.startsWith('##') || !text.endsWith('##')) return false;
  const lower = text.toLowerCase();
  return REPLY_ABOVE_PHRASES.some((phrase) => lower.includes(phrase));
}

/** The text before the first Discourse marker (the whole text when there is none). */
export function cutAtDiscourseMarkers(text: string): string {
  const normalised = text.replaceAll('\r\n', '\n');
  const lines = normalised.split('\n');
  const cut = lines.findIndex((line, i) => isReplyAboveLine(line) || isPreviousRepliesAt(lines, i));
  return cut === -1 ? normalised : lines.slice(0, cut).join('\n');
}
