import { Injectable } from '@nestjs/common';

// TODO: contacts and visitors per country and per continent.
@Injectable()
export class GeoService {}
