// What the Run button sends, and how the engine's error positions map back
// into the document. Pure functions so the run flow can be tested without a
// browser: the part of a script that runs may be a selection, and the
// engine counts lines and columns from the start of what it was given.

/** The text to run and where it starts in the document. */
export interface RunRequest {
  script: string;
  /** Document offset of the script's first character. */
  from: number;
  /** 1-based document line of the script's first character. */
  line: number;
  /** 1-based column of the script's first character on that line. */
  column: number;
  /** True when only the selection runs. */
  selection: boolean;
}

/** Why a script is not worth sending, in words for the user; null when it is. */
export function nothingToRun(script: string, selection: boolean): string | null {
  const what = selection ? "The selection" : "The script";
  if (script.trim() === "") {
    return selection
      ? "Nothing to run: the selection is empty."
      : "Nothing to run: the script is empty. Type a query, for example: select * from systemdivisions";
  }
  if (!hasCode(script)) return `Nothing to run: ${what.toLowerCase()} holds only comments.`;
  return null;
}

/** True when the text holds anything other than whitespace and comments
 * (`-- to end of line`, `/* ... *\/`). Quoted text counts as code, so a
 * `'--'` inside a string is not taken for a comment. */
export function hasCode(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const end = text.indexOf("\n", i);
      if (end < 0) return false;
      i = end + 1;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return false; // an unterminated comment runs to the end
      i = end + 2;
      continue;
    }
    return true;
  }
  return false;
}

/** 1-based line and column of a document offset. */
export function lineColumnAt(doc: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = doc.indexOf("\n"); i >= 0 && i < offset; i = doc.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Maps a 1-based position in the script that ran to one in the document. */
export function toDocumentPosition(
  request: Pick<RunRequest, "line" | "column">,
  line: number,
  column: number,
): { line: number; column: number } {
  if (line <= 1) return { line: request.line, column: request.column + column - 1 };
  return { line: request.line + line - 1, column };
}

const WORD = /[\w$@.{}]/;

/** The range to underline for an error at (1-based) `column` of a line:
 * the word that starts there, or one character when there is no word, or
 * the line's last character when the column is past its end. Offsets are
 * relative to the line's start. */
export function wordRange(lineText: string, column: number): { from: number; to: number } {
  if (lineText.length === 0) return { from: 0, to: 0 };
  let from = Math.max(0, Math.min(column - 1, lineText.length - 1));
  if (column - 1 >= lineText.length) return { from, to: lineText.length };
  let to = from;
  while (to < lineText.length && WORD.test(lineText.charAt(to))) to++;
  if (to === from) {
    // Not on a word: underline the next word on the line, if the engine
    // pointed at the whitespace before it, otherwise the character itself.
    let next = from;
    while (next < lineText.length && /\s/.test(lineText.charAt(next))) next++;
    if (next < lineText.length && next > from) {
      from = next;
      to = next;
      while (to < lineText.length && WORD.test(lineText.charAt(to))) to++;
      if (to === from) to = from + 1;
    } else {
      to = from + 1;
    }
  }
  return { from, to };
}
