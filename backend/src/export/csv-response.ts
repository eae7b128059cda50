import { applyDecorators, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';

import { contentDisposition, CSV_CONTENT_TYPE, ExportFileName } from './csv-format';
import { MAX_EXPORT_YEARS } from './export-range';
import { CsvDownload } from './export.service';

/** Meaning of the columns that both exports share, for their Swagger descriptions. */
export const USAGE_COLUMNS_DESCRIPTION =
  'period is YYYY-MM-DD for days and YYYY-MM for months, in the tenant\'s time zone; every period touching the range ' +
  'has a row, zeros included. words, api_requests, questions and contacts equal the timeseries endpoint for the same ' +
  'range and granularity, and count events that the rollup job has not processed yet. storage_bytes is the storage ' +
  'of all kinds at the end of the day, as the rollup job last recorded it and carried over days without a record. ' +
  'A month shows the value of its last day, or of today for the current month. It is 0 before the first record and ' +
  'for days after today.';

/** Swagger metadata of a CSV download: content type, file name header and the 400 cases. */
export function ApiCsvDownload(header: string, example: string): MethodDecorator {
  return applyDecorators(
    ApiProduces(CSV_CONTENT_TYPE),
    ApiOkResponse({
      description: `RFC 4180 CSV in UTF-8 with CRLF line ends, streamed. Header: ${header}`,
      headers: {
        'Content-Disposition': {
          description: 'attachment; filename="beyondask-usage-<tenant slug>-<from>_<to>.csv", with filename* (RFC 8187) for names beyond ASCII.',
          schema: { type: 'string' },
        },
      },
      content: { [CSV_CONTENT_TYPE]: { schema: { type: 'string' }, example } },
    }),
    ApiBadRequestResponse({
      description: `A date that is not YYYY-MM-DD or does not exist, from after to, a range over ${MAX_EXPORT_YEARS} years, or an unknown granularity or bom.`,
    }),
  );
}

/** Sets the headers of a CSV download on a HEAD request, which starts no export. */
export function csvHeaders(reply: FastifyReply, fileName: ExportFileName): StreamableFile {
  reply.header('Cache-Control', 'no-store');
  return new StreamableFile(Readable.from([]), { type: CSV_CONTENT_TYPE, disposition: contentDisposition(fileName) });
}

/**
 * Wraps a download for Nest's Fastify adapter, which pipes it into the response with backpressure,
 * and records the export's outcome when the response ends.
 */
export function csvFile(reply: FastifyReply, download: CsvDownload): StreamableFile {
  download.trackResponse(reply.raw);
  reply.header('Cache-Control', 'no-store');
  return new StreamableFile(download.stream, { type: CSV_CONTENT_TYPE, disposition: contentDisposition(download.fileName) });
}
