import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

import { ApiKey } from '../entities/api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Production chat widget', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Production chat widget' })
  name: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart.', example: 'bak_3f9a1c2e' })
  prefix: string;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date, description: 'When the key was revoked; null while it works.' })
  revokedAt: Date | null;

  static from(apiKey: ApiKey): ApiKeyDto {
    return Object.assign(new ApiKeyDto(), {
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      createdAt: apiKey.createdAt,
      revokedAt: apiKey.revokedAt,
    });
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The whole key. It is returned only in this response; store it now.' })
  key: string;

  static withKey(apiKey: ApiKey, key: string): CreatedApiKeyDto {
    return Object.assign(new CreatedApiKeyDto(), ApiKeyDto.from(apiKey), { key });
  }
}

export class CurrentApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  tenantId: string;

  @ApiProperty({ example: 'bak_3f9a1c2e' })
  prefix: string;
}
