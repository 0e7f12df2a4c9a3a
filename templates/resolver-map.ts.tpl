{{header}}// The resolver files in {{resolversDir}}, gathered into the map the handler serves.
import type { Resolvers } from '{{typesModule}}';
{{imports}}
export const resolvers: Resolvers = {
{{entries}}};
