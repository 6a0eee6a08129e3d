import { type HealthReport, type HealthRow, REPORT_COLUMNS, formatCell } from './report.js';

/**
 * `untangle report --html FILE`: one self-contained page (no script, no external resource) with two charts drawn
 * as inline SVG (the share migrated per directory, and how many continuations sit at each depth) and the table.
 * Chart elements carry their numbers in `data-*` attributes, so a test in a real browser can check what it drew.
 */
export function healthPage(report: HealthReport, title = 'Async health'): string {
  const rows = [...report.directories, report.total];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1d1d1f; }
  h1 { font-size: 1.4em; }
  h2 { font-size: 1.1em; margin-top: 2em; }
  table { border-collapse: collapse; }
  th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #ddd; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  tr.total td { font-weight: bold; }
  svg text { font: 12px system-ui, sans-serif; fill: #1d1d1f; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p>${String(report.total.files)} files: ${String(report.total.callbackSites)} error-first callback sites, ${String(report.total.asyncFunctions)} async functions, ${String(Math.round(report.total.migratedShare * 100))} % migrated.</p>
<h2>Share migrated per directory</h2>
${shareChart(rows)}
<h2>Continuations by nesting depth</h2>
${depthChart(report.depthHistogram)}
<h2>Per directory</h2>
${table(rows)}
${report.unreadable.length === 0 ? '' : `<h2>Files not read</h2>\n<ul>${report.unreadable.map(({ file, error }) => `<li>${escape(file)}: ${escape(error)}</li>`).join('')}</ul>`}
</body>
</html>
`;
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 400;

/** One horizontal bar per directory: the share migrated, over a grey bar for the whole. */
function shareChart(rows: readonly HealthRow[]): string {
  const height = rows.length * (BAR_HEIGHT + 6);
  const bars = rows
    .map((row, index) => {
      const y = index * (BAR_HEIGHT + 6);
      const width = Math.round(row.migratedShare * BAR_WIDTH);
      const percent = `${String(Math.round(row.migratedShare * 100))} %`;
      return [
        `<g class="share" data-directory="${escape(row.directory)}" data-share="${String(row.migratedShare)}">`,
        `<text x="0" y="${String(y + 15)}">${escape(row.directory)}</text>`,
        `<rect x="${String(LABEL_WIDTH)}" y="${String(y)}" width="${String(BAR_WIDTH)}" height="${String(BAR_HEIGHT)}" fill="#e5e5ea"/>`,
        `<rect class="migrated" x="${String(LABEL_WIDTH)}" y="${String(y)}" width="${String(width)}" height="${String(BAR_HEIGHT)}" fill="#34a853"/>`,
        `<text class="value" x="${String(LABEL_WIDTH + BAR_WIDTH + 8)}" y="${String(y + 15)}">${percent}</text>`,
        '</g>',
      ].join('');
    })
    .join('\n');
  return `<svg class="share-chart" width="${String(LABEL_WIDTH + BAR_WIDTH + 60)}" height="${String(height)}" role="img" aria-label="share migrated per directory">\n${bars}\n</svg>`;
}

const COLUMN_WIDTH = 40;
const CHART_HEIGHT = 160;

/** One vertical bar per depth, as tall as the number of continuations at that depth. */
function depthChart(histogram: readonly number[]): string {
  if (histogram.length === 0) return '<p class="depth-chart">No continuations.</p>';
  const highest = Math.max(...histogram, 1);
  const bars = histogram
    .map((count, index) => {
      const height = Math.round((count / highest) * CHART_HEIGHT);
      const x = index * (COLUMN_WIDTH + 10);
      return [
        `<g class="depth" data-depth="${String(index + 1)}" data-count="${String(count)}">`,
        `<rect x="${String(x)}" y="${String(CHART_HEIGHT - height + 20)}" width="${String(COLUMN_WIDTH)}" height="${String(height)}" fill="#4285f4"/>`,
        `<text class="value" x="${String(x + COLUMN_WIDTH / 2)}" y="${String(CHART_HEIGHT - height + 14)}" text-anchor="middle">${String(count)}</text>`,
        `<text x="${String(x + COLUMN_WIDTH / 2)}" y="${String(CHART_HEIGHT + 36)}" text-anchor="middle">depth ${String(index + 1)}</text>`,
        '</g>',
      ].join('');
    })
    .join('\n');
  return `<svg class="depth-chart" width="${String(histogram.length * (COLUMN_WIDTH + 10))}" height="${String(CHART_HEIGHT + 44)}" role="img" aria-label="continuations by nesting depth">\n${bars}\n</svg>`;
}

function table(rows: readonly HealthRow[]): string {
  const head = `<tr>${REPORT_COLUMNS.map(([, title]) => `<th>${title}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr${row.directory === 'total' ? ' class="total"' : ''}>${REPORT_COLUMNS.map(([key]) => `<td>${escape(formatCell(row, key))}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
