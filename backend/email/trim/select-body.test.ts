// The expected posts are those of upstream's receiver spec, listed in the corpus README's table
// (../shared/corpus/discourse-emails/README.md).
import { describe, expect, it } from 'vitest';

import { selectBody, type SelectBodyOptions } from './select-body';
import { parseEmailFixture, rawBodyOfFixture } from './test-support';

const DEFAULTS: SelectBodyOptions = { preferHtml: true, trim: true };
const NOT_INCLUDED = 'This will not include the previous discussion that is present in this email.';

async function bodyOf(
  name: string,
  opts: SelectBodyOptions = DEFAULTS,
): Promise<ReturnType<typeof selectBody>> {
  return selectBody(await parseEmailFixture(name), opts);
}

describe('selectBody on the Discourse fixtures', () => {
  it.each([
    [
      'text_reply.eml',
      'text',
      'This is a text reply :)\n\nEmail parsing should not break because of a UTF-8 character: ’',
    ],
    ['html_reply.eml', 'html', 'This is a **HTML** reply ;)'],
    ['on_date_contact_wrote.eml', 'text', 'This is the actual reply.'],
    ['previous_replies.eml', 'text', NOT_INCLUDED],
    ['previous_replies_de.eml', 'text', NOT_INCLUDED],
    ['reply_above.eml', 'html', NOT_INCLUDED],
    ['reply_above_de.eml', 'html', NOT_INCLUDED],
    ['iphone_signature.eml', 'text', "This is not the signature you're looking for."],
    ['hebrew_reply.eml', 'text', 'שלום! מה שלומך היום?'],
    ['reply_with_weird_encoding.eml', 'text', 'This is a reply with a weird encoding.'],
    ['newlines.eml', 'text', 'This is my reply.\nIt is my best reply.\nIt will also be my *only* reply.'],
    ['exchange_html_body.eml', 'html', 'This is the **body** of the email.'],
    ['exchange_html_reply.eml', 'html', 'This is the **body !!** of the email.'],
    ['inline_image.eml', 'html', '**Before**\n\n![内嵌图片 1](cid:ii_1525434659ddb4cb)\n\n*After*'],
    [
      'multipart.eml',
      'html',
      'So presumably all the quoted garbage and my (proper) signature will get stripped from my reply?',
    ],
    ['outlook.eml', 'html', 'Microsoft Outlook 2010'],
    ['forwarded_email_1.eml', 'text', '@team, can you have a look at this email below?'],
    // This copy is older than the one upstream's spec uses: the reply sits below the quote.
    [
      'inline_reply.eml',
      'text',
      'The quick brown fox jumps over the lazy dog. The quick brown fox jumps over\nthe lazy dog. The quick brown fox jumps over the lazy dog. The quick brown\nfox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.\nThe quick brown fox jumps over the lazy dog. The quick brown fox jumps over\nthe lazy dog. The quick brown fox jumps over the lazy dog.',
    ],
    [
      'inline_mixed_replies.eml',
      'text',
      '> WAT <https://bar.com/users/wat> November 28\n>\n> This is the previous post.\n\nAnd this is *my* reply :+1:\n\n> This is another post.\n\nAnd this is **another** reply.',
    ],
  ])('%s → the %s part, trimmed', async (name, source, markdown) => {
    const body = await bodyOf(name);
    expect(body.markdown).toBe(markdown);
    expect(body.source).toBe(source);
  });

  it('prefers the HTML part by default, the text part when asked (text_and_html_reply.eml)', async () => {
    expect(await bodyOf('text_and_html_reply.eml')).toEqual({
      markdown: 'This is the **html** part.',
      elided: '',
      source: 'html',
    });
    expect(await bodyOf('text_and_html_reply.eml', { preferHtml: false, trim: true })).toEqual({
      markdown: 'This is the *text* part.',
      elided: '',
      source: 'text',
    });
  });

  it('uses the HTML part when there is no text part, even when text is preferred', async () => {
    expect(await bodyOf('html_reply.eml', { preferHtml: false, trim: true })).toMatchObject({
      markdown: 'This is a **HTML** reply ;)',
      source: 'html',
    });
  });

  it('elides the "Original Message" part (original_message.eml)', async () => {
    expect(await bodyOf('original_message.eml')).toEqual({
      markdown: 'This is a reply :)',
      elided: '---Original Message---\nThis part should not be included',
      source: 'text',
    });
  });

  it('keeps the whole part when trimming is off (original_message.eml)', async () => {
    expect(await bodyOf('original_message.eml', { preferHtml: true, trim: false })).toEqual({
      markdown: 'This is a reply :)\n\n---Original Message---\nThis part should not be included',
      elided: '',
      source: 'text',
    });
  });

  it('elides the Gmail signature (gmail_html_reply.eml) and a signature image (body_with_image.eml)', async () => {
    expect(await bodyOf('gmail_html_reply.eml')).toEqual({
      markdown: 'This is a **GMAIL** reply ;)',
      elided: 'This is the *elided* part!',
      source: 'html',
    });
    expect((await bodyOf('body_with_image.eml')).elided).toBe(
      '![](cid:56990c92d6c64_7cb53ffbb986020047616@foo.bar.mail)',
    );
  });

  it('elides the Exchange reply section (exchange_html_body_and_reply.eml)', async () => {
    expect(await bodyOf('exchange_html_body_and_reply.eml')).toEqual({
      markdown: 'This is the **body** of the email.',
      elided: 'This is the *reply*!',
      source: 'html',
    });
  });

  it('puts the "On … wrote:" line before the quote it introduces in the elided part (ios_default.eml)', async () => {
    const { elided } = await bodyOf('ios_default.eml');
    expect(
      elided.startsWith('On Nov 28, 2014, at 12:35 PM, Arpit Jalan <info@discourse.org> wrote:\n\n> '),
    ).toBe(true);
  });

  it('finds nothing in an email without a body (no_body.eml) or with only quotes (no_content_reply.eml)', async () => {
    expect(await bodyOf('no_body.eml')).toEqual({ markdown: '', elided: '', source: 'text' });
    expect((await bodyOf('no_content_reply.eml')).markdown).toBe('');
  });

  // These old fixtures declare multipart/alternative without any boundary, so their text is read raw.
  it.each([
    ['previous.eml', NOT_INCLUDED],
    ['dutch.eml', 'Dit is een antwoord in het Nederlands.'],
    ['via_line.eml', 'Hello this email has content!'],
    ['multiline_wrote.eml', 'Thanks!'],
  ])('trims the body of %s', (name, markdown) => {
    expect(selectBody({ text: rawBodyOfFixture(name) }, DEFAULTS).markdown).toBe(markdown);
  });
});

describe('selectBody', () => {
  it('falls back to the HTML part when the text part trims to nothing', () => {
    const body = selectBody(
      { text: 'Sent from my iPhone', html: '<p>The reply</p>' },
      { preferHtml: false, trim: true },
    );
    expect(body).toEqual({ markdown: 'The reply', elided: '', source: 'html' });
  });

  it('keeps the text part when HTML is preferred but gives nothing', () => {
    const body = selectBody({ text: 'The reply', html: '<div class="gmail_quote">old</div>' }, DEFAULTS);
    expect(body).toMatchObject({ markdown: 'The reply', source: 'text' });
  });

  it('cuts at Discourse markers even when trimming is off', () => {
    const body = selectBody(
      { text: 'My reply\n\n## Please type your reply above this line. ##\n\nThe notification' },
      { preferHtml: true, trim: false },
    );
    expect(body).toEqual({ markdown: 'My reply', elided: '', source: 'text' });
  });

  it('returns an empty text body when there is no part at all', () => {
    expect(selectBody({}, DEFAULTS)).toEqual({ markdown: '', elided: '', source: 'text' });
  });
});
