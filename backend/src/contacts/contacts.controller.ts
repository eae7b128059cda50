import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ContactsService } from './contacts.service';

@ApiTags('contacts')
@Controller('tenants/:tenantId/contacts')
export class ContactsController {
  constructor(private readonly contactsService: ContactsService) {}
}
