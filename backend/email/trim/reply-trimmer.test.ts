// Runs the port against upstream email_reply_trimmer's own fixtures (../shared/corpus/reply-trimmer,
// see its README), the way upstream's test suite does: every file is `.strip`ped before use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { isEmbeddedEmailMarker } from './embedded-email-matcher';
import { isReplyAtEnd } from './line-pattern';
import { extractEmbeddedEmail, trimReply } from './reply-trimmer';
import { rubyStrip } from './ruby-text';
import { corpusMissing as missingMessage, corpusPath } from './test-support';

// resolve(repoRoot, '..', 'shared', 'corpus', 'reply-trimmer'): relative to the checkout, as in CI.
const corpus = corpusPath('reply-trimmer');
const corpusMissing = missingMessage('reply-trimmer');

function names(folder: string): string[] {
  const path = resolve(corpus, folder);
  return existsSync(path)
    ? readdirSync(path)
        .filter((name) => name.endsWith('.txt'))
        .sort()
    : [];
}

function read(folder: string, name: string): string {
  return rubyStrip(readFileSync(resolve(corpus, folder, name), 'utf8'));
}

/** Files this port is known to disagree with upstream on (none when this was written). */
const KNOWN_MISMATCHES: readonly string[] = [];

describe('reply trimmer against the upstream corpus', () => {
  const emails = names('emails');

  it('finds the corpus', () => {
    expect(existsSync(corpus), corpusMissing).toBe(true);
    expect(emails.length, corpusMissing).toBeGreaterThan(0);
  });

  it('has an expected trimmed and elided file for every email, as upstream asserts', () => {
    expect(names('trimmed')).toEqual(emails);
    expect(names('elided')).toEqual(emails);
  });

  it('keeps the CRLF fixture in CRLF, so line-ending normalisation is really exercised', () => {
    expect(readFileSync(resolve(corpus, 'emails', 'normalize_line_endings.txt'), 'utf8')).toContain('\r\n');
  });

  it('agrees with upstream on at least 95% of the trimmed and elided results', () => {
    expect(emails.length, corpusMissing).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const name of emails) {
      const { trimmed, elided } = trimReply(read('emails', name));
      if (trimmed !== read('trimmed', name)) mismatches.push(`trimmed/${name}`);
      if (elided !== read('elided', name)) mismatches.push(`elided/${name}`);
    }
    const checks = emails.length * 2;
    const agreement = (checks - mismatches.length) / checks;
    console.log(
      `reply-trimmer corpus: ${checks - mismatches.length}/${checks} agree (${(agreement * 100).toFixed(1)}%)` +
        (mismatches.length > 0 ? `; mismatches: ${mismatches.join(', ')}` : ''),
    );
    expect(agreement, `mismatching files: ${mismatches.join(', ')}`).toBeGreaterThanOrEqual(0.95);
    expect(mismatches).toEqual(KNOWN_MISMATCHES);
  });

  const embedded = names('embedded');

  it('has ten embedded-email cases with their "before" text', () => {
    expect(embedded, corpusMissing).toHaveLength(10);
    expect(names('before')).toEqual(embedded);
  });

  it.each(embedded)('extracts the embedded email of %s', (name) => {
    expect(extractEmbeddedEmail(read('emails', name))).toEqual([
      read('embedded', name),
      read('before', name),
    ]);
  });

  it('does not find an embedded email in the catastrophic-backtracking fixture, quickly', () => {
    const text = read('matchers', 'does_not_contain_embedded_email.txt');
    const started = performance.now();
    expect(isEmbeddedEmailMarker(text)).toBe(false);
    expect(trimReply(text).trimmed).not.toBe('');
    // Upstream allows 5 seconds; a linear matcher needs a few milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('detects a reply at the end of "bq" × 100 quickly', () => {
    const started = performance.now();
    expect(isReplyAtEnd('bq'.repeat(100))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('reply trimmer', () => {
  it('returns nothing for a blank email', () => {
    expect(trimReply(' \n\t\n')).toEqual({ trimmed: '', elided: '' });
    expect(extractEmbeddedEmail('')).toBeNull();
  });

  it('normalises CRLF line endings', () => {
    expect(trimReply('Hi there\r\n\r\nOn Mon, Jan 1, 2024, Bob wrote:\r\n> old')).toEqual({
      trimmed: 'Hi there',
      elided: 'On Mon, Jan 1, 2024, Bob wrote:\n> old',
    });
  });

  it('re-joins an "On … wrote:" line that the mail client wrapped', () => {
    const email =
      'Sounds good.\n\nOn Tue, Mar 5, 2024 at 10:01 AM, Jane Doe <\njane@example.com> wrote:\n> Shall we?';
    expect(trimReply(email)).toEqual({
      trimmed: 'Sounds good.',
      elided: 'On Tue, Mar 5, 2024 at 10:01 AM, Jane Doe < jane@example.com> wrote:\n> Shall we?',
    });
  });

  it('cuts at an Outlook header block in German', () => {
    const email =
      'Danke!\n\nVon: Jane <jane@example.com>\nGesendet: Montag, 4. März 2024 10:00\nAn: Bob\nBetreff: Frage\n\nAlt';
    expect(trimReply(email).trimmed).toBe('Danke!');
  });

  it('keeps fenced code whose lines look like delimiters or quotes, in both parts', () => {
    const email = 'Try this:\n\n```\n--\n> not a quote\n```\n\nThanks\n\n--\nBob\n```\nsig code\n```';
    expect(trimReply(email)).toEqual({
      trimmed: 'Try this:\n\n```\n--\n> not a quote\n```\n\nThanks',
      elided: '--\nBob\n```\nsig code\n```',
    });
  });

  it('removes mobile signatures wherever they are', () => {
    expect(trimReply('Yes.\n\nSent from my iPhone').trimmed).toBe('Yes.');
  });
});

describe('reply trimmer on hostile input', () => {
  // Each of these made an earlier, regex-only version (or upstream's expressions) quadratic or worse.
  const size = 100_000;
  const inputs: Record<string, string> = {
    'one long line': 'a'.repeat(size),
    'blank lines before text': `x\n${' \n'.repeat(size / 2)}y`,
    '"At" lines without a verb': `${'At x\n'.repeat(size / 5)}On`,
    '"wrote on" lines and a late colon': `${'x wrote on y\n'.repeat(size / 13)}:`,
    'a long number before "пише:"': `${'2016'.repeat(size / 4)} пише:`,
    'Dutch verbs without colon': `Op x ${'xschreef.'.repeat(size / 9)}`,
    'Dutch verbs on many lines before a far colon': `Op x\n${'xschreef\n'.repeat(size / 18)}${'y'.repeat(size / 2)}:`,
    '"wrote" only after many lines': `${'x\n'.repeat(size / 2)}a wrote on b:`,
    'digits and angle brackets': ('1'.repeat(60) + ' <' + 'x'.repeat(40) + '@').repeat(size / 103),
    'unclosed code fences': '```js\nfoo\n'.repeat(size / 10),
    'unclosed enclosed quotes': `${'>>> a >>>\nx\n'.repeat(size / 12)}<<< b <<<`,
    'PGP begin lines': '-----BEGIN PGP SIGNATURE-----\n'.repeat(size / 30),
    'quote lines': '> a\n'.repeat(size / 4),
    'header lines': 'From: x\n'.repeat(size / 8),
  };

  it.each(Object.entries(inputs))('trims %s in linear time', (_name, text) => {
    const started = performance.now();
    trimReply(text);
    extractEmbeddedEmail(text);
    // Quadratic behaviour here costs minutes; linear code takes well under a second.
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
