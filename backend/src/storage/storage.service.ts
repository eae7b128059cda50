import { Injectable } from '@nestjs/common';

// TODO: storage used per kind against the tenant quota, and the largest objects.
@Injectable()
export class StorageService {}
