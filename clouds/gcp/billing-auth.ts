import { GoogleAuth } from 'google-auth-library';
import type { RequestSigner } from '../pricing/index.js';

/**
 * Application Default Credentials for the Cloud Billing Catalog API. The catalog is public to any
 * authenticated principal, so the worker's own credentials need no role for it.
 */
export function billingCatalogAuth(): RequestSigner {
  return new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-billing.readonly'] });
}
