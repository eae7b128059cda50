import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

import { metricProblem } from './dto/limit.dto';
import { LimitMetric } from './limit-metrics';

/** Rejects a `:metric` path parameter that is not a limit metric with 400. */
@Injectable()
export class ParseLimitMetricPipe implements PipeTransform<string, LimitMetric> {
  transform(value: string): LimitMetric {
    const problem = metricProblem(value);
    if (problem) throw new BadRequestException(problem);
    return value as LimitMetric;
  }
}
