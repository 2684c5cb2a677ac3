import { writeDocsSite } from "./docs-site.ts";

// `npm run docs`: the build step `npm start`, `npm test` and `cdk synth` run first.
// CDK passes the folder inside the function's bundle; without an argument it is generated/docs-site.
console.log(`Docs site written to ${writeDocsSite(process.argv[2])}`);
