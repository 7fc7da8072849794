import { describe, expect, it } from 'vitest';
import { textToHtml } from '../src/rich-text';
import { htmlToText, sanitizeMessageHtml, sanitizeReplyHtml } from '../src/sanitize';

describe('htmlToText (the plain-text alternative of a reply)', () => {
  it('keeps paragraphs apart, bullets and numbers on lists, quotes marked, and a link’s address after its text', () => {
    const html =
      '<p>Hello <strong>Sam</strong>,</p><p>Two steps:</p><ol><li><p>Open <em>Settings</em></p></li><li><p>Tap Cards</p></li></ol>' +
      '<ul><li><p>one</p></li><li><p>two</p></li></ul><blockquote><p>You wrote: where is it?</p></blockquote>' +
      '<p>See <a href="https://help.example.test/refunds">our refund guide</a> or <a href="mailto:help@example.test">help@example.test</a>.</p>';
    expect(htmlToText(html)).toBe(
      [
        'Hello Sam,',
        '',
        'Two steps:',
        '',
        ' 1. Open Settings',
        ' 2. Tap Cards',
        '',
        ' * one',
        ' * two',
        '',
        '> You wrote: where is it?',
        '',
        'See our refund guide <https://help.example.test/refunds> or help@example.test.',
      ].join('\n'),
    );
  });

  it('keeps a heading’s case, decodes entities, and drops images and markup', () => {
    expect(htmlToText('<h2>Next steps</h2><p>Fish &amp; chips &lt;3<img src="cid:x" alt="logo"></p>')).toBe(
      'Next steps\n\nFish & chips <3',
    );
  });

  it('is empty for an empty editor', () => {
    expect(htmlToText('<p></p>')).toBe('');
  });
});

describe('sanitizeReplyHtml (what an agent’s reply may carry to the customer)', () => {
  it('keeps the formatting the composer makes', () => {
    const html =
      '<p><strong>b</strong> <em>i</em> <s>s</s></p><ul><li><p>x</p></li></ul><ol><li><p>y</p></li></ol><blockquote><p>q</p></blockquote>';
    expect(sanitizeReplyHtml(html)).toBe(html);
  });

  it('drops scripts, handlers, styles and javascript: links, whatever the client sent', () => {
    const out = sanitizeReplyHtml(
      '<p onclick="steal()">Hi</p><script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">click</a><iframe src="https://evil.test"></iframe><style>p{}</style>',
    );
    expect(out).not.toMatch(/script|onclick|onerror|javascript|iframe|style/i);
    expect(out).toContain('<p>Hi</p>');
    expect(out).toContain('click');
  });

  it('keeps text an agent typed that looks like a tag as text, escaped', () => {
    // The composer turns typed "<script>" into &lt;script&gt;; it must stay inert text.
    const out = sanitizeReplyHtml('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(htmlToText(out)).toBe('<script>alert(1)</script>');
  });

  it('turns links into the app (agent-only article pages) into their text, and keeps absolute links safe', () => {
    const out = sanitizeReplyHtml(
      '<p>See <a href="/knowledge/art_1">[1] Card refunds</a>, <a href="//evil.test/x">proto-relative</a>, <a href="https://bank.example.test/fees" target="_self">fees</a> and <a href="mailto:a@b.test">mail</a></p>',
    );
    expect(out).toBe(
      '<p>See <span>[1] Card refunds</span>, <span>proto-relative</span>, <a href="https://bank.example.test/fees" target="_blank" rel="noopener noreferrer nofollow">fees</a> and <a href="mailto:a@b.test" rel="noopener noreferrer nofollow" target="_blank">mail</a></p>',
    );
  });

  it('leaves internal links in notes (sanitizeMessageHtml), where only agents read them', () => {
    expect(sanitizeMessageHtml('<a href="/knowledge/art_1">[1]</a>')).toContain('href="/knowledge/art_1"');
  });
});

describe('textToHtml (a draft or macro loaded into the composer)', () => {
  const citations = [
    { title: 'Card refunds', href: '/knowledge/art_1' },
    { title: 'Fees & limits', href: '/knowledge/art_2' },
  ];

  it('links a draft’s [n] markers and source lines to the cited articles, escaping everything else', () => {
    const draft = 'Hi <Sam>,\nrefunds take 5 days [1], see also [2] and [7].\n\nSources:\n[1] Card refunds\n[2] Fees & limits';
    expect(textToHtml(draft, citations)).toBe(
      '<p>Hi &lt;Sam&gt;,<br>refunds take 5 days <a href="/knowledge/art_1">[1]</a>, see also <a href="/knowledge/art_2">[2]</a> and [7].</p>' +
        '<p>Sources:<br><a href="/knowledge/art_1">[1] Card refunds</a><br><a href="/knowledge/art_2">[2] Fees &amp; limits</a></p>',
    );
  });

  it('sends the citations as plain text in the reply, and its text part reads like the draft', () => {
    const sent = sanitizeReplyHtml(textToHtml('See [1].\n\nSources:\n[1] Card refunds', citations));
    expect(sent).not.toContain('href');
    expect(htmlToText(sent)).toBe('See [1].\n\nSources:\n[1] Card refunds');
  });

  it('makes paragraphs of a macro with no citations', () => {
    expect(textToHtml('Hello,\r\n\r\n\r\nThanks [1]\n')).toBe('<p>Hello,</p><p>Thanks [1]</p>');
  });
});
