// What a Relay app writes against callerid-graphql: a paginated list of numbers (`@connection`,
// `@refetchable` on Query) and a location card refetched through `node(id:)` (`@refetchable` on
// a Node type). relay-compiler compiles these against schema.graphql; it fails if the schema
// breaks Relay's connection or object-identification specs.
declare function graphql(strings: TemplateStringsArray): unknown;

export const numbersPage = graphql`
  query NumbersListPageQuery($locationId: ID!) {
    ...NumbersList_query @arguments(locationId: $locationId)
  }
`;

export const numbersList = graphql`
  fragment NumbersList_query on Query
  @argumentDefinitions(
    locationId: { type: "ID!" }
    count: { type: "Int", defaultValue: 20 }
    cursor: { type: "String" }
  )
  @refetchable(queryName: "NumbersListPaginationQuery") {
    availableCallerIdNumbers(locationId: $locationId, first: $count, after: $cursor)
      @connection(key: "NumbersList_availableCallerIdNumbers") {
      edges {
        node {
          phoneNumber
          state
          location {
            ...LocationCard_location
          }
          owner {
            __typename
            ... on Owner {
              id
              displayName
            }
            ... on Person {
              emails
            }
          }
        }
      }
    }
  }
`;

export const locationCard = graphql`
  fragment LocationCard_location on Location
  @refetchable(queryName: "LocationCardRefetchQuery") {
    id
    name
    timeZone
  }
`;
