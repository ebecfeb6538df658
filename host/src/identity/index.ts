/** Identification points: which profile fields identify a person; identity resolution and merge keys on /track. */
export { createIdentityService, IDENTITY_CHANNEL, type IdentityService, type IdentityServiceOptions, type EventIdentity } from './service.ts';
export { IdentificationPoint, IdentificationPointInput, IdentificationField } from './point.schema.ts';
export { identityResolution, mergeKeys, identifiedProfileId, type MergeKeyed } from './stages.ts';
export { identificationId, profileIdentificationIds, normaliseValue, IDENTIFICATION_ID_PREFIX } from './internal/keys.ts';
export { identificationPointRoutes } from './identification-points.route.ts';
