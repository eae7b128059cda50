import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { GeoService } from './geo.service';

@ApiTags('geo')
@Controller('tenants/:tenantId/geo')
export class GeoController {
  constructor(private readonly geoService: GeoService) {}
}
