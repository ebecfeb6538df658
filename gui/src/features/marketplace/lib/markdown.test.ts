import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('README rendering', () => {
  it('renders headings, paragraphs, lists and code', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n```js\nconst a = 1 < 2;\n```');
    expect(html).toBe([
      '<h2>Title</h2>',
      '<p>Some <strong>bold</strong> and <code>code</code>.</p>',
      '<ul><li>one</li><li>two</li></ul>',
      '<pre><code>const a = 1 &lt; 2;</code></pre>',
    ].join('\n'));
  });

  it('never lets HTML or script links through', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://example.com)');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">ok</a>');
  });

  it('keeps markdown inside inline code literal', () => {
    expect(renderMarkdown('`**not bold**`')).toBe('<p><code>**not bold**</code></p>');
  });
});
