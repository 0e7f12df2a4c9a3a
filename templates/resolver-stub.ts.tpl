// {{typeName}} resolvers: this file is yours to edit.
// `gqlambda generate` only adds stubs for fields that are new in the schema; it never changes or
// removes your code. A field removed from the schema stays here and is reported with its
// file:line for you to delete (the type check flags it too). A deleted file is written again.
import type { {{importedType}} } from '{{typesModule}}';

{{declaration}}: {{resolversType}} = {
{{properties}}};
{{exportAlias}}
