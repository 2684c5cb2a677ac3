import { rmSync } from "node:fs";
import { loadLocalConfig } from "./local-config.ts";

/** `npm run reset`: forget all local data (emulator databases, user pool, demo seed). */
const { dataDir } = loadLocalConfig();
rmSync(dataDir, { recursive: true, force: true });
console.log(`Removed ${dataDir}; the next \`npm start\` provisions and seeds from scratch.`);
