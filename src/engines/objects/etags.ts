// ETags as S3 stores them (quoted, `"<hex>"` or `"<hex>-<parts>"`) and as requests and error
// documents name them: CompleteMultipartUpload accepts a part's ETag with or without its
// quotes, and S3's error fields name it without them.

/** The ETag without its quotes (and whitespace); either quote may be missing, as clients send them back. */
export const unquoteEtag = (etag: string): string => etag.trim().replace(/^"|"$/g, '');
