// A library kept in memory, for the views' tests: the fake backend's
// library commands with state, so delete → undo and rename clashes behave
// as the real store does.
import type { Backend, QueryInfo } from "../../ipc";
import { fakeBackend } from "../../testing/fakeBackend";

export interface Stored {
  info: QueryInfo;
  script: string;
}

export function query(id: number, name: string, more: Partial<QueryInfo> = {}): QueryInfo {
  return {
    id,
    name,
    description: "",
    folder: "",
    tags: [],
    updatedAt: "2025-03-01T10:00:00Z",
    deleted: false,
    ...more,
  };
}

export function libraryBackend(
  stored: Stored[],
  overrides: Partial<Backend> = {},
): Backend & { stored: Stored[] } {
  const byId = (id: number) => {
    const s = stored.find((q) => q.info.id === id);
    if (!s) throw { kind: "engine", message: `No saved query ${id}` };
    return s;
  };
  const clash = (name: string, folder: string, id: number | null) => {
    if (
      stored.some(
        (q) =>
          !q.info.deleted && q.info.id !== id && q.info.name === name && q.info.folder === folder,
      )
    ) {
      throw { kind: "engine", message: `A query named “${name}” already exists in this folder.` };
    }
  };
  let nextId = Math.max(0, ...stored.map((q) => q.info.id)) + 1;
  const backend = fakeBackend({
    libraryList: async (search) =>
      stored
        .filter((q) => !q.info.deleted)
        .filter(
          (q) =>
            !search ||
            `${q.info.name} ${q.info.description} ${q.info.tags.join(" ")} ${q.script}`
              .toLowerCase()
              .includes(search.toLowerCase()),
        )
        .map((q) => q.info),
    libraryGet: async (id) => {
      const s = byId(id);
      return { info: s.info, script: s.script };
    },
    librarySave: async (input) => {
      clash(input.name, input.folder, input.id);
      const info = query(input.id ?? nextId++, input.name, {
        description: input.description,
        folder: input.folder,
        tags: input.tags,
      });
      const at = stored.findIndex((q) => q.info.id === info.id);
      if (at >= 0) stored[at] = { info, script: input.script };
      else stored.push({ info, script: input.script });
      return info;
    },
    libraryRename: async (id, name) => {
      const s = byId(id);
      clash(name, s.info.folder, id);
      s.info = { ...s.info, name };
      return s.info;
    },
    libraryDuplicate: async (id) => {
      const s = byId(id);
      const info = { ...s.info, id: nextId++, name: `${s.info.name} (copy)` };
      stored.push({ info, script: s.script });
      return info;
    },
    libraryDelete: async (id) => {
      const s = byId(id);
      s.info = { ...s.info, deleted: true };
    },
    libraryRestore: async (id) => {
      const s = byId(id);
      s.info = { ...s.info, deleted: false };
      return s.info;
    },
    ...overrides,
  });
  return Object.assign(backend, { stored });
}
