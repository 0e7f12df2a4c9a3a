// {{typeName}} scalar: this file is yours to edit.
// `gqlambda generate` writes it only when it is missing and never changes it afterwards. The config
// maps {{typeName}} to `{{tsType}}`, so this starts as a plain {{tsType}}: add your own validation.
import { GraphQLScalarType, Kind } from 'graphql';

function check{{typeName}}(value: unknown): {{tsType}} {
  if (typeof value !== '{{tsType}}') throw new TypeError(`{{typeName}} must be a {{tsType}}, got ${typeof value}.`);
  return value;
}

{{declaration}} = new GraphQLScalarType<{{tsType}}, {{tsType}}>({
  name: '{{typeName}}',
  serialize: check{{typeName}},
  parseValue: check{{typeName}},
  parseLiteral(ast) {
    if ({{literalTest}}) throw new TypeError('{{typeName}} must be a {{tsType}} literal.');
    return {{literalValue}};
  },
});
{{exportAlias}}
