import { Injectable } from '@nestjs/common';

// TODO: contacts collected per month, each counted once in the month of its first capture.
@Injectable()
export class ContactsService {}
