{{header}}// The resolver files in {{resolversDir}}, gathered into the map the handler serves.
{{leftOut}}import type { Resolvers } from '{{typesModule}}';
{{imports}}
export const resolvers: Resolvers = {
{{entries}}};
