// The keyboard map (client.md §9) as data, and the pure logic that turns keydown events into
// command ids: single keys, two-key sequences (`g i`), and Ctrl/Cmd chords. No DOM access
// beyond reading an event's target, so it is unit-tested without a page.

export type CommandId =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'reply'
  | 'compose'
  | 'archive'
  | 'quote'
  | 'search'
  | 'cheatsheet'
  | 'palette'
  | 'go-inbox'
  | 'go-sent'
  | 'go-archive'
  | 'go-drafts'
  | 'toggle-theme';

export interface Binding {
  command: CommandId;
  /** Key tokens in order: ['g', 'i'] is "g then i"; 'Mod+k' is Ctrl+K (Cmd+K on a Mac). */
  keys: readonly string[];
  /** Also active while typing in a field (only chords, which never type text). */
  whileTyping?: boolean;
}

export const BINDINGS: readonly Binding[] = [
  { command: 'next', keys: ['j'] },
  { command: 'previous', keys: ['k'] },
  { command: 'open', keys: ['o'] },
  { command: 'open', keys: ['Enter'] },
  { command: 'back', keys: ['u'] },
  { command: 'reply', keys: ['r'] },
  { command: 'compose', keys: ['c'] },
  { command: 'archive', keys: ['e'] },
  { command: 'quote', keys: ['q'] },
  { command: 'search', keys: ['/'] },
  { command: 'cheatsheet', keys: ['?'] },
  { command: 'palette', keys: ['Mod+k'], whileTyping: true },
  { command: 'go-inbox', keys: ['g', 'i'] },
  { command: 'go-sent', keys: ['g', 's'] },
  { command: 'go-archive', keys: ['g', 'a'] },
  { command: 'go-drafts', keys: ['g', 'd'] },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target?: EventTarget | null;
}

/** One token per keypress: the key itself, or 'Mod+x' for Ctrl/Cmd chords. Alt combinations are not ours. */
export function keyToken(event: KeyLike): string | null {
  if (event.altKey) return null;
  if (['Shift', 'Control', 'Meta', 'Alt', 'CapsLock'].includes(event.key)) return null;
  if (event.ctrlKey || event.metaKey) return `Mod+${event.key.toLowerCase()}`;
  return event.key;
}

/** True when a keypress would type text: inputs, text areas, selects and rich editors. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable || element.closest('[contenteditable]:not([contenteditable="false"])'))
    return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return false;
}

/** How a binding is written for people: "g then i", "Ctrl+K" (or "⌘K" on a Mac). */
export function describeKeys(keys: readonly string[], mac = false): string {
  return keys
    .map((token) =>
      token.startsWith('Mod+') ? `${mac ? '⌘' : 'Ctrl+'}${token.slice(4).toUpperCase()}` : token,
    )
    .join(' then ');
}

export type Interpretation = { kind: 'command'; command: CommandId } | { kind: 'pending' } | { kind: 'none' };

const startsWith = (keys: readonly string[], prefix: readonly string[]) =>
  prefix.length <= keys.length && prefix.every((token, i) => keys[i] === token);

/**
 * A stateful interpreter: feed it every keydown; it answers with a command, 'pending' (the
 * first key of a sequence), or nothing. A sequence expires after `timeoutMs`.
 */
export function createKeyInterpreter(
  bindings: readonly Binding[] = BINDINGS,
  options: { timeoutMs?: number; now?: () => number } = {},
) {
  const timeoutMs = options.timeoutMs ?? 1500;
  const now = options.now ?? (() => Date.now());
  let prefix: string[] = [];
  let prefixAt = 0;

  function match(sequence: string[], typing: boolean): Interpretation {
    const candidates = bindings.filter((b) => (!typing || b.whileTyping) && startsWith(b.keys, sequence));
    const exact = candidates.find((b) => b.keys.length === sequence.length);
    if (exact) {
      prefix = [];
      return { kind: 'command', command: exact.command };
    }
    if (candidates.length > 0) {
      prefix = sequence;
      prefixAt = now();
      return { kind: 'pending' };
    }
    prefix = [];
    return { kind: 'none' };
  }

  return function interpret(event: KeyLike): Interpretation {
    const token = keyToken(event);
    if (token === null) return { kind: 'none' };
    const typing = isTypingTarget(event.target);
    if (prefix.length > 0 && now() - prefixAt > timeoutMs) prefix = [];
    if (prefix.length > 0) {
      const result = match([...prefix, token], typing);
      // "g x" is no sequence: let x stand on its own.
      if (result.kind !== 'none') return result;
    }
    return match([token], typing);
  };
}
