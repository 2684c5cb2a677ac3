import { createPrivacyApp } from "./app.ts";

/** The privacy service's Lambda: HTTP API routes, its EventBridge consumers, and the scheduled job. */
export const handler = createPrivacyApp().handler;
