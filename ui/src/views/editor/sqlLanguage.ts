// The editor's understanding of Tandem's dialect (shared/SQL_DIALECT.md):
// SQLite's grammar from @codemirror/lang-sql with Invantive's words added,
// plus marks for what the grammar cannot know — `@alias` after a table name,
// `${VAR}` substitutions and the free text after `local remark` — and
// completion of table and column names from the engine's catalog.
import { SQLDialect, SQLite, keywordCompletionSource } from "@codemirror/lang-sql";
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import type { Extension } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  type ViewUpdate,
} from "@codemirror/view";
import type { CatalogTable } from "../../ipc";

/** Words Tandem adds to SQLite's: local commands, `use`, `synchronize`
 * and its clauses, `explain`. */
const TANDEM_KEYWORDS =
  "local define undefine remark on error continue default export results format include headers " +
  "use synchronize sync identified ignore changes nulls exit after first errors explain " +
  "set or update insert delete with to from all";

export const tandemDialect = SQLDialect.define({
  ...SQLite.spec,
  keywords: `${SQLite.spec.keywords ?? ""} ${TANDEM_KEYWORDS}`,
  // `$` is left to the ${VAR} mark; `@` starts an alias (`accounts@eol`).
  specialVar: "@:?",
});

const aliasMark = Decoration.mark({ class: "cm-sql-alias" });
const variableMark = Decoration.mark({ class: "cm-sql-variable" });
const remarkMark = Decoration.mark({ class: "cm-sql-remark" });

// MatchDecorator only looks at the visible lines, so a 10 MB script costs
// no more than a short one.
const marks = new MatchDecorator({
  regexp: /(@[A-Za-z_][\w]*)|(\$\{[^}\n]*\})|(^[ \t]*local[ \t]+remark\b)([^\n]*)/gi,
  decorate: (add, from, _to, match) => {
    if (match[1]) add(from, from + match[1].length, aliasMark);
    else if (match[2]) add(from, from + match[2].length, variableMark);
    else if (match[3] !== undefined && match[4]) {
      const start = from + match[3].length;
      add(start, start + match[4].length, remarkMark);
    }
  },
});

const tandemMarks = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = marks.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = marks.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Colours come from CSS variables (editor.css), so the light and dark
 * themes need no second style. */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--cm-keyword)", fontWeight: "600" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--cm-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--cm-number)" },
  { tag: tags.comment, color: "var(--cm-comment)", fontStyle: "italic" },
  { tag: [tags.typeName, tags.standard(tags.name)], color: "var(--cm-type)" },
  { tag: tags.special(tags.name), color: "var(--cm-alias)" },
  { tag: tags.operator, color: "var(--cm-operator)" },
]);

/** Where a name being typed starts: names may hold `.` and `@`. */
const NAME_BEFORE = /[\w.@$]*$/;
const STATEMENT_WINDOW = 20_000;

/** The completion source for catalog tables and their columns. It reads the
 * catalog through `get`, so a catalog that arrives (or changes after a
 * `create table`) needs no editor reconfiguration. */
export function catalogCompletion(get: () => readonly CatalogTable[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const before = context.matchBefore(NAME_BEFORE);
    if (!before || (before.from === before.to && !context.explicit)) return null;
    const catalog = get();
    if (catalog.length === 0) return null;
    const typed = before.text;
    const dot = typed.lastIndexOf(".");
    // `a.` (a table alias or name, one dot): offer columns after the dot.
    if (dot > 0 && typed.charAt(dot - 1) !== ".") {
      const columns = columnsNear(context, catalog);
      return {
        from: before.from + dot + 1,
        options: columns,
        validFor: /^\w*$/,
      };
    }
    const options: Completion[] = catalog.map((table) => ({
      label: table.name,
      type: "class",
      detail: table.columns.length ? `${table.columns.length} columns` : undefined,
      info: table.description || undefined,
      boost: 1,
    }));
    // Columns of the tables this statement names, so `select co` offers `code`.
    options.push(...columnsNear(context, catalog));
    return { from: before.from, options, validFor: /^[\w.@$]*$/ };
  };
}

/** Columns of the catalog tables named near the cursor (the text around
 * it, not the whole document: a pasted 10 MB script stays cheap). */
function columnsNear(context: CompletionContext, catalog: readonly CatalogTable[]): Completion[] {
  const doc = context.state.doc;
  const text = doc
    .sliceString(
      Math.max(0, context.pos - STATEMENT_WINDOW),
      Math.min(doc.length, context.pos + STATEMENT_WINDOW),
    )
    .toLowerCase();
  const seen = new Set<string>();
  const out: Completion[] = [];
  for (const table of catalog) {
    const name = table.name.toLowerCase();
    const short = shortName(name);
    if (!text.includes(name) && !new RegExp(`\\b${escapeRegExp(short)}\\b`).test(text)) continue;
    for (const column of table.columns) {
      const key = column.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ label: column, type: "property", detail: short, boost: 2 });
    }
  }
  return out;
}

/** `exactonlinerest..accounts` → `accounts`; `t@inmemorystorage` → `t`. */
export function shortName(name: string): string {
  const withoutAlias = name.split("@")[0] ?? name;
  const parts = withoutAlias.split(".");
  return parts[parts.length - 1] || withoutAlias;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The language, its marks and highlighting, and completion sources. */
export function tandemSql(catalog: () => readonly CatalogTable[]): Extension {
  return [
    tandemDialect.extension,
    tandemDialect.language.data.of({ autocomplete: catalogCompletion(catalog) }),
    tandemDialect.language.data.of({ autocomplete: keywordCompletionSource(tandemDialect) }),
    tandemMarks,
    syntaxHighlighting(highlight),
  ];
}
