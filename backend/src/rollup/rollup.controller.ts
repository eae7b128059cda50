import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { Auth } from '../auth/decorators/access.decorators';
import { RollupService } from './rollup.service';

export class RollupResultDto {
  @ApiProperty({ description: 'Raw events read to recompute the changed days.' })
  processedEvents: number;

  @ApiProperty({ description: 'Duration of the run in milliseconds, waiting for another instance excluded.' })
  durationMs: number;
}

@ApiTags('rollups')
@Controller('admin/rollups')
@Auth('platform_admin')
export class RollupController {
  constructor(private readonly rollupService: RollupService) {}

  @Post('run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run the rollup now and return when it is done' })
  @ApiOkResponse({ type: RollupResultDto })
  async run(): Promise<RollupResultDto> {
    return (await this.rollupService.run({ wait: true })) as RollupResultDto;
  }
}
