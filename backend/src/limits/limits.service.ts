import { Injectable } from '@nestjs/common';

// TODO: monthly limits per metric, threshold alerts by email and in-app notifications.
@Injectable()
export class LimitsService {}
