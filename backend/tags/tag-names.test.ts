// Tag names cleaned as Discourse's DiscourseTagging.clean_tag cleans them.
import { describe, expect, it } from 'vitest';
import { cleanTagName, tagNameList } from './tag-names';

describe('cleanTagName', () => {
  it('lower-cases, turns spaces into single dashes and drops URL and markup characters', () => {
    expect(cleanTagName('  Billing   Questions ', 20)).toBe('billing-questions');
    expect(cleanTagName('a/b?c#d[e]f@g!h$i&j', 20)).toBe('abcdefghij');
    expect(cleanTagName('it\'s <b>"quoted"</b>', 30)).toBe('its-bquotedb');
    expect(cleanTagName('--a -- b--', 20)).toBe('a-b');
    expect(cleanTagName('v1.2.3', 20)).toBe('v123');
    expect(cleanTagName('snake_case:ok', 20)).toBe('snake_case:ok');
  });

  it('keeps letters of every script and cuts long names by characters', () => {
    expect(cleanTagName('Café Crème', 20)).toBe('café-crème');
    expect(cleanTagName('日本語 タグ', 20)).toBe('日本語-タグ');
    expect(cleanTagName('🎉🎉🎉', 2)).toBe('🎉🎉');
    expect(cleanTagName('abcdefghij-klmnop', 11)).toBe('abcdefghij');
  });

  it('cleans to nothing when nothing usable is left', () => {
    expect(cleanTagName(' /?# ', 20)).toBe('');
  });
});

describe('tagNameList', () => {
  it('takes arrays, comma lists and empty values, each name once in order', () => {
    expect(tagNameList(['B', 'a', 'b'], 'tags', 20)).toEqual(['b', 'a']);
    expect(tagNameList('x, y ,,X', 'tags', 20)).toEqual(['x', 'y']);
    expect(tagNameList('', 'tags', 20)).toEqual([]);
    expect(tagNameList(undefined, 'tags', 20)).toEqual([]);
  });

  it('refuses anything but names, saying what to send', () => {
    expect(() => tagNameList({ a: 1 }, 'watched_tags', 20)).toThrow(
      /watched_tags must be a list of tag names/,
    );
    expect(() => tagNameList([true], 'tags', 20)).toThrow(/tags must be a list of tag names/);
  });
});
