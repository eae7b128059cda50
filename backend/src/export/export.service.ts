import { Injectable } from '@nestjs/common';

// TODO: streamed CSV export of usage per day or month.
@Injectable()
export class ExportService {}
