/**
 * The object-store side of a site's backups: the user each site gets at the hub store
 * and the S3 bucket policy that confines it to the site's own location. Pure: the
 * store admin (or their automation) creates the users from `npm run backup-policies`.
 *
 * Velero (AWS plugin) lists the location (`ListBucket` with prefix `<prefix>/`, the
 * backup sync and the kopia repository under `<prefix>/kopia/`), reads, writes and
 * deletes objects there (backups, their logs and results, repository blobs, garbage
 * collection of expired backups), and aborts its own multipart uploads. Nothing else:
 * no other prefix, no bucket configuration, no other bucket.
 */

/** A site's location in the store, `{site}` replaced. */
export interface SiteLocation {
  readonly bucket: string;
  /** Key prefix without leading or trailing `/`. */
  readonly prefix: string;
}

/** The user name a site gets at the store. */
export function storeUserName(site: string): string {
  return `edge-backup-${site}`;
}

/** The IAM-style policy (AWS, MinIO, Ceph RGW and most S3-compatible stores read it) of one site. */
export function siteStorePolicy(location: SiteLocation): Record<string, unknown> {
  const bucketArn = `arn:aws:s3:::${location.bucket}`;
  const own = `${location.prefix}/`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'FindTheBucket', Effect: 'Allow', Action: ['s3:GetBucketLocation'], Resource: [bucketArn] },
      { Sid: 'ListOwnLocation', Effect: 'Allow', Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: [bucketArn], Condition: { StringLike: { 's3:prefix': [own, `${own}*`] } } },
      {
        Sid: 'OwnObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: [`${bucketArn}/${own}*`],
      },
    ],
  };
}

/** True when an S3 wildcard pattern (`*` any run, `?` one character) matches a value. */
export function s3Matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return regex.test(value);
}

/** Whether a policy allows an action on an object key (or, with `key` undefined, a list of `listPrefix`). */
export function policyAllows(policy: Record<string, unknown>, action: string, bucket: string, key: string | undefined, listPrefix?: string): boolean {
  const statements = (policy.Statement ?? []) as ReadonlyArray<{ Effect: string; Action: readonly string[]; Resource: readonly string[]; Condition?: { StringLike?: Record<string, readonly string[]> } }>;
  const resource = key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
  return statements.some((st) => {
    if (st.Effect !== 'Allow' || !st.Action.includes(action) || !st.Resource.some((r) => s3Matches(r, resource))) return false;
    const prefixes = st.Condition?.StringLike?.['s3:prefix'];
    return prefixes === undefined || (listPrefix !== undefined && prefixes.some((p) => s3Matches(p, listPrefix)));
  });
}
