// The one "To" field: usernames, groups and email addresses as chips, with autocomplete from the
// forum's user search. Addresses are marked "will be emailed"; entries that cannot be sent to are
// explained under the field. Keyboard: type and Enter/Tab/comma to add, arrows to pick a
// suggestion, Backspace on an empty field removes the last chip; pasting a list adds each entry.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent, type Ref } from 'react';
import type { RecipientSuggestion } from '../../api/users-search';
import { isValidEmail, looksLikeEmail, normalizeEmail } from '../../../shared/util/email-address';
import {
  addChips,
  chipFromSuggestion,
  classifyEntry,
  cleanEntry,
  isMultiEntryPaste,
  resolveChip,
  sameRecipient,
  splitEntries,
  type RecipientChip,
} from './recipient-entries';

export type RecipientSearch = (term: string, signal: AbortSignal) => Promise<RecipientSuggestion[]>;

type Option = RecipientSuggestion | { kind: 'email'; name: string; displayName: null };

type Props = {
  chips: RecipientChip[];
  onChange(chips: RecipientChip[]): void;
  search: RecipientSearch;
  inputRef?: Ref<HTMLInputElement>;
  searchDelayMs?: number;
};

const KIND_NOTE: Record<RecipientChip['kind'], string | null> = {
  email: 'will be emailed',
  group: 'group',
  user: null,
  unverified: 'checking…',
  invalid: 'cannot be sent to',
};

export function RecipientField({ chips, onChange, search, inputRef, searchDelayMs = 150 }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(-1);
  const [known, setKnown] = useState<RecipientSuggestion[]>([]);
  // Chips change while searches are in flight; completions apply to the latest list.
  const chipsRef = useRef(chips);
  chipsRef.current = chips;
  const checked = useRef(new Set<string>());

  // Suggestions for what is being typed.
  useEffect(() => {
    const term = cleanEntry(text);
    if (!term) {
      setOptions([]);
      setActive(-1);
      return;
    }
    const emailOption: Option[] =
      looksLikeEmail(term) && isValidEmail(term)
        ? [{ kind: 'email', name: normalizeEmail(term), displayName: null }]
        : [];
    setOptions(emailOption);
    setActive(emailOption.length ? 0 : -1);
    if (looksLikeEmail(term)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      search(term, controller.signal)
        .then((results) => {
          if (controller.signal.aborted) return;
          setKnown((previous) => [...previous, ...results]);
          const fresh = results.filter(
            (r) => !chipsRef.current.some((c) => sameRecipient(c, chipFromSuggestion(r))),
          );
          setOptions(fresh);
          setActive(fresh.length ? 0 : -1);
        })
        .catch(() => {
          // Offline or the forum is down: typing still works, names are checked later.
        });
    }, searchDelayMs);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [text, search, searchDelayMs]);

  // Names typed without picking a suggestion (or reopened from a draft) are checked once each.
  useEffect(() => {
    const controller = new AbortController();
    for (const chip of chips) {
      if (chip.kind !== 'unverified' || checked.current.has(chip.value.toLowerCase())) continue;
      checked.current.add(chip.value.toLowerCase());
      search(chip.value, controller.signal)
        .then((results) => {
          const resolved = resolveChip(chip, results);
          onChange(
            chipsRef.current.map((c) => (sameRecipient(c, chip) && c.kind === 'unverified' ? resolved : c)),
          );
        })
        .catch(() => {
          // Could not check (offline): the chip stays as typed and the forum validates on send.
          checked.current.delete(chip.value.toLowerCase());
        });
    }
    return () => controller.abort();
  }, [chips, search, onChange]);

  const commit = (entries: string[]) => {
    const added = entries.filter((e) => e.trim()).map((e) => classifyEntry(e, known));
    if (added.length) onChange(addChips(chips, added));
    setText('');
    setOptions([]);
    setActive(-1);
  };

  const pick = (option: Option) => {
    const chip: RecipientChip =
      option.kind === 'email' ? { value: option.name, kind: 'email' } : chipFromSuggestion(option);
    onChange(addChips(chips, [chip]));
    setText('');
    setOptions([]);
    setActive(-1);
  };

  const remove = (chip: RecipientChip) => onChange(chips.filter((c) => c !== chip));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const open = options.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOptions([]);
      setActive(-1);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey && !event.metaKey) {
      if (open && active >= 0) {
        event.preventDefault();
        pick(options[active]!);
      } else if (text.trim()) {
        if (event.key === 'Enter') event.preventDefault();
        commit([text]);
      }
    } else if (event.key === ',' || event.key === ';') {
      event.preventDefault();
      commit([text]);
    } else if (event.key === 'Backspace' && text === '' && chips.length > 0) {
      event.preventDefault();
      remove(chips[chips.length - 1]!);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text/plain') || event.clipboardData.getData('text');
    if (!isMultiEntryPaste(pasted) && !looksLikeEmail(pasted)) return;
    event.preventDefault();
    commit(splitEntries(`${text} ${pasted}`.trim()));
  };

  const problems = chips.filter((c) => c.kind === 'invalid' && c.problem);
  const listboxId = `${id}-suggestions`;
  const problemsId = `${id}-problems`;
  const optionId = (i: number) => `${id}-option-${i}`;

  return (
    <div className="recipient-field">
      <label htmlFor={`${id}-input`}>To</label>
      <div className="recipient-box">
        {chips.length > 0 && (
          <ul className="recipient-chips" aria-label="Recipients">
            {chips.map((chip) => (
              <li key={`${chip.kind}:${chip.value}`} className={`recipient-chip recipient-chip-${chip.kind}`}>
                <span className="recipient-chip-value" title={chip.displayName ?? undefined}>
                  {chip.value}
                </span>
                {KIND_NOTE[chip.kind] && (
                  <span className="recipient-chip-note"> ({KIND_NOTE[chip.kind]})</span>
                )}
                <button
                  type="button"
                  className="recipient-chip-remove"
                  aria-label={`Remove ${chip.value}`}
                  onClick={() => remove(chip)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          id={`${id}-input`}
          ref={inputRef}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={options.length > 0}
          aria-controls={listboxId}
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          aria-describedby={problems.length ? problemsId : undefined}
          aria-invalid={problems.length > 0 || undefined}
          placeholder={chips.length ? '' : 'Usernames, groups or email addresses'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => text.trim() && commit([text])}
        />
      </div>
      <ul
        id={listboxId}
        role="listbox"
        aria-label="Suggested recipients"
        className="recipient-suggestions"
        hidden={options.length === 0}
      >
        {options.map((option, i) => (
          <li
            key={`${option.kind}:${option.name}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: picking must not blur the input first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(option);
            }}
          >
            {option.kind === 'email' ? `Email ${option.name} (will be emailed)` : option.name}
            {option.displayName ? ` — ${option.displayName}` : ''}
            {option.kind === 'group' ? ' (group)' : ''}
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <ul id={problemsId} className="recipient-problems" aria-live="polite">
          {problems.map((chip) => (
            <li key={chip.value}>{chip.problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
