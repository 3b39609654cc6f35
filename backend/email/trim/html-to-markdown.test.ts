import { describe, expect, it } from 'vitest';

import { htmlToMarkdown, htmlToTrimmedMarkdown } from './html-to-markdown';
import { parseEmailFixture } from './test-support';

/** What a reply from each mail client looks like, and what must be left of it. */
const CLIENT_CASES: readonly { client: string; html: string; markdown: string; elided: string }[] = [
  {
    client: 'Gmail quote with its attribution line',
    html:
      '<div dir="ltr">Thanks, <b>that works</b>.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
      'On Mon, Jan 1, 2024 at 9:00 AM Bob &lt;<a href="mailto:bob@example.com">bob@example.com</a>&gt; wrote:<br></div>' +
      '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex"><div>Does it work?</div></blockquote></div>',
    markdown: 'Thanks, **that works**.',
    elided: 'On Mon, Jan 1, 2024 at 9:00 AM Bob <bob@example.com> wrote:\n\n> Does it work?',
  },
  {
    client: 'Gmail signature by class',
    html: '<div>See you.</div><div class="gmail_signature"><div>Bob<br>Example Inc.</div></div>',
    markdown: 'See you.',
    elided: 'Bob\nExample Inc.',
  },
  {
    client: 'Gmail signature by data-smartmail',
    html: '<div>See you.</div><div dir="ltr" data-smartmail="gmail_signature">-- Bob</div>',
    markdown: 'See you.',
    elided: '-- Bob',
  },
  {
    client: 'Outlook reply header (#divRplyFwdMsg) and everything after, with its rule',
    html:
      '<div>Agreed.</div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">' +
      '<b>From:</b> Bob<br><b>Sent:</b> Monday, January 1, 2024 9:00 AM<br><b>Subject:</b> Plan</div>' +
      '<div>Here is the plan.</div>',
    markdown: 'Agreed.',
    elided:
      '---\n\n**From:** Bob\n**Sent:** Monday, January 1, 2024 9:00 AM\n**Subject:** Plan\n\nHere is the plan.',
  },
  {
    client: 'Outlook #appendonsend and everything after',
    html: '<div><div>Agreed.</div><div id="appendonsend"></div><div>Old message</div></div><p>Old footer</p>',
    markdown: 'Agreed.',
    elided: 'Old message\n\nOld footer',
  },
  {
    client: 'Outlook desktop header block (top border) and everything after',
    html:
      '<p class="MsoNormal">Agreed.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">' +
      '<p class="MsoNormal"><b>From:</b> Bob &lt;bob@example.com&gt;<br><b>Sent:</b> Monday, 1 January 2024 09:00</p>' +
      '</div><p class="MsoNormal">Here is the plan.</p>',
    markdown: 'Agreed.',
    elided: '**From:** Bob <bob@example.com>\n**Sent:** Monday, 1 January 2024 09:00\n\nHere is the plan.',
  },
  {
    client: 'a bordered block that is not a header block stays',
    html: '<p>Agreed.</p><div style="border-top: 1px solid #ccc">Note: the plan changed.</div>',
    markdown: 'Agreed.\n\nNote: the plan changed.',
    elided: '',
  },
  {
    client: 'Word: the "From:" paragraph of a quoted email and everything after',
    html:
      '<div class="WordSection1"><p class="MsoNormal">Agreed.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
      '<p class="MsoNormal"><b>From:</b> Bob [mailto:bob@example.com]<br><b>Sent:</b> Monday, January 1, 2024</p>' +
      '<p class="MsoNormal">Here is the plan.</p></div>',
    markdown: 'Agreed.',
    elided: '**From:** Bob [mailto:bob@example.com]\n**Sent:** Monday, January 1, 2024\n\nHere is the plan.',
  },
  {
    client: 'Word: the first block that is not a paragraph or list (a signature table) and everything after',
    html:
      '<div class="WordSection1"><p class="MsoNormal">Agreed.</p><ol><li>first</li><li>second</li></ol>' +
      '<table><tr><td>Bob | Example Inc.</td></tr></table><p class="MsoNormal">Legal notice</p></div>',
    markdown: 'Agreed.\n\n1. first\n2. second',
    elided: 'Bob | Example Inc.\n\nLegal notice',
  },
  {
    client: 'Exchange: reply section beside a body section',
    html: '<div name="messageBodySection"><p>Agreed.</p></div><div name="messageReplySection"><p>Old</p></div>',
    markdown: 'Agreed.',
    elided: 'Old',
  },
  {
    client: 'Exchange: a lone reply section is the reply',
    html: '<div name="messageReplySection"><p>Agreed.</p></div>',
    markdown: 'Agreed.',
    elided: '',
  },
  {
    client: 'Apple Mail quote (the "On … wrote:" line is left to the trimmer)',
    html: '<div>Agreed.</div><div><br><blockquote type="cite"><div>Here is the plan.</div></blockquote></div>',
    markdown: 'Agreed.',
    elided: '> Here is the plan.',
  },
  {
    client: 'Thunderbird cite prefix, its quote and the signature, keeping a bottom-posted reply',
    html:
      '<div class="moz-cite-prefix">On 01/01/2024 09:00, Bob wrote:<br></div><blockquote type="cite" cite="mid:x">' +
      '<p>Here is the plan.</p></blockquote>Agreed.<br><br><pre class="moz-signature" cols="72">-- \nAlice</pre>',
    markdown: 'Agreed.',
    elided: 'On 01/01/2024 09:00, Bob wrote:\n\n> Here is the plan.\n\n```\n-- \nAlice\n```',
  },
  {
    client: 'ProtonMail signature block and quote',
    html:
      '<div>Agreed.</div><div class="protonmail_signature_block"><div class="protonmail_signature_block-user">Alice</div>' +
      '</div><div class="protonmail_quote">On Monday, Bob wrote:<blockquote>Here is the plan.</blockquote></div>',
    markdown: 'Agreed.',
    elided: 'Alice\n\nOn Monday, Bob wrote:\n\n> Here is the plan.',
  },
  {
    client: 'Zimbra divider and everything after',
    html:
      '<div>Agreed.</div><hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__"><b>From: </b>Bob</div>' +
      '<div data-marker="__QUOTED_TEXT__">Here is the plan.</div>',
    markdown: 'Agreed.',
    elided: '---\n\n**From:** Bob\n\nHere is the plan.',
  },
  {
    client: 'Front quote',
    html: '<div>Agreed.</div><div class="front-blockquote">On Monday, Bob wrote: Here is the plan.</div>',
    markdown: 'Agreed.',
    elided: 'On Monday, Bob wrote: Here is the plan.',
  },
  {
    client: 'Yahoo quote',
    html: '<div>Agreed.</div><div class="yahoo_quoted"><div>On Monday, Bob wrote:</div><div>Here is the plan.</div></div>',
    markdown: 'Agreed.',
    elided: 'On Monday, Bob wrote:\n\nHere is the plan.',
  },
  {
    client: 'Newton quote',
    html: '<div>Agreed.</div><div id="cm_replymail_content_wrap">Here is the plan.</div>',
    markdown: 'Agreed.',
    elided: 'Here is the plan.',
  },
];

