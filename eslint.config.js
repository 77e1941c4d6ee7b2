import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "app/generated/", "node_modules/", "test-results/", "playwright-report/", ".data/", "tests/artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", window: "readonly", document: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
    rules: {
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read the environment through app/utils/env.server.ts (getEnv).",
        },
      ],
    },
  },
  {
    // Build and tooling scripts run before the app's environment module exists.
    files: ["scripts/**", "tests/**", "*.config.*", "prisma/**", "**/*.test.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["app/utils/env.server.ts", "app/utils/db.server.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
