/**
 * Writing the after-action report as a stream (docs/report-streaming.md): each format's parts
 * (src/core/report/parts.ts) go chunk by chunk into its file, the activity rows coming from a
 * `ReportSource` one at a time, so no format's text and no list of every row is ever held. The
 * files are staged and put in place together (src/io/output/file-set.ts): every one new, or every
 * one as it was.
 */
import { reportFormats, type ReportFormatName } from '../../core/report/formats.js';
import type { ActivityRow, Report } from '../../core/report/model.js';
import { replaceFilesStreamed, type Checkpoint, type FileSink } from '../output/file-set.js';

/** A report whose activity rows are produced as they are written. */
export interface ReportSource {
  /** Every part of the report but its activity rows (`activity` is empty). */
  outline: Report;
  /** What the format measured of every row before the first is written (the Markdown table's widths). */
  measured(format: ReportFormatName): unknown;
  /** The rows, in report order, each to `emit`; `pace` is awaited now and then (it may throw: stop). */
  rows(emit: (row: ActivityRow) => void, pace: Checkpoint): Promise<void>;
}

/** A report held whole in memory, as a source. */
export function memorySource(report: Report): ReportSource {
  const measured = new Map<ReportFormatName, unknown>();
  return {
    outline: { ...report, activity: [] },
    measured(format) {
      if (!measured.has(format)) {
        const measure = reportFormats[format].parts.measure();
        for (const row of report.activity) measure.add(row);
        measured.set(format, measure.result());
      }
      return measured.get(format);
    },
    async rows(emit, pace) {
      for (let i = 0; i < report.activity.length; i++) {
        emit(report.activity[i]!);
        if (i % 10_000 === 9_999) await pace();
      }
    },
  };
}

/** Render every format in `formats` into its sink, all in one pass over the rows. */
export async function renderInto(
  source: ReportSource,
  formats: readonly ReportFormatName[],
  sinks: readonly FileSink[],
  pace: Checkpoint,
): Promise<void> {
  const outline = source.outline;
  const parts = formats.map((f) => reportFormats[f].parts);
  const measured = formats.map((f) => source.measured(f));
  parts.forEach((p, k) => {
    for (const chunk of p.head(outline, measured[k])) sinks[k]!.write(chunk);
  });
  await pace();
  const rowing = parts.flatMap((p, k) =>
    p.row ? [{ row: p.row.bind(p), sink: sinks[k]!, measured: measured[k] }] : [],
  );
  let index = 0;
  await source.rows((row) => {
    for (const r of rowing) r.sink.write(r.row(row, index, r.measured));
    index++;
  }, pace);
  parts.forEach((p, k) => {
    for (const chunk of p.tail(outline, index, measured[k])) sinks[k]!.write(chunk);
  });
}

/** Write the report's files, one per format, put in place together (every one new, or every one as it was). */
export async function writeReportFiles(
  source: ReportSource,
  files: readonly { format: ReportFormatName; path: string }[],
): Promise<void> {
  await replaceFilesStreamed(
    files.map((f) => f.path),
    (sinks, checkpoint) =>
      renderInto(
        source,
        files.map((f) => f.format),
        sinks,
        checkpoint,
      ),
  );
}

/**
 * Each format's file as bytes, for a store that keeps reports itself (PostgreSQL keeps each as one
 * value): made chunk by chunk into pieces of bytes, so no text is held whole, but every file is
 * held whole as bytes while it is handed over.
 */
export async function renderToBytes(source: ReportSource, formats: readonly ReportFormatName[]): Promise<Buffer[]> {
  const sinks = formats.map(() => new ByteSink());
  await renderInto(source, formats, sinks, () => Promise.resolve());
  return sinks.map((s) => s.bytes());
}

/** Bytes gathered in pieces of about this size, each encoded into straight (see src/io/output/file-set.ts). */
const PIECE_BYTES = 4 << 20;

class ByteSink implements FileSink {
  private readonly pieces: Buffer[] = [];
  private piece = Buffer.allocUnsafe(PIECE_BYTES);
  private used = 0;

  write(text: string): void {
    if (this.used + text.length * 3 > PIECE_BYTES) this.next();
    if (text.length * 3 > PIECE_BYTES) this.pieces.push(Buffer.from(text, 'utf8'));
    else this.used += this.piece.write(text, this.used, 'utf8');
  }

  bytes(): Buffer {
    this.next();
    return Buffer.concat(this.pieces);
  }

  private next(): void {
    if (this.used === 0) return;
    this.pieces.push(this.piece.subarray(0, this.used));
    this.piece = Buffer.allocUnsafe(PIECE_BYTES);
    this.used = 0;
  }
}
