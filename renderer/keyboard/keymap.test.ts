// @vitest-environment jsdom
// The keyboard map: single keys, `g` sequences, chords, and silence while typing.
import { describe, expect, it } from 'vitest';
import { BINDINGS, createKeyInterpreter, describeKeys, isTypingTarget, type KeyLike } from './keymap';

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: document.body,
  ...extra,
});

function commands(interpret: ReturnType<typeof createKeyInterpreter>, keys: KeyLike[]) {
  return keys.map((k) => {
    const r = interpret(k);
    return r.kind === 'command' ? r.command : r.kind;
  });
}

describe('createKeyInterpreter', () => {
  it('maps the single-key shortcuts', () => {
    const interpret = createKeyInterpreter();
    expect(
      commands(
        interpret,
        ['j', 'k', 'o', 'Enter', 'u', 'r', 'c', 'e', 'q', '/', '?'].map((k) => key(k)),
      ),
    ).toEqual([
      'next',
      'previous',
      'open',
      'open',
      'back',
      'reply',
      'compose',
      'archive',
      'quote',
      'search',
      'cheatsheet',
    ]);
  });

  it('maps g sequences to the folders', () => {
    const interpret = createKeyInterpreter();
    expect(
      commands(
        interpret,
        ['g', 'i', 'g', 's', 'g', 'a', 'g', 'd'].map((k) => key(k)),
      ),
    ).toEqual(['pending', 'go-inbox', 'pending', 'go-sent', 'pending', 'go-archive', 'pending', 'go-drafts']);
  });

  it('lets a key that does not complete a sequence act on its own', () => {
    const interpret = createKeyInterpreter();
    expect(commands(interpret, [key('g'), key('j')])).toEqual(['pending', 'next']);
  });

  it('forgets a sequence prefix after the timeout', () => {
    let clock = 0;
    const interpret = createKeyInterpreter(BINDINGS, { timeoutMs: 1000, now: () => clock });
    interpret(key('g'));
    clock = 1500;
    expect(interpret(key('i'))).toEqual({ kind: 'none' });
  });

  it('maps Ctrl+K and Cmd+K to the palette, even while typing', () => {
    const interpret = createKeyInterpreter();
    const input = document.createElement('input');
    expect(interpret(key('k', { ctrlKey: true }))).toEqual({ kind: 'command', command: 'palette' });
    expect(interpret(key('K', { metaKey: true, target: input }))).toEqual({
      kind: 'command',
      command: 'palette',
    });
  });

  it('ignores plain shortcuts while typing in inputs, text areas and rich editors', () => {
    const interpret = createKeyInterpreter();
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const editor = document.createElement('div');
    editor.setAttribute('contenteditable', 'true');
    const inner = document.createElement('p');
    editor.append(inner);
    document.body.append(editor);
    for (const target of [input, textarea, inner]) {
      expect(interpret(key('j', { target }))).toEqual({ kind: 'none' });
      expect(interpret(key('g', { target }))).toEqual({ kind: 'none' });
    }
    editor.remove();
  });

  it('ignores Alt combinations and bare modifiers', () => {
    const interpret = createKeyInterpreter();
    expect(interpret(key('j', { altKey: true }))).toEqual({ kind: 'none' });
    expect(interpret(key('Shift'))).toEqual({ kind: 'none' });
  });
});

describe('isTypingTarget', () => {
  it('treats checkboxes and buttons as not typing', () => {
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    const search = document.createElement('input');
    search.type = 'search';
    expect(isTypingTarget(search)).toBe(true);
  });
});

describe('describeKeys', () => {
  it('writes sequences and chords for people', () => {
    expect(describeKeys(['g', 'i'])).toBe('g then i');
    expect(describeKeys(['Mod+k'])).toBe('Ctrl+K');
    expect(describeKeys(['Mod+k'], true)).toBe('⌘K');
  });
});
