// An in-app question with two answers. The window's own confirm() blocks
// the webview and looks foreign; this one is keyboard-first: the safe
// answer has the focus, Escape chooses it, and Tab stays inside.
import { useEffect, useRef } from "preact/hooks";

export interface ConfirmProps {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      props.onCancel();
    } else if (event.key === "Tab") {
      const buttons = dialog.current?.querySelectorAll<HTMLButtonElement>("button");
      if (!buttons || buttons.length === 0) return;
      const first = buttons[0] as HTMLButtonElement;
      const last = buttons[buttons.length - 1] as HTMLButtonElement;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div class="dialog-backdrop" onClick={props.onCancel}>
      <div
        ref={dialog}
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        data-testid="confirm-dialog"
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="confirm-title">{props.title}</h2>
        <p id="confirm-body">{props.body}</p>
        <div class="dialog-buttons">
          <button
            type="button"
            class="button danger"
            data-testid="confirm-yes"
            onClick={props.onConfirm}
          >
            {props.confirmLabel}
          </button>
          <button
            type="button"
            class="button"
            ref={cancel}
            data-testid="confirm-no"
            onClick={props.onCancel}
          >
            {props.cancelLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
