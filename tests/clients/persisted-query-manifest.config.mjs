// Apollo's persisted query manifest, made from the documents GraphQL Code Generator's client
// preset persisted (codegen.persisted.yml): one operation per entry, as Apollo Client's
// persisted query link sends them, with the `__typename`s its cache adds.
import { fromGraphQLCodegenPersistedDocuments } from '@apollo/generate-persisted-query-manifest';

export default {
  documents: fromGraphQLCodegenPersistedDocuments('./generated/persisted/persisted-documents.json'),
  output: './generated/apollo-manifest.json',
};
