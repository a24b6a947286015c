import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "node_modules"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: globals.browser },
    rules: {
      // Only src/ipc may talk to the backend; components go through it.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/api", "@tauri-apps/api/*"],
              message: "Call the backend through src/ipc only.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/ipc/index.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
