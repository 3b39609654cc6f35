import { describe, expect, it } from 'vitest';

import { cutAtDiscourseMarkers } from './discourse-markers';

const REPLY = 'Sounds good, see you then.';

describe('cutAtDiscourseMarkers', () => {
  it.each([
    ['en', '## Please type your reply above this line. ##'],
    ['de', '## Bitte gib deine Antwort oberhalb dieser Zeile ein. ##'],
    ['de (formal)', '## Bitte antworten Sie oberhalb dieser Zeile. ##'],
    ['fr', '## Veuillez répondre au-dessus de cette ligne. ##'],
    ['es', '## Por favor, escribe tu respuesta encima de esta línea. ##'],
    ['it', '## Per favore, scrivi la tua risposta sopra questa linea. ##'],
    ['nl', '## Typ je antwoord boven deze regel. ##'],
    ['pt', '## Por favor, escreva sua resposta acima desta linha. ##'],
    ['en, escaped by an HTML converter', '\\#\\# Please type your reply above this line. \\#\\#'],
  ])('cuts at the "reply above this line" marker (%s)', (_locale, marker) => {
    expect(cutAtDiscourseMarkers(`${REPLY}\n\n${marker}\n\nThe notification you got.`)).toBe(`${REPLY}\n`);
  });

  it.each([
    ['Discourse, en', '-- \n*Previous Replies*'],
    ['Discourse, en, ---', '---\n*Previous Replies*'],
    ['Discourse, de', '---\n*Vorherige Antworten*'],
    ['fr', '---\n*Réponses précédentes*'],
    ['es', '---\n*Respuestas anteriores*'],
    ['it', '---\n*Risposte precedenti*'],
    ['nl', '---\n*Eerdere reacties*'],
    ['pt', '---\n*Respostas anteriores*'],
    ["Foyer's own text notification", '---\nPrevious Replies'],
    ["Foyer's own HTML notification, as markdown", '---\n\n#### Previous Replies'],
    ['Discourse before 1.0', ' ------------------------------\nPrevious discussion'],
  ])('cuts at the "Previous Replies" section (%s)', (_source, marker) => {
    expect(cutAtDiscourseMarkers(`${REPLY}\n\n${marker}\n\nAn older post.`)).toBe(`${REPLY}\n`);
  });

  it('leaves text without markers alone, including a rule that starts no previous-replies section', () => {
    const text = `${REPLY}\n\n---\n\n*Previously* on this topic…\n\n## A heading ##`;
    expect(cutAtDiscourseMarkers(text)).toBe(text);
  });

  it('normalises CRLF line endings', () => {
    expect(cutAtDiscourseMarkers(`${REPLY}\r\n---\r\n*Previous Replies*\r\nold`)).toBe(REPLY);
  });

  it('stays linear on long lines of rule characters', () => {
    const started = performance.now();
    cutAtDiscourseMarkers(`* ${' '.repeat(100_000)}x\n${'-'.repeat(100_000)}\n#${' '.repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
