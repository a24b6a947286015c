// The library's dialogs share one frame: modal, labelled by its heading,
// Escape closes it, Tab stays inside, and the focus goes back where it was.
// It looks like the editor's ConfirmDialog (same classes) but holds a form.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

let nextId = 1;

export function Modal(props: {
  title: string;
  testid: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useRef(`lib-dialog-${nextId++}`).current;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>(
      "[data-autofocus], input, select, textarea, button",
    );
    first?.focus();
    return () => previous?.focus?.();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
    } else if (event.key === "Tab") {
      const focusable = [
        ...(box.current?.querySelectorAll<HTMLElement>(
          "input, select, textarea, button, [tabindex='0']",
        ) ?? []),
      ].filter((el) => !(el as HTMLButtonElement).disabled);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
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
    <div class="dialog-backdrop" onClick={props.onClose}>
      <div
        ref={box}
        class={`dialog lib-dialog${props.wide ? " wide" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={props.testid}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
