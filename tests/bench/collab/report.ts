/**
 * The table: one row per figure, one column per server, and Accord's ratio to the bare relay measured
 * in the same run beside the target (issue 13).
 */
import { LABELS, type ServerName } from './servers.js';

export interface Row {
  key: string;
  label: string;
  /** Formats one server's figure. */
  format: (value: number) => string;
  /** The target, as printed; `ratio` says whether it is a ratio to the relay or absolute. */
  target: string;
  ratio: boolean;
}

export type Figures = Partial<Record<string, number>>;

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const us = (v: number) => `${Math.round(v).toLocaleString('en')} us`;
const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
const count = (v: number) => v.toFixed(2);
const rate = (v: number) => `${Math.round(v).toLocaleString('en')}/s`;

export function rows(readerCounts: number[], sockets: number, documents: number): Row[] {
  const fan = readerCounts.flatMap((r) => [
    { key: `fanout${r}.p50`, label: `fan-out, 1 writer 100 ops/s, ${r} readers: p50`, format: ms, target: '<= 1.0x', ratio: true },
    { key: `fanout${r}.p99`, label: `fan-out, ${r} readers: p99`, format: ms, target: '<= 1.0x', ratio: true },
    { key: `fanout${r}.cpu`, label: `fan-out, ${r} readers: server CPU per op`, format: us, target: '<= 1.0x', ratio: true },
    { key: `fanout${r}.system`, label: `fan-out, ${r} readers: of which system CPU`, format: us, target: '', ratio: true },
    { key: `fanout${r}.p50.durable`, label: `fan-out, ${r} readers: p50 beside the relay's plus one bare commit's wall time (floor below)`, format: ms, target: '', ratio: true },
    { key: `fanout${r}.cpu.durable`, label: `fan-out, ${r} readers: CPU per op beside the relay's plus one bare commit's`, format: us, target: '', ratio: true },
    { key: `fanout${r}.commits`, label: `fan-out, ${r} readers: commits per op`, format: count, target: '', ratio: false },
  ]);
  return [
    ...fan,
    { key: 'ingest.cpu', label: 'ingest, 20 docs x 2,000 updates: server CPU per update', format: us, target: '<= 0.6x', ratio: true },
    { key: 'ingest.system', label: 'ingest: of which system CPU', format: us, target: '', ratio: true },
    { key: 'ingest.commits', label: 'ingest: commits per update', format: count, target: '', ratio: false },
    { key: 'ingest.rate', label: 'ingest: updates/s (all stored and acknowledged)', format: rate, target: '', ratio: true },
    { key: 'ingest.loop', label: 'ingest: server event-loop delay p99', format: ms, target: '< 10 ms', ratio: false },
    { key: 'connect.time', label: `connect ${sockets.toLocaleString('en')} sockets over ${documents} docs: until all synced`, format: s, target: '<= 1.5x', ratio: true },
    { key: 'connect.cpu', label: 'connect: server CPU per socket', format: us, target: '', ratio: true },
    { key: 'connect.rss', label: 'connect: server RSS per socket', format: kb, target: '<= 8 KB', ratio: false },
    { key: 'connect.heap', label: 'connect: server heapUsed per socket (after gc)', format: kb, target: '<= 8 KB', ratio: false },
    { key: 'open.time', label: 'open a 20,000-update document after everyone left', format: ms, target: '< 50 ms', ratio: false },
  ];
}

export function table(allRows: Row[], servers: ServerName[], results: Partial<Record<ServerName, Figures>>): string {
  const accords = servers.filter((n) => n.startsWith('accord'));
  const header = ['figure', ...servers.map((n) => LABELS[n]), ...accords.map((n) => `${LABELS[n]} / relay`), 'target'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of allRows) {
    if (!servers.some((n) => results[n]?.[row.key] !== undefined)) continue;
    const cells = servers.map((n) => {
      const v = results[n]?.[row.key];
      return v === undefined || Number.isNaN(v) ? '-' : row.format(v);
    });
    const relay = results.relay?.[row.key];
    const ratios = accords.map((n) => {
      const v = results[n]?.[row.key];
      return v === undefined || relay === undefined || !relay ? '-' : `${(v / relay).toFixed(2)}x`;
    });
    lines.push(`| ${[row.label, ...cells, ...ratios, row.target].join(' | ')} |`);
  }
  return lines.join('\n');
}
