import { Injectable } from '@nestjs/common';

// TODO: summary, timeseries and live stream of words, API requests and questions, read from the rollup snapshots.
@Injectable()
export class UsageService {}
