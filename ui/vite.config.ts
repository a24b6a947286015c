import { defineConfig } from "vitest/config";

// Preact needs no Vite plugin: TypeScript's automatic JSX runtime points at
// preact (tsconfig `jsxImportSource`), and esbuild/oxc honour it.
export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The CSP allows no inline script; the preload polyfill would be one.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    // Components' stylesheets stay empty in tests, but a test may import one
    // `?raw` to check a layout rule jsdom can compute (e.g. what ellipsizes).
    css: { include: [/\.css\?raw$/] },
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
