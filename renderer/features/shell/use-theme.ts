// Light, dark, or the system's choice (prefers-color-scheme). The choice is kept in the
// desktop app's preferences when running there, else in this browser's localStorage, and
// applied as <html data-theme> so the CSS variables switch in one place.
import { useEffect } from 'react';
import { useUi, type Theme } from '../../stores/ui-store';

const STORAGE_KEY = 'foyer.theme';

function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'light' || value === 'dark';
}

async function loadSavedTheme(): Promise<Theme> {
  if (window.foyer) return (await window.foyer.getPreferences()).theme;
  const saved = localStorage.getItem(STORAGE_KEY);
  return isTheme(saved) ? saved : 'system';
}

function saveTheme(theme: Theme): void {
  if (window.foyer) void window.foyer.setPreference('theme', theme);
  else localStorage.setItem(STORAGE_KEY, theme);
}

export function useTheme(): void {
  const theme = useUi((s) => s.theme);

  useEffect(() => {
    void loadSavedTheme()
      .then((saved) => useUi.getState().setTheme(saved))
      .catch(() => undefined);
    // Save every later change (the first value is the one just loaded).
    return useUi.subscribe((state, previous) => {
      if (state.theme !== previous.theme) saveTheme(state.theme);
    });
  }, []);

  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}
