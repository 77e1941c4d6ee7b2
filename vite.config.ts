import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Future {
    v3_singleFetch: true;
  }
}

const serverOnlyPackages = ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "@node-rs/jieba", "@prisma/client", "@prisma/adapter-pg", "pg"];

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  build: { target: "es2022" },
  // Server-only packages: the dev dependency scanner must not try to bundle them for the browser.
  optimizeDeps: { exclude: serverOnlyPackages },
  ssr: {
    // Native and WASM packages stay outside the server bundle and load from node_modules.
    external: serverOnlyPackages,
  },
});
