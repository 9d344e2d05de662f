/** `npx tsx scripts/crawler-report-schema.ts`: regenerate docs/crawler-report.schema.json from the report's zod schema. */
import { writeFileSync } from 'node:fs';
import { scanReportJsonSchema } from '../src/crawler/report/report-schema.js';

writeFileSync(new URL('../docs/crawler-report.schema.json', import.meta.url), `${JSON.stringify(scanReportJsonSchema(), null, 2)}\n`);
console.log('docs/crawler-report.schema.json updated');