describe('client-specific quotes and signatures', () => {
  it.each(CLIENT_CASES)('$client', ({ html, markdown, elided }) => {
    expect(htmlToMarkdown(html)).toEqual({ markdown, elided });
  });

  it('keeps everything when asked to (trimming switched off)', () => {
    const html = '<div>See you.</div><div class="gmail_signature">Bob</div>';
    expect(htmlToMarkdown(html, { keepQuotes: true })).toEqual({ markdown: 'See you.\n\nBob', elided: '' });
  });
});

describe('HTML to markdown', () => {
  const cases: readonly [string, string, string][] = [
    ['atx headings', '<h1>Title</h1><h3>Part</h3>', '# Title\n\n### Part'],
    [
      'bold and italic',
      '<p><b>bold</b>, <strong>strong</strong>, <i>it</i>, <em>em</em></p>',
      '**bold**, **strong**, *it*, *em*',
    ],
    ['fenced code', '<pre><code>let a = 1;\nlet b = 2;</code></pre>', '```\nlet a = 1;\nlet b = 2;\n```'],
    ['preformatted text without <code>', '<pre>  a\n    b</pre>', '```\n  a\n    b\n```'],
    ['bullets', '<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>', '- one\n- two\n  - nested'],
    ['numbered lists, with a start', '<ol start="3"><li>three</li><li>four</li></ol>', '3. three\n4. four'],
    [
      'images, cid: included',
      '<p>See <img src="cid:logo@x" alt="Logo"> and <img src="https://x.test/a.png"></p>',
      'See ![Logo](cid:logo@x) and ![](https://x.test/a.png)',
    ],
    [
      'parentheses and spaces in URLs encoded',
      '<a href="https://x.test/wiki/A_(b)">A</a> <img src="https://x.test/a b.png" alt="c">',
      '[A](https://x.test/wiki/A_%28b%29) ![c](https://x.test/a%20b.png)',
    ],
    [
      'tracking pixels dropped',
      '<p>Hi</p><img src="https://t.test/o.gif" width="1" height="1"><img src="https://t.test/p.gif" style="width:1px;height:1px">',
      'Hi',
    ],
    [
      'style, script, head and comments dropped',
      '<html><head><title>T</title><style>p{}</style></head><body><!-- c --><script>x()</script><p>Hi</p></body></html>',
      'Hi',
    ],
    ['hidden preheaders dropped', '<div style="display: none">Preview text</div><p>Hi</p>', 'Hi'],
    [
      'links',
      '<p><a href="https://x.test/t/1">the topic</a>, <a href="https://x.test">https://x.test</a>, <a href="mailto:a@x.test">a@x.test</a></p>',
      '[the topic](https://x.test/t/1), https://x.test, a@x.test',
    ],
    [
      'line breaks, blank lines collapsed, non-breaking spaces',
      '<div>a<br>b</div><div><br></div><div><br></div><div><br></div><div>c&nbsp;d</div>',
      'a\nb\n\nc d',
    ],
    [
      'markdown typed by people is not escaped',
      '<div>### Title</div><div>Some **bold** and 1. item</div>',
      '### Title\n\nSome **bold** and 1. item',
    ],
    ['horizontal rules', '<p>a</p><hr><p>b</p>', 'a\n\n---\n\nb'],
  ];

  it.each(cases)('%s', (_name, html, markdown) => {
    expect(htmlToMarkdown(html).markdown).toBe(markdown);
  });

  it('reads absurdly nested mail as plain text instead of overflowing the stack', () => {
    const depth = 20_000;
    const started = performance.now();
    const html = `${'<div>'.repeat(depth)}deep <b>text</b> &amp; more${'</div>'.repeat(depth)}`;
    expect(htmlToMarkdown(html)).toEqual({ markdown: 'deep text & more', elided: '' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('HTML replies from the Discourse fixtures', () => {
  async function trimmedHtmlOf(name: string): Promise<{ markdown: string; elided: string }> {
    const { html } = await parseEmailFixture(name);
    expect(html, `${name} has an HTML part`).toBeDefined();
    return htmlToTrimmedMarkdown(html ?? '');
  }

  it.each([
    ['html_reply.eml', 'This is a **HTML** reply ;)', ''],
    ['gmail_html_reply.eml', 'This is a **GMAIL** reply ;)', 'This is the *elided* part!'],
    [
      'body_with_image.eml',
      'This is a **GMAIL** reply ;)',
      '![](cid:56990c92d6c64_7cb53ffbb986020047616@foo.bar.mail)',
    ],
    ['exchange_html_body.eml', 'This is the **body** of the email.', ''],
    ['exchange_html_reply.eml', 'This is the **body !!** of the email.', ''],
    ['exchange_html_body_and_reply.eml', 'This is the **body** of the email.', 'This is the *reply*!'],
    [
      'word_html_reply.eml',
      "This is the **body** of the email.\n\n- a bullet\n- another bullet\n\nAnd these are the steps to follow:\n\n1. a first step\n2. a second step\n\nThat's all folks!",
      'This is the *elided* part!',
    ],
    ['inline_image.eml', '**Before**\n\n![内嵌图片 1](cid:ii_1525434659ddb4cb)\n\n*After*', ''],
    ['inline_attachment.eml', 'Before\n\n![内嵌图片 1](cid:ii_1525434659ddb4cb)\n\nAfter', ''],
    ['reply_above.eml', 'This will not include the previous discussion that is present in this email.', ''],
    [
      'reply_above_de.eml',
      'This will not include the previous discussion that is present in this email.',
      '',
    ],
    ['outlook.eml', 'Microsoft Outlook 2010', undefined],
    ['html_paragraphs.eml', 'Awesome!\n\nPleasure to have you here!\n\n:boom:', undefined],
    ['on_wrote.eml', "Sure, all you need to do is frobnicate the foobar and you'll be all set!", undefined],
    ['boundary.eml', "I'll look into it, thanks!", undefined],
    ['attachment.eml', 'here is an image attachment', undefined],
    [
      'html_only.eml',
      "The EC2 instance - I've seen that there tends to be odd and unrecommended settings on the Bitnami installs that I've checked out.",
      undefined,
    ],
    [
      'multipart.eml',
      'So presumably all the quoted garbage and my (proper) signature will get stripped from my reply?',
      undefined,
    ],
    ['base64_encoded_body.eml', '', 'Sent from [Proton Mail](https://proton.me/mail/home) for Android.'],
  ])('%s', async (name, markdown, elided) => {
    const result = await trimmedHtmlOf(name);
    expect(result.markdown).toBe(markdown);
    if (elided !== undefined) expect(result.elided).toBe(elided);
    else expect(result.elided).not.toBe('');
  });

  it.each([
    [
      'gmail_web.eml',
      '### This is a reply from standard GMail in Google Chrome.',
      "Here's a link http://example.com",
      'On Fri, Nov 28, 2014 at 12:35 PM, Arpit Jalan <info@discourse.org> wrote:',
    ],
    [
      'android_gmail.eml',
      '### this is a reply from Android 5 gmail',
      'This is a link to http://example.com',
      'On Nov 28, 2014 12:36 PM, "Arpit Jalan" <info@discourse.org> wrote:',
    ],
    [
      'ios_default.eml',
      '### this is a reply from iOS default mail',
      "Here's a link http://example.com",
      'On Nov 28, 2014, at 12:35 PM, Arpit Jalan <info@discourse.org> wrote:',
    ],
    [
      'windows_8_metro.eml',
      '### reply from default mail client in Windows 8.1 Metro',
      'This is a link http://example.com',
      '**From:** [Arpit Jalan](mailto:info@discourse.org)',
    ],
  ])('%s keeps the reply and elides the quoted notification', async (name, first, last, elidedStart) => {
    const { markdown, elided } = await trimmedHtmlOf(name);
    expect(markdown.startsWith(`${first}\n\nThe quick brown fox jumps over the lazy dog.`)).toBe(true);
    expect(markdown).toContain('**bold**');
    expect(markdown.endsWith(last)).toBe(true);
    expect(elided.startsWith(elidedStart)).toBe(true);
    expect(markdown).not.toContain('Previous Replies');
  });
});
