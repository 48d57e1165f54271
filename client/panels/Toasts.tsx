import { useCallback, useEffect, useRef, useState } from 'react';

/** Brief notices at the foot of the page: a refused edit, a change the server undid. */

export interface Toast {
  id: number;
  /** Toasts with the same key replace each other rather than piling up. */
  key: string;
  message: string;
  tone: 'info' | 'warn';
}

export type PushToast = (message: string, options?: { key?: string; tone?: Toast['tone']; ms?: number }) => void;

export function useToasts(): [Toast[], PushToast, (id: number) => void] {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const push = useCallback<PushToast>(
    (message, options = {}) => {
      const id = next.current++;
      const key = options.key ?? `toast-${id}`;
      setToasts((list) => {
        for (const old of list.filter((t) => t.key === key)) {
          const timer = timers.current.get(old.id);
          if (timer) clearTimeout(timer);
          timers.current.delete(old.id);
        }
        return [...list.filter((t) => t.key !== key), { id, key, message, tone: options.tone ?? 'info' }].slice(-4);
      });
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), options.ms ?? 5_000),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const timer of all.values()) clearTimeout(timer);
      all.clear();
    };
  }, []);

  return [toasts, push, dismiss];
}

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`} data-testid="toast">
          <span>{t.message}</span>
          <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
