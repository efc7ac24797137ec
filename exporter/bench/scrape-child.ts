/** Runs one scrape measurement in a fresh process, so its RSS is that size's alone; prints JSON. */
import { benchScrape } from './scrape.js';

const series = Number(process.argv[2] ?? 10_000);
const figures = await benchScrape(series);
process.stdout.write(JSON.stringify(figures) + '\n');
process.exit(0);
