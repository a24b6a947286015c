// The CodeMirror set-up shared by every editor tab. Each tab keeps its own
// EditorState (text, undo history, diagnostics), and the one EditorView
// swaps states when the user switches tabs. The document lives in CodeMirror
// only: Preact hears about a change through `onChange` and never re-renders
// on a keystroke.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { type Diagnostic, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension } from "@codemirror/state";
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder,
  rectangularSelection,
} from "@codemirror/view";
import type { CatalogTable, ScriptError } from "../../ipc";
import { type RunRequest, toDocumentPosition, wordRange } from "./script";
import { tandemSql } from "./sqlLanguage";

export interface EditorHooks {
  /** Ctrl/Cmd+Enter: the selection, or everything. */
  run(all: boolean): void;
  /** The document changed (cheap: called on every change). */
  onChange(): void;
  /** Whether the selection became empty or not. */
  onSelection(hasSelection: boolean): void;
  catalog(): readonly CatalogTable[];
}

/** Class of the underline under an error, for end-to-end tests; CodeMirror
 * adds its own `cm-lintRange-error` too. */
export const ERROR_UNDERLINE_CLASS = "error-underline";

/** The nonce Tauri gives the page's styles (see index.html), or null when
 * there is none (tests, a browser). CodeMirror adds its base theme as a
 * `<style>` element, which the CSP's `style-src 'self'` refuses without it:
 * the editor then lays out without its own styles (gutter above the text). */
function styleNonce(): string | null {
  if (typeof document === "undefined") return null;
  const style = document.getElementById("style-nonce");
  return style?.nonce || null;
}

export function editorExtensions(hooks: EditorHooks): Extension {
  const nonce = styleNonce();
  return [
    nonce ? EditorView.cspNonce.of(nonce) : [],
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ activateOnTyping: true, icons: false }),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    lintGutter(),
    placeholder(
      "-- Type a query, for example: select * from systemdivisions\n-- and press Ctrl+Enter (⌘+Enter on a Mac) to run it.",
    ),
    tandemSql(hooks.catalog),
    keymap.of([
      { key: "Mod-Enter", run: () => (hooks.run(false), true), preventDefault: true },
      { key: "Shift-Mod-Enter", run: () => (hooks.run(true), true), preventDefault: true },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...completionKeymap,
      ...lintKeymap,
      indentWithTab,
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) hooks.onChange();
      if (update.selectionSet || update.docChanged) {
        hooks.onSelection(!update.state.selection.main.empty);
      }
    }),
    EditorView.contentAttributes.of({ "aria-label": "SQL script" }),
    EditorView.lineWrapping,
  ];
}

export function newEditorState(doc: string, extensions: Extension): EditorState {
  return EditorState.create({ doc, extensions });
}

/** What Run sends: the main selection when it is not empty, else all. */
export function runRequest(state: EditorState, all: boolean): RunRequest {
  const range = state.selection.main;
  if (all || range.empty) {
    return { script: state.doc.toString(), from: 0, line: 1, column: 1, selection: false };
  }
  const line = state.doc.lineAt(range.from);
  return {
    script: state.sliceDoc(range.from, range.to),
    from: range.from,
    line: line.number,
    column: range.from - line.from + 1,
    selection: true,
  };
}

/** A run's errors as diagnostics at their place in the document. Errors
 * without a position have no place to underline; they show in the
 * messages only. */
export function errorDiagnostics(
  state: EditorState,
  request: RunRequest,
  errors: readonly ScriptError[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const at = errorOffset(state, request, error);
    if (!at) continue;
    out.push({
      from: at.from,
      to: at.to,
      severity: "error",
      message: error.message,
      source: error.kind,
      markClass: ERROR_UNDERLINE_CLASS,
    });
  }
  return out;
}

/** The document range of an error, or null when it has no line. */
export function errorOffset(
  state: EditorState,
  request: Pick<RunRequest, "line" | "column">,
  error: Pick<ScriptError, "line" | "column">,
): { from: number; to: number } | null {
  if (error.line === null) return null;
  const pos = toDocumentPosition(request, error.line, error.column ?? 1);
  if (pos.line < 1 || pos.line > state.doc.lines) return null;
  const line = state.doc.line(pos.line);
  const range = wordRange(line.text, pos.column);
  return { from: line.from + range.from, to: line.from + range.to };
}

/** Underlines the errors and puts the cursor on the first one. */
export function showErrors(view: EditorView, diagnostics: readonly Diagnostic[]): void {
  const spec = setDiagnostics(view.state, diagnostics);
  const first = diagnostics[0];
  view.dispatch(
    first ? { ...spec, selection: { anchor: first.from }, scrollIntoView: true } : spec,
  );
}

export function clearErrors(view: EditorView): void {
  view.dispatch(setDiagnostics(view.state, []));
}
