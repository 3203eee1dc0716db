import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateOpenApiDocument } from "./openapi.ts";

/** `npm run openapi`: regenerates docs/openapi.json after a contract change. */
const target = fileURLToPath(new URL("../../../docs/openapi.json", import.meta.url));
writeFileSync(target, await generateOpenApiDocument());
console.log(`wrote ${target}`);
