/**
 * The table: one row per figure, one column per cluster size, and the two-instance figure over the
 * one-instance figure (for latency lower is better; for throughput higher is).
 */
export type Figures = Partial<Record<string, number>>;

export interface Row {
  key: string;
  label: string;
  format: (value: number) => string;
  target: string;
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const rate = (v: number) => `${Math.round(v).toLocaleString('en')}/s`;
const us = (v: number) => `${Math.round(v).toLocaleString('en')} us`;
const pct = (v: number) => `${Math.round(v)}%`;

export function rows(readerCounts: number[], ingestLabel: string, eventsLabel: string): Row[] {
  const fan = readerCounts.flatMap((r) => [
    { key: `fanout${r}.local.p50`, label: `fan-out, 1 writer 100 ops/s, ${r} readers: p50, readers on the writer's instance`, format: ms, target: '' },
    { key: `fanout${r}.local.p99`, label: `fan-out, ${r} readers: p99, readers on the writer's instance`, format: ms, target: '' },
    { key: `fanout${r}.remote.p50`, label: `fan-out, ${r} readers: p50, readers on the other instance`, format: ms, target: '' },
    { key: `fanout${r}.remote.p99`, label: `fan-out, ${r} readers: p99, readers on the other instance`, format: ms, target: '' },
  ]);
  return [
    ...fan,
    { key: 'ingest.rate', label: `ingest, ${ingestLabel}: updates/s stored and acknowledged`, format: rate, target: 'scales' },
    { key: 'ingest.offered', label: 'ingest: updates/s the writers offered', format: rate, target: '' },
    { key: 'ingest.cost.instances', label: 'ingest: CPU per update, all instances together', format: us, target: '' },
    { key: 'ingest.cost.backends', label: 'ingest: CPU per update, PostgreSQL backends', format: us, target: '' },
    { key: 'ingest.commits', label: 'ingest: PostgreSQL commits per update (all instances)', format: (v: number) => v.toFixed(3), target: '' },
    { key: 'ingest.cpu.a', label: 'ingest: CPU of instance A (% of one core)', format: pct, target: '' },
    { key: 'ingest.cpu.b', label: 'ingest: CPU of instance B', format: pct, target: '' },
    { key: 'ingest.cpu.backends', label: "ingest: CPU of the run database's PostgreSQL backends", format: pct, target: '' },
    { key: 'ingest.cpu.postgresAux', label: "ingest: CPU of PostgreSQL's WAL writer, checkpointer, bgwriter (shared)", format: pct, target: '' },
    { key: 'ingest.cpu.redis', label: 'ingest: CPU of Redis (shared)', format: pct, target: '' },
    { key: 'ingest.cpu.driver', label: "ingest: CPU of the driver (the writers' clients)", format: pct, target: '' },
    { key: 'events.local.p50', label: `live events, ${eventsLabel}: p50, stream on the posting instance`, format: ms, target: '' },
    { key: 'events.local.p99', label: 'live events: p99, stream on the posting instance', format: ms, target: '< 100 ms' },
    { key: 'events.remote.p50', label: 'live events: p50, stream on the other instance', format: ms, target: '' },
    { key: 'events.remote.p99', label: 'live events: p99, stream on the other instance', format: ms, target: '< 100 ms' },
    { key: 'events.crossing.p50', label: 'live events: the other stream heard it later than the posting instance\'s, by (p50)', format: ms, target: '' },
    { key: 'events.crossing.p99', label: 'live events: ... later by (p99)', format: ms, target: '' },
  ];
}

export function table(allRows: Row[], sizes: number[], results: Record<number, Figures>): string {
  const ratio = sizes.length === 2;
  const header = ['figure', ...sizes.map((n) => (n === 1 ? '1 instance' : `${n} instances`)), ...(ratio ? [`${sizes[1]} / ${sizes[0]}`] : []), 'target'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of allRows) {
    if (!sizes.some((n) => results[n]?.[row.key] !== undefined)) continue;
    const values = sizes.map((n) => results[n]?.[row.key]);
    const cells = values.map((v) => (v === undefined || Number.isNaN(v) ? '-' : row.format(v)));
    const [first, second] = values;
    const ratios = ratio ? [first === undefined || second === undefined || !first || Number.isNaN(first + second) ? '-' : `${(second / first).toFixed(2)}x`] : [];
    lines.push(`| ${[row.label, ...cells, ...ratios, row.target].join(' | ')} |`);
  }
  return lines.join('\n');
}
