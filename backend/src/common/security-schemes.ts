/** Names of the OpenAPI security schemes, referenced by the access decorators. */
export const BEARER_SECURITY = 'bearer';
export const API_KEY_SECURITY = 'api-key';
