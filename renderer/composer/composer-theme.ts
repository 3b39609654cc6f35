// Class names Lexical puts on what it renders; composer.css styles them.
import type { EditorThemeClasses } from 'lexical';

export const composerTheme: EditorThemeClasses = {
  paragraph: 'composer-p',
  quote: 'composer-blockquote',
  heading: {
    h1: 'composer-h1',
    h2: 'composer-h2',
    h3: 'composer-h3',
    h4: 'composer-h4',
    h5: 'composer-h5',
    h6: 'composer-h6',
  },
  list: {
    ul: 'composer-ul',
    ol: 'composer-ol',
    listitem: 'composer-li',
    nested: { listitem: 'composer-li-nested' },
  },
  link: 'composer-link',
  code: 'composer-code-block',
  text: {
    bold: 'composer-bold',
    italic: 'composer-italic',
    code: 'composer-code',
    strikethrough: 'composer-strike',
  },
};
