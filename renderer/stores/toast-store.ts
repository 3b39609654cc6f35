// Short messages after a command: "Archived" with Undo, or why something failed. Optimistic
// commands report here instead of showing spinners (client.md: undo instead of spinners).
import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: { label: string; run(): void };
}

interface ToastState {
  toasts: Toast[];
  show(toast: Omit<Toast, 'id'>, timeoutMs?: number): number;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show(toast, timeoutMs = toast.kind === 'error' ? 10_000 : 6_000) {
    const id = nextId++;
    // At most three at a time: the newest matter.
    set((s) => ({ toasts: [...s.toasts.slice(-2), { ...toast, id }] }));
    setTimeout(() => get().dismiss(id), timeoutMs);
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const showError = (message: string) => useToasts.getState().show({ message, kind: 'error' });
