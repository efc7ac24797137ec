/**
 * A minimal Prometheus text-format (0.0.4) writer. The exporter renders its whole exposition once
 * per poll cycle and serves the cached string, so this writer favours simple string building over
 * the per-scrape object walk that prom-client does.
 */

export type MetricType = 'gauge' | 'counter';

export interface MetricDefinition {
  name: string;
  help: string;
  type: MetricType;
}

export type Labels = Readonly<Record<string, string>>;

/** Escapes a label value as the text format requires: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** Escapes HELP text: backslash and newline only. */
function escapeHelp(value: string): string {
  return value.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** Renders `{a="1",b="2"}` (or nothing for no labels), keys in the order given. */
export function renderLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += ',';
    out += `${key}="${escapeLabelValue(labels[key]!)}"`;
  }
  return out + '}';
}

/** Formats a sample value: shortest round-trip decimal, with the text format's spellings of infinities and NaN. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Collects samples grouped by family and renders them. Families appear in the order they were
 * first written to, each with one HELP and TYPE header, which keeps the output stable for golden tests.
 */
export class ExpositionBuilder {
  private readonly families = new Map<string, { definition: MetricDefinition; lines: string[] }>();

  /** Adds one sample. Families without samples are not rendered at all (no empty headers). */
  add(definition: MetricDefinition, labels: Labels, value: number): void {
    let family = this.families.get(definition.name);
    if (!family) {
      family = { definition, lines: [] };
      this.families.set(definition.name, family);
    }
    family.lines.push(`${definition.name}${renderLabels(labels)} ${formatValue(value)}`);
  }

  /** Declares a family so it renders in this position even if its samples are added later. */
  declare(definition: MetricDefinition): void {
    if (!this.families.has(definition.name)) this.families.set(definition.name, { definition, lines: [] });
  }

  get seriesCount(): number {
    let n = 0;
    for (const family of this.families.values()) n += family.lines.length;
    return n;
  }

  render(): string {
    const parts: string[] = [];
    for (const { definition, lines } of this.families.values()) {
      if (lines.length === 0) continue;
      parts.push(`# HELP ${definition.name} ${escapeHelp(definition.help)}`);
      parts.push(`# TYPE ${definition.name} ${definition.type}`);
      for (const line of lines) parts.push(line);
    }
    return parts.length === 0 ? '' : parts.join('\n') + '\n';
  }
}
