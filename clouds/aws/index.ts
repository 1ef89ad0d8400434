export { AwsCloud, type AwsCloudOptions } from './aws-cloud.js';
export { AwsOperationError } from './errors.js';
export { MARKER_PREFIX } from './applied-marker.js';
export { ObjectLockBucket, type ObjectLockBucketOptions } from './object-lock-bucket.js';
export { awsCredentials, callerAccount, callerIdentity, type AwsCredentials, type AwsIdentityOptions } from './credentials.js';
export { listMemberAccounts, type MemberAccount } from './organizations.js';
export { seedMotoDemoEstate } from './demo-estate.js';
