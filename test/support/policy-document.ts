// A policy document (identity, key, bucket or trust policy) of the given statements, as JSON.
export const policyDocument = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
