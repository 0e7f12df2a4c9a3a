// {{typeName}} scalar: this file is yours to edit.
// `gqlambda generate` writes it only when it is missing and never changes it afterwards.
import { GraphQLScalarType } from 'graphql';

{{declaration}} = new GraphQLScalarType({
  name: '{{typeName}}',
  // Your value -> what the response carries.
  serialize(_value) {
    throw new Error('Not implemented: {{typeName}}.serialize');
  },
  // A value from the request's variables (JSON) -> your value.
  parseValue(_value) {
    throw new Error('Not implemented: {{typeName}}.parseValue');
  },
  // A literal written in the query text -> your value.
  parseLiteral(_ast) {
    throw new Error('Not implemented: {{typeName}}.parseLiteral');
  },
});
{{exportAlias}}
