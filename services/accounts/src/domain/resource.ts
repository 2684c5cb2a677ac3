/** Something an account owns that members reach at a level (an application, a pixel, a project). */
export interface Resource {
  accountId: string;
  resourceId: string;
  type: "application" | "pixel" | "project";
  name: string;
  settings?: Record<string, unknown>;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}
