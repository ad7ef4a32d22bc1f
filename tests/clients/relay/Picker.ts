// The picker in Relay: a person's caller ID as a `@refetchable` fragment (Relay refetches the
// Person through `node(id:)` after the user picks), a location's people as a `@connection`, and
// the mutation whose payload `owner` is the Node Relay's store updates in place.
declare function graphql(strings: TemplateStringsArray): unknown;

export const personCallerId = graphql`
  fragment PersonCallerId_person on Person
  @refetchable(queryName: "PersonCallerIdRefetchQuery") {
    id
    displayName
    callerId {
      selected
      allowed
      shownNumber
      candidates(first: 20) {
        edges {
          node {
            phoneNumber
          }
        }
      }
    }
  }
`;

export const locationPeople = graphql`
  fragment LocationPeople_location on Location
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" })
  @refetchable(queryName: "LocationPeoplePaginationQuery") {
    people(first: $count, after: $cursor) @connection(key: "LocationPeople_people") {
      edges {
        node {
          id
          ...PersonCallerId_person
        }
      }
    }
  }
`;

export const setCallerId = graphql`
  mutation PickerRelaySetCallerIdMutation($input: SetCallerIdInput!) {
    setCallerId(input: $input) {
      changed
      owner {
        id
        # A Node may be any type: Relay exposes the Person fragment as a nullable property.
        ...PersonCallerId_person @alias
      }
    }
  }
`;

export const personEmergencyCallback = graphql`
  fragment PersonEmergencyCallback_person on Person
  @refetchable(queryName: "PersonEmergencyCallbackRefetchQuery") {
    id
    emergencyCallback {
      selected
      shownNumber
      member {
        id
        phoneNumber
      }
      candidates(first: 20) {
        edges {
          node {
            phoneNumber
            owner {
              __typename
              ... on Owner {
                id
              }
            }
          }
        }
      }
    }
  }
`;

export const setEmergencyCallback = graphql`
  mutation PickerRelaySetEmergencyCallbackMutation($input: SetEmergencyCallbackInput!) {
    setEmergencyCallback(input: $input) {
      changed
      dryRun
      owner {
        id
        ...PersonEmergencyCallback_person @alias
      }
    }
  }
`;
