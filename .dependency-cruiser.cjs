/**
 * The doors between services. A service's `contracts/` folder is the only part of it another
 * service may import; shared code imports no service; and nothing imports itself round a cycle.
 * Tests, the local runtime, the bench and CDK wire services together and are outside the rule.
 */
module.exports = {
  forbidden: [
    {
      name: "service-through-its-contracts-only",
      comment: "Import another service only through its contracts/ folder (its published door).",
      severity: "error",
      from: { path: "^services/([^/]+)/" },
      to: {
        path: "^services/[^/]+/src/",
        pathNot: ["^services/$1/", "^services/[^/]+/src/contracts/"],
      },
    },
    {
      name: "shared-knows-no-service",
      comment: "shared/ is below every service: it may not import one.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^services/" },
    },
    {
      name: "no-import-cycles",
      comment: "A cycle means two modules are one thing split wrongly, or one of them holds a misplaced type.",
      severity: "error",
      from: { path: "^(services|shared)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|generated|test|bench|cdk.out)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
